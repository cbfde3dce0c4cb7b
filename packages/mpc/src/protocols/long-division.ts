// Division by a secret divisor bit by bit, for the primes too narrow for the reciprocal division:
// restoring long division over ℓ quotient bits, each step a comparison with zero and one product.
import { secretDivisionBits } from "../integer-sizes.js";
import { type ComparisonMask, readDivisionMasks } from "../preprocessing-layouts.js";
import type { StepInput } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { lessThanZero } from "./less-than-zero.js";
import { multiplyShares } from "./multiply-shares.js";

/**
 * floor(A / B) with shares of A (or a public A) and B, B = 0 giving 0. For signed values the signs are
 * taken out first (two comparisons, one round of products), the magnitudes divided, and the quotient
 * made negative and rounded down when the signs differ: −q − [remainder ≠ 0].
 *
 * Long division: for i = ℓ − 1 … 0, t = [rem ≥ |B|·2^i] and rem −= t·|B|·2^i; the quotient is Σ t·2^i.
 * Exact when |A|, |B| < 2^ℓ (ℓ = {@link secretDivisionBits}: 43 or 11 bits). Each step is one
 * comparison of ≤ 2ℓ bits (one opening and ⌈log₂⌈(ℓ+i)/2⌉⌉ resharings) and one product: 336 rounds on
 * the 128-bit prime, 70 on the 64-bit one.
 */
export async function divideBitByBit(input: StepInput, round: RoundContext): Promise<bigint> {
  const { field } = round.sharing;
  const bits = secretDivisionBits(field);
  const masks = readDivisionMasks(input.material ?? [], field);
  const mask = (index: number) => masks[index] as ComparisonMask;
  const a = scalarOperand(input, 0).element;
  const b = scalarOperand(input, 1).element;
  const signed = scalarResultType(input).kind === "SecretInteger";

  let absA = a;
  let absB = b;
  let signsDiffer = 0n;
  if (signed) {
    const [negativeA, negativeB] = (await lessThanZero(round, [
      { x: a, mask: mask(0) },
      { x: b, mask: mask(1) },
    ])) as [bigint, bigint];
    const [flipA, flipB, both] = (await multiplyShares(round, [
      [negativeA, a],
      [negativeB, b],
      [negativeA, negativeB],
    ])) as [bigint, bigint, bigint];
    absA = field.sub(a, field.mul(2n, flipA));
    absB = field.sub(b, field.mul(2n, flipB));
    signsDiffer = field.sub(field.add(negativeA, negativeB), field.mul(2n, both));
  }

  let remainder = absA;
  let quotient = 0n;
  let zero = 0n;
  let flipQuotient = 0n;
  for (let i = bits - 1; i >= 0; i--) {
    const shifted = field.mul(absB, 1n << BigInt(i));
    const first = i === bits - 1;
    // The divisor's zero test rides along with the first step: |B| < 1.
    const tests = await lessThanZero(round, [
      { x: field.sub(remainder, shifted), mask: mask(4 + (bits - 1 - i)) },
      ...(first ? [{ x: field.sub(absB, 1n), mask: mask(2) }] : []),
    ]);
    const fits = field.sub(1n, tests[0] as bigint);
    if (first) zero = tests[1] as bigint;
    const products = await multiplyShares(round, [
      [fits, shifted],
      ...(first ? [[signsDiffer, field.sub(1n, zero)] as const] : []),
    ]);
    remainder = field.sub(remainder, products[0] as bigint);
    quotient = field.add(quotient, field.mul(fits, 1n << BigInt(i)));
    if (first) flipQuotient = products[1] as bigint;
  }

  const [remainderNonZero] = await lessThanZero(round, [{ x: field.sub(0n, remainder), mask: mask(3) }]);
  // (1 − z)·q + s(1 − z)·(−2q − [rem ≠ 0]): q when the signs agree, −q − [rem ≠ 0] when not, 0 for B = 0.
  const adjustment = field.sub(field.mul(field.sub(0n, 2n), quotient), remainderNonZero as bigint);
  const [kept, flipped] = (await multiplyShares(round, [
    [field.sub(1n, zero), quotient],
    [flipQuotient, adjustment],
  ])) as [bigint, bigint];
  return field.add(kept, flipped);
}
