// Division and modulo of a secret by a public divisor d (Catrina–de Hoogh 2010, protocol 3.5): open the
// dividend masked by |d|·r″ + r′, with r′ held as bits; the opening gives the remainder mod |d| up to
// corrections that bitwise comparisons on r′ decide.
import type { PrimeField } from "@nillion/crypto";
import { integerSize } from "../integer-sizes.js";
import { readBitsMask } from "../preprocessing-layouts.js";
import type { OnlineProtocol, StepInput } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { stepError } from "../step-error.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { lessThanLeaves, mergeBits } from "./bitwise-leaves.js";
import { combineDigitTrees } from "./digit-tree.js";
import { multiplyShares } from "./multiply-shares.js";
import { SIZE_ERROR } from "./truncation-protocols.js";

interface Division {
  /** The dividend, negated when the divisor is negative. */
  readonly dividend: bigint;
  /** |d|. */
  readonly divisor: bigint;
  readonly negated: boolean;
  /** Shares of dividend mod |d|, in [0, |d|). */
  readonly remainder: bigint;
}

/**
 * The floor remainder for a secret dividend A (|A| < 2^(k−1)) and a public divisor d read centred, as the
 * node reads it even for unsigned values: with D = |d| of ℓ < k bits and A′ = ±A, x = A′ + M is
 * non-negative for M the multiple of D just above 2^(k−1); c = x + D·r″ + r′ is opened (r′ the mask's
 * low ℓ bits, r″ the rest), c′ = c mod D, v = [r′ ≥ D], s = r′ − D·v = r′ mod D, and
 * x mod D = c′ − s + D·[c′ < s], where [c′ < s] is [c′ < r′] or [c′ + D < r′] as v says. Rounds: one
 * opening, ⌈log₂⌈ℓ/2⌉⌉ for the three comparisons together, one product.
 */
async function divideByPublic(input: StepInput, round: RoundContext): Promise<Division> {
  const { field } = round.sharing;
  const k = integerSize(field);
  const signed = field.toSigned(scalarOperand(input, 1).element);
  if (signed === 0n) throw stepError(input.step, "division by zero");
  const negated = signed < 0n;
  const divisor = negated ? -signed : signed;
  const width = divisor.toString(2).length;
  if (width >= k) throw stepError(input.step, SIZE_ERROR);
  const a = scalarOperand(input, 0).element;
  const dividend = negated ? field.sub(0n, a) : a;
  const bits = readBitsMask("MODULO", input.material ?? [], field);
  const low = mergeBits(field, bits.bits, 0, width);
  const high = mergeBits(field, bits.bits, width, bits.bits.length);
  const half = 1n << BigInt(k - 1);
  const offset = ((half + divisor - 1n) / divisor) * divisor;
  const masked = field.add(field.add(field.add(dividend, offset), field.mul(divisor, high)), low);
  const [c] = await round.open([masked]);
  const cLow = (c as bigint) % divisor;
  const [wraps, below, belowShifted] = await combineDigitTrees(round, [
    lessThanLeaves(field, divisor - 1n, bits, width),
    lessThanLeaves(field, cLow, bits, width),
    lessThanLeaves(field, cLow + divisor, bits, width),
  ]);
  const v = wraps as bigint;
  const [picked] = await multiplyShares(round, [[v, field.sub(belowShifted as bigint, below as bigint)]]);
  const u = field.add(below as bigint, picked as bigint);
  const reduced = field.sub(low, field.mul(divisor, v));
  const remainder = field.add(field.sub(cLow, reduced), field.mul(divisor, u));
  return { dividend, divisor, negated, remainder };
}

function remainderOf(field: PrimeField, { negated, remainder }: Division): bigint {
  return negated ? field.sub(0n, remainder) : remainder;
}

function quotientOf(field: PrimeField, { dividend, divisor, remainder }: Division): bigint {
  return field.mul(field.sub(dividend, remainder), field.inv(divisor));
}

/**
 * `DivisionIntegerSecretDividendPublicDivisor` and `ModuloIntegerSecretDividendPublicDivisor` (one MODULO
 * element each): floor division and the remainder with the divisor's sign; a zero divisor fails with
 * `division by zero`, a divisor of k bits or more with the reference's size error.
 */
export const PUBLIC_DIVISOR_PROTOCOLS: Readonly<Record<string, OnlineProtocol>> = {
  DivisionIntegerSecretDividendPublicDivisor: {
    online: true,
    run: async (input, round) => {
      const division = await divideByPublic(input, round);
      return scalarShare(scalarResultType(input), quotientOf(round.sharing.field, division));
    },
  },
  ModuloIntegerSecretDividendPublicDivisor: {
    online: true,
    run: async (input, round) => {
      const division = await divideByPublic(input, round);
      return scalarShare(scalarResultType(input), remainderOf(round.sharing.field, division));
    },
  },
};
