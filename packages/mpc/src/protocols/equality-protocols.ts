// Equality of secrets. With a secret result: open the difference masked by a uniform r < p held as
// base-16 digits, then AND the per-digit matches. With a public result: open the difference times a
// random non-zero mask, which is zero exactly when the operands are equal.
import { readDigitMonomials, readSingle } from "../preprocessing-layouts.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { equalDigits, monomialsValue } from "./bitwise-leaves.js";
import { multiplyAll } from "./digit-tree.js";
import { multiplyShares } from "./multiply-shares.js";

/**
 * `EqualsSecret` (one EQUALITY_SECRET_OUTPUT element) and `PublicOutputEquality` (one
 * EQUALITY_PUBLIC_OUTPUT element).
 *
 * `EqualsSecret` is exact for every pair of operands, where the node's Hamming-distance polynomial
 * fails for large differences: c = (a − b) + r is opened (uniform), and a = b exactly when every base-16
 * digit of c equals r's; the per-digit matches are linear in the dealer's shares and their product takes
 * ⌈log₂(bits(p)/4)⌉ resharing rounds (one opening plus 6 on the 256-bit prime).
 *
 * `PublicOutputEquality` opens (a − b)·r for a uniform non-zero r: zero exactly when a ≡ b, uniform
 * otherwise. One product round and one opening.
 */
export const EQUALITY_PROTOCOLS: Readonly<Record<string, OnlineProtocol>> = {
  EqualsSecret: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const digits = readDigitMonomials("EQUALITY_SECRET_OUTPUT", input.material ?? [], field);
      const difference = field.sub(scalarOperand(input, 0).element, scalarOperand(input, 1).element);
      const c = onlyElement(await round.open([field.add(difference, monomialsValue(field, digits))]));
      const [equal] = await multiplyAll(round, [equalDigits(field, c, digits)]);
      return scalarShare(scalarResultType(input), equal as bigint);
    },
  },
  PublicOutputEquality: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const r = readSingle("EQUALITY_PUBLIC_OUTPUT", input.material ?? []);
      const difference = field.sub(scalarOperand(input, 0).element, scalarOperand(input, 1).element);
      const [masked] = await multiplyShares(round, [[difference, r]]);
      const opened = onlyElement(await round.open([masked as bigint]));
      return scalarShare(scalarResultType(input), opened === 0n ? 1n : 0n);
    },
  },
};
