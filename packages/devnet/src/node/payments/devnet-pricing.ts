import type { PriceQuoteRequest } from "@nillion/proto/nillion/payments/v1/quote";

/**
 * The economics of the reference devnet (wire-protocol.md §4.5), which the official test suites assert:
 * 100 credits for every paid operation, NIL at $1 (so 100 credits per NIL and 1 NIL per operation),
 * add-funds from 1 credit, balances kept 365 days, quotes and receipts valid 24 hours.
 */
export const DEVNET_PRICING = {
  creditsPerOperation: 100n,
  creditsPerNil: 100n,
  unilPerNil: 1_000_000n,
  minimumAddFundsCredits: 1n,
  balanceExpiryDays: 365,
  quoteTtlMs: 24 * 60 * 60 * 1000,
  receiptTtlMs: 24 * 60 * 60 * 1000,
} as const;

/** The price of an operation in credits and in unil: a flat price per operation on the devnet. */
export function priceOf(_operation: PriceQuoteRequest["operation"]): { credits: bigint; tokens: bigint } {
  const credits = DEVNET_PRICING.creditsPerOperation;
  return { credits, tokens: creditsToUnil(credits) };
}

/** unil for a number of credits at the fixed NIL price (rounded down, as the node's integer maths). */
export function creditsToUnil(credits: bigint): bigint {
  return (credits * DEVNET_PRICING.unilPerNil) / DEVNET_PRICING.creditsPerNil;
}

/**
 * Credits bought by an add-funds payment of `unil` (≥ 0), rounded up as the reference node does
 * (`ceil(unil / 10^6 × NIL price in cents)`): a started credit counts, so every accepted payment buys at
 * least one.
 *
 * @example
 * ```ts
 * unilToCredits(9_000n); // 1n
 * unilToCredits(1_234_567n); // 124n
 * ```
 */
export function unilToCredits(unil: bigint): bigint {
  const cents = unil * DEVNET_PRICING.creditsPerNil;
  return (cents + DEVNET_PRICING.unilPerNil - 1n) / DEVNET_PRICING.unilPerNil;
}
