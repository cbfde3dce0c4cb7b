// The devnet's flat price (packages/devnet/src/node/payments/devnet-pricing.ts, not exported): every paid
// operation costs 100 credits from a balance, or 1 NIL on chain; NIL is at $1 and a credit is a cent.

export const CREDITS_PER_OPERATION = 100n;
export const UNIL_PER_OPERATION = 1_000_000n;
export const UNIL_PER_CREDIT = 10_000n;
