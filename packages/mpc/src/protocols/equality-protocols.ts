// Equality of secrets. With a secret result: open the difference masked by a uniform r < p held as
// bits, and zero-test the number of bits in which the opening and r differ. With a public result: open
// the difference times a random non-zero mask, which is zero exactly when the operands are equal.
import { readEqualityMask, readPublicEqualityMask } from "../preprocessing-layouts.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { mergeBits } from "./bitwise-leaves.js";
import { maskedZeroTestPoint, zeroTestResult } from "./zero-test.js";

/**
 * `EqualsSecret` (one EQUALITY_SECRET_OUTPUT element) and `PublicOutputEquality` (one
 * EQUALITY_PUBLIC_OUTPUT element).
 *
 * `EqualsSecret` is exact for every pair of operands, where the node's Hamming-distance polynomial
 * fails for large differences, and takes 2 rounds: c = (a − b) + r is opened (uniform), and a = b
 * exactly when c and r agree in all L = bits(p) bits; their Hamming distance h ∈ [0, L] is linear in
 * the shares of r's bits, and a zero test of degree L (open (h + 1)·ρ) gives [h = 0].
 *
 * `PublicOutputEquality` opens (a − b)·r for a uniform non-zero r: zero exactly when a ≡ b, uniform
 * otherwise. The product's degree-2T point is opened directly, randomised by a dealt degree-2T sharing of
 * zero: one round.
 */
export const EQUALITY_PROTOCOLS: Readonly<Record<string, OnlineProtocol>> = {
  EqualsSecret: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const mask = readEqualityMask(input.material ?? [], field);
      const difference = field.sub(scalarOperand(input, 0).element, scalarOperand(input, 1).element);
      const r = mergeBits(field, mask.bits, 0, mask.bits.length);
      const c = onlyElement(await round.open([field.add(difference, r)]));
      // c's bits, least significant first, read once rather than shifted out one by one.
      const cBits = c.toString(2).split("").reverse();
      let distance = 0n;
      for (const [i, bit] of mask.bits.entries()) distance += cBits[i] === "1" ? 1n - bit : bit;
      const point = maskedZeroTestPoint(field, field.reduce(distance), mask.test);
      const opened = onlyElement(await round.open([point]));
      return scalarShare(scalarResultType(input), zeroTestResult(field, opened, mask.test, 1n));
    },
  },
  PublicOutputEquality: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const { r, zero } = readPublicEqualityMask(input.material ?? []);
      const difference = field.sub(scalarOperand(input, 0).element, scalarOperand(input, 1).element);
      const opened = onlyElement(await round.open([field.reduce(difference * r + zero)]));
      return scalarShare(scalarResultType(input), opened === 0n ? 1n : 0n);
    },
  },
};
