// Secret less-than with the node's rule, LT(a, b) = 1 iff (a − b) mod p > (p − 1)/2: the least
// significant bit of y = 2(a − b) mod p, found from a masked opening of y and a bitwise comparison.
import { type DigitMonomials, readDigitMonomials } from "../preprocessing-layouts.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { monomialLeaves, monomialsValue } from "./bitwise-leaves.js";
import { combineDigitTrees } from "./digit-tree.js";
import { multiplyShares } from "./multiply-shares.js";

/**
 * Shares of LT(a, b) under the node's rule, for shares (or public constants) `a` and `b`, consuming one
 * `COMPARE` mask: a uniform r < p held as base-16 digits with all their bit products.
 *
 * With c = y + r mod p opened (uniform, so it says nothing about y): y = c − r, or c − r + p when c < r,
 * and p is odd, so LSB(y) = c0 ⊕ r0 ⊕ [c < r]. Each digit's [R_j = c_j] and [R_j > c_j] are linear in
 * the dealer's monomials; the digit tree combines them into [c < r] in ⌈log₂(bits(p)/4)⌉ resharing
 * rounds, and one more product applies r0 ⊕ ·, since c0 is public: 8 rounds in all on the 256-bit prime.
 */
async function lessThan(round: RoundContext, a: bigint, b: bigint, mask: DigitMonomials): Promise<bigint> {
  const { field } = round.sharing;
  const y = field.mul(2n, field.sub(a, b));
  const c = onlyElement(await round.open([field.add(y, monomialsValue(field, mask))]));
  const [below] = await combineDigitTrees(round, [monomialLeaves(field, c, mask)]);
  const r0 = mask[0]?.[1] as bigint;
  const [both] = await multiplyShares(round, [[r0, below as bigint]]);
  // r0 ⊕ [c < r], then ⊕ c0.
  const lowest = field.sub(field.add(r0, below as bigint), field.mul(2n, both as bigint));
  return (c & 1n) === 0n ? lowest : field.sub(1n, lowest);
}

/** `LessThanShares`: `<` with a secret operand (and `<=`, `>`, `>=` after lowering). */
export const LESS_THAN_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round) => {
    const mask = readDigitMonomials("COMPARE", input.material ?? [], round.sharing.field);
    const a = scalarOperand(input, 0).element;
    const b = scalarOperand(input, 1).element;
    return scalarShare(scalarResultType(input), await lessThan(round, a, b, mask));
  },
};
