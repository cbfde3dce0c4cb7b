// Secret less-than with the node's rule, LT(a, b) = 1 iff (a − b) mod p > (p − 1)/2: the least
// significant bit of y = 2(a − b) mod p, found from a masked opening of y and a bitwise comparison.
import type { PrimeField } from "@nillion/crypto";
import { type CompareMask, readCompareMask } from "../preprocessing-layouts.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { digitIndicators, digitsValue } from "./bitwise-leaves.js";
import { combineDigitTrees, type DigitLeaf } from "./digit-tree.js";

/**
 * Shares of LT(a, b) under the node's rule, for shares (or public constants) `a` and `b`, consuming one
 * `COMPARE` mask: a uniform r < p held as base-4 digits, each also multiplied by r's lowest bit r0.
 *
 * With c = y + r mod p opened (uniform, so it says nothing about y): y = c − r, or c − r + p when c < r,
 * and p is odd, so LSB(y) = c0 ⊕ r0 ⊕ [c < r]. The digit tree computes g = r0 ⊕ [c < r] directly: the
 * most significant differing digit j decides [c < r] = [C_j < R_j], so its leaf value is
 * [C_j < R_j]·(1 − r0) + [C_j > R_j]·r0 (linear thanks to the r0 products); digit 0 also covers c = r,
 * where g = r0 = c0. Then LT = c0 ⊕ g, linear because c0 is public. Rounds: one opening, then
 * ⌈log₂(bits(p)/2)⌉ resharing rounds (8 in all on the 256-bit prime).
 */
export async function lessThan(
  round: RoundContext,
  a: bigint,
  b: bigint,
  mask: CompareMask,
): Promise<bigint> {
  const { field } = round.sharing;
  const y = field.mul(2n, field.sub(a, b));
  const c = onlyElement(await round.open([field.add(y, digitsValue(field, mask.digits))]));
  const [g] = await combineDigitTrees(round, [compareLeaves(field, c, mask)]);
  return (c & 1n) === 0n ? (g as bigint) : field.sub(1n, g as bigint);
}

/** `LessThanShares`: `<` with a secret operand (and `<=`, `>`, `>=` after lowering). */
export const LESS_THAN_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round) => {
    const mask = readCompareMask(input.material ?? [], round.sharing.field);
    const a = scalarOperand(input, 0).element;
    const b = scalarOperand(input, 1).element;
    return scalarShare(scalarResultType(input), await lessThan(round, a, b, mask));
  },
};

function compareLeaves(field: PrimeField, c: bigint, mask: CompareMask): DigitLeaf[] {
  const r0 = mask.digits[0]?.low ?? 0n;
  return mask.digits.map((digit, j) => {
    const cDigit = Number((c >> BigInt(2 * j)) & 3n);
    const indicators = digitIndicators(field, digit);
    if (j === 0) {
      // The lowest digit decides when it differs (g = r0 ⊕ [C < R], r0 known per digit value) and when
      // c = r (g = c0); its `equal` is never used.
      const c0 = BigInt(cDigit & 1);
      let value = 0n;
      for (let x = 0; x < 4; x++) {
        const decided = x === cDigit ? c0 : x > cDigit ? BigInt(1 - (x & 1)) : BigInt(x & 1);
        if (decided === 1n) value += indicators[x] as bigint;
      }
      return { equal: 0n, value: field.reduce(value) };
    }
    const { low, high, both } = mask.withLowest[j] as CompareMask["withLowest"][number];
    // r0·[R_j = x], from the dealer's products of r0 with the digit's monomials.
    const withLowest = [
      field.add(field.sub(field.sub(r0, low), high), both),
      field.sub(low, both),
      field.sub(high, both),
      both,
    ];
    let value = 0n;
    for (let x = 0; x < 4; x++) {
      if (x > cDigit) value += (indicators[x] as bigint) - (withLowest[x] as bigint);
      else if (x < cDigit) value += withLowest[x] as bigint;
    }
    return { equal: indicators[cDigit] as bigint, value: field.reduce(value) };
  });
}
