// Division and modulo by a secret divisor: restoring long division over ℓ quotient bits, each step a
// comparison with zero of a value of bounded size (Catrina–de Hoogh's LTZ through Mod2m) and one product.
import { secretDivisionBits } from "../integer-sizes.js";
import { type ComparisonMask, readDivisionMasks } from "../preprocessing-layouts.js";
import type { OnlineProtocol, StepInput } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { mergeBits } from "./bitwise-leaves.js";
import { multiplyShares } from "./multiply-shares.js";
import { modPowerOfTwo } from "./truncation-protocols.js";

/**
 * Shares of [x < 0] for each x in [−2^(K−1), 2^(K−1)), K the mask's size: x + 2^(K−1) is non-negative
 * below 2^K, and its bit K − 1 (what is left after removing its remainder mod 2^(K−1)) is [x ≥ 0].
 */
async function lessThanZero(
  round: RoundContext,
  items: readonly { readonly x: bigint; readonly mask: ComparisonMask }[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  const remainders = await modPowerOfTwo(
    round,
    items.map(({ x, mask }) => {
      const m = mask.size - 1;
      const whole = field.add(mergeBits(field, mask.bits, 0, m), field.mul(1n << BigInt(m), mask.high));
      return { x, m, offsetBits: m, mask: whole, bits: mask };
    }),
  );
  return items.map(({ x, mask }, i) => {
    const power = 1n << BigInt(mask.size - 1);
    const top = field.mul(field.sub(field.add(x, power), remainders[i] as bigint), field.inv(power));
    return field.sub(1n, top);
  });
}

/**
 * floor(A / B) with shares of A (or a public A) and B, B = 0 giving 0. For signed values the signs are
 * taken out first (two comparisons, one round of products), the magnitudes divided, and the quotient
 * made negative and rounded down when the signs differ: −q − [remainder ≠ 0].
 *
 * Long division: for i = ℓ − 1 … 0, t = [rem ≥ |B|·2^i] and rem −= t·|B|·2^i; the quotient is Σ t·2^i.
 * Exact when |A|, |B| < 2^ℓ (ℓ = {@link secretDivisionBits}: 64, 43 or 11 bits). Each step is one
 * comparison of ≤ 2ℓ bits (one opening and ⌈log₂⌈(ℓ+i)/2⌉⌉ resharings) and one product: about 480
 * rounds for the 256-bit prime, plus about 16 for signs, the zero test and the rounding.
 */
async function divideBySecret(input: StepInput, round: RoundContext): Promise<bigint> {
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

/**
 * `DivisionIntegerSecretDivisor` and `ModuloIntegerSecretDivisor` (S/S and P/S, one
 * DIVISION_SECRET_DIVISOR element each): floor division with a / 0 = 0, and a % b = a − b·(a / b), so
 * a % 0 = a.
 */
export const SECRET_DIVISOR_PROTOCOLS: Readonly<Record<string, OnlineProtocol>> = {
  DivisionIntegerSecretDivisor: {
    online: true,
    run: async (input, round) => scalarShare(scalarResultType(input), await divideBySecret(input, round)),
  },
  ModuloIntegerSecretDivisor: {
    online: true,
    run: async (input, round) => {
      const { field } = round.sharing;
      const quotient = await divideBySecret(input, round);
      const b = scalarOperand(input, 1).element;
      const [product] = await multiplyShares(round, [[b, quotient]]);
      const remainder = field.sub(scalarOperand(input, 0).element, product as bigint);
      return scalarShare(scalarResultType(input), remainder);
    },
  },
};
