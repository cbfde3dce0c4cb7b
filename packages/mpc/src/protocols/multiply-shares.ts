// Products of shares inside a protocol: local products brought back to degree T in one resharing round.
import type { RoundContext } from "../round-scheduler.js";

/**
 * `[x·y]` for every pair, in one round however many pairs there are. Either factor may be a public
 * constant (its own share); the products of two degree-T shares are degree 2T, which the resharing
 * reduces.
 */
export function multiplyShares(
  round: RoundContext,
  pairs: readonly (readonly [bigint, bigint])[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  return round.reshare(pairs.map(([x, y]) => field.mul(x, y)));
}
