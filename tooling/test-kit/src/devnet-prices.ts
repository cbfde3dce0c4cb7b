// The devnet's economics (packages/devnet/src/node/payments/devnet-pricing.ts, after the reference devnet),
// restated because the layers that use this kit may not import @nillion/devnet.

/** What every paid operation costs: 100 credits, or 1 NIL on chain. */
export const PRICE = { tokens: 1_000_000n, credits: 100n } as const;

/** Credits per NIL added to a balance: NIL at $1, a credit is a US cent. */
export const CREDITS_PER_NIL = 100n;

/** The smallest add-funds payment the leader advertises, in unil (one credit's worth). */
export const MINIMUM_ADD_FUNDS_UNIL = 10_000n;

/** How long quotes, receipts and balances last. */
export const LIFETIMES = {
  quoteMs: 24 * 60 * 60 * 1000,
  receiptMs: 24 * 60 * 60 * 1000,
  balanceMs: 365 * 24 * 60 * 60 * 1000,
} as const;

const UNIL_PER_NIL = 1_000_000n;

/**
 * Credits bought by an add-funds payment, rounded up as the leader does: a started credit counts.
 *
 * @example
 * ```ts
 * creditsFor(9_000n); // 1n
 * creditsFor(1_234_567n); // 124n
 * ```
 */
export function creditsFor(unil: bigint): bigint {
  return (unil * CREDITS_PER_NIL + UNIL_PER_NIL - 1n) / UNIL_PER_NIL;
}
