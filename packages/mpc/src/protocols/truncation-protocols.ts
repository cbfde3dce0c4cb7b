// Secret right shifts and probabilistic truncation by a public amount m (Catrina–de Hoogh 2010,
// protocols 3.1–3.3): open a + 2^(k−1) + R with R a (k + κ)-bit mask held as shared bits, whose low m
// bits give a mod 2^m up to one borrow; exact truncation learns the borrow with a bitwise comparison.
import type { PrimeField } from "@nillion/crypto";
import { integerSize } from "../integer-sizes.js";
import { type BitsMask, readBitsMask } from "../preprocessing-layouts.js";
import type { OnlineProtocol, StepInput } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { stepError } from "../step-error.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { lessThanLeaves, mergeBits } from "./bitwise-leaves.js";
import { combineDigitTrees } from "./digit-tree.js";

/** The reference's error for a shift, truncation or public divisor of k bits or more. */
export const SIZE_ERROR = "The size of divisor (m) is larger than the allowed size (k)";

/** One value to reduce mod 2^m: `x + 2^offsetBits + mask` must not wrap around p. */
export interface ModPowerOfTwoItem {
  readonly x: bigint;
  readonly m: number;
  /** A power of two at least 2^m that makes x non-negative. */
  readonly offsetBits: number;
  /** Shares of the whole mask; its low m bits are `bits.bits[0…m−1]`. */
  readonly mask: bigint;
  readonly bits: BitsMask;
}

/**
 * Shares of x mod 2^m (floor) for each item, in 1 + ⌈log₂⌈m/2⌉⌉ rounds for all of them: with c the
 * opened x + 2^offset + R and c′ = c mod 2^m, x mod 2^m = c′ − r′ + 2^m·[c′ < r′], r′ = R mod 2^m.
 */
export async function modPowerOfTwo(
  round: RoundContext,
  items: readonly ModPowerOfTwoItem[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  const opened = await round.open(
    items.map(({ x, offsetBits, mask }) => field.add(field.add(x, 1n << BigInt(offsetBits)), mask)),
  );
  const low = items.map(({ m }, i) => (opened[i] as bigint) & ((1n << BigInt(m)) - 1n));
  const borrows = await combineDigitTrees(
    round,
    items.map(({ m, bits }, i) => lessThanLeaves(field, low[i] as bigint, bits, m)),
  );
  return items.map(({ m, bits }, i) => {
    const r = mergeBits(field, bits.bits, 0, m);
    return field.add(field.sub(low[i] as bigint, r), field.mul(1n << BigInt(m), borrows[i] as bigint));
  });
}

/**
 * The public shift amount of a step: an UnsignedInteger residue, or a centred Integer (trunc_pr takes
 * both), which must be below k.
 */
export function shiftAmount(input: StepInput, field: PrimeField): number {
  const operand = scalarOperand(input, 1);
  const amount = operand.type.kind === "Integer" ? field.toSigned(operand.element) : operand.element;
  if (amount < 0n) throw stepError(input.step, "negative shift amount");
  if (amount >= BigInt(integerSize(field))) throw stepError(input.step, SIZE_ERROR);
  return Number(amount);
}

/**
 * `RightShiftShares` (secret `>>`, one TRUNC element): floor(A / 2^m), exact for |A| < 2^(k−1); m = 0
 * returns a unchanged. Rounds: one opening and ⌈log₂⌈m/2⌉⌉ resharings.
 */
export const RIGHT_SHIFT_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round) => {
    const { field } = round.sharing;
    const a = scalarOperand(input, 0).element;
    const m = shiftAmount(input, field);
    if (m === 0) return scalarShare(scalarResultType(input), a);
    const k = integerSize(field);
    const bits = readBitsMask("TRUNC", input.material ?? [], field);
    const mask = mergeBits(field, bits.bits, 0, bits.bits.length);
    const [remainder] = await modPowerOfTwo(round, [{ x: a, m, offsetBits: k - 1, mask, bits }]);
    const quotient = field.mul(field.sub(a, remainder as bigint), field.inv(1n << BigInt(m)));
    return scalarShare(scalarResultType(input), quotient);
  },
};

/**
 * `TruncPr` (`trunc_pr`, one TRUNC_PR element): floor(A / 2^m) + u, u = 1 with probability
 * (A mod 2^m)/2^m, as on the node: the borrow is left to chance instead of computed. One opening.
 */
export const TRUNC_PR_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round) => {
    const { field } = round.sharing;
    const a = scalarOperand(input, 0).element;
    const m = shiftAmount(input, field);
    if (m === 0) return scalarShare(scalarResultType(input), a);
    const k = integerSize(field);
    const { bits } = readBitsMask("TRUNC_PR", input.material ?? [], field);
    const mask = mergeBits(field, bits, 0, bits.length);
    const [c] = await round.open([field.add(field.add(a, 1n << BigInt(k - 1)), mask)]);
    const low = (c as bigint) & ((1n << BigInt(m)) - 1n);
    const floorish = field.add(field.sub(a, low), mergeBits(field, bits, 0, m));
    return scalarShare(scalarResultType(input), field.mul(floorish, field.inv(1n << BigInt(m))));
  },
};
