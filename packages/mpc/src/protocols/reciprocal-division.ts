// Division by a secret divisor in a constant number of rounds (37 on the 256-bit prime): the divisor's
// bits normalise it to [2^(ℓ−1), 2^ℓ), Goldschmidt's iteration computes its reciprocal in fixed point,
// the dividend times the reciprocal estimates the quotient within one, and comparisons of the remainder
// make it exact.
import { reciprocalFractionBits, secretDivisionBits } from "../integer-sizes.js";
import {
  type ComparisonMask,
  RECIPROCAL_ITERATIONS,
  readReciprocalDivisionMasks,
  type TruncationMask,
} from "../preprocessing-layouts.js";
import type { StepInput } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import { mergeBits } from "./bitwise-leaves.js";
import { lessThanZero } from "./less-than-zero.js";
import { multiplyShares } from "./multiply-shares.js";

// Ulps taken off the reciprocal so that it never exceeds 2^f/x: its eleven truncations leave it within
// 10 ulps of Goldschmidt's exact value (measured over 10^5 divisors, both ends included), far below this,
// and the quotient estimate then lies in {q − 1, q, q + 1}, which the correction needs.
const RECIPROCAL_BIAS = 256n;

/**
 * floor(A / B) with shares of A (or a public A) and B, B = 0 giving 0, exact when |A|, |B| < 2^ℓ.
 *
 * 1. Signs (signed values): two comparisons with zero and one round of products give |A|, |B| and
 *    whether the signs differ (7 rounds).
 * 2. Normalisation: |B|'s bits (an opening of |B| + R and the borrows of c − R, a prefix scan: 7
 *    rounds), whether no bit is set from i up (a suffix scan of products: 6 rounds), hence the scale
 *    s = 2^(ℓ − bitlength(|B|)) linearly and, in one round, |B|·s ∈ [2^(ℓ−1), 2^ℓ) and |A|·s. A zero B
 *    becomes 2^(ℓ−1) so that every value stays within its mask's bounds.
 * 3. Reciprocal: x = |B|·s/2^ℓ ∈ [1/2, 1) in f fraction bits, y₀ = 3 − 2x (relative error ≤ 1/8),
 *    then d₀ = x·y₀ and five Goldschmidt iterations n ← n·(2 − d), d ← d·(2 − d) (error 2^−96). Each
 *    product is truncated in the round that computes it: the parties open their degree-2T points of
 *    x·y + R plus a dealt zero sharing, R = r′ + 2^f·r″, and keep ⌊c/2^f⌋ − r″ (probabilistic
 *    truncation, off by at most one ulp). 6 rounds.
 * 4. Estimate q̃ = ⌊|A|·s·n/2^(ℓ+f)⌋ + u, one fused round; q̃ ∈ {q − 1, q, q + 1} for q = ⌊|A|/|B|⌋.
 * 5. Correction: r = |A| − q̃·|B| (1 round), five comparisons side by side (7 rounds) give
 *    q = q̃ − [r < 0] + [r ≥ |B|] and ⌈|A|/|B|⌉ = q̃ + [r > 0] + [r > |B|] − [r ≤ −|B|], and one round
 *    of products the result: q when the signs agree, −⌈|A|/|B|⌉ when not, 0 when B = 0.
 */
export async function divideByReciprocal(input: StepInput, round: RoundContext): Promise<bigint> {
  const { field } = round.sharing;
  const bits = secretDivisionBits(field);
  const fraction = reciprocalFractionBits(field) as number;
  const masks = readReciprocalDivisionMasks(input.material ?? [], field);
  const a = scalarOperand(input, 0).element;
  const b = scalarOperand(input, 1).element;

  let absA = a;
  let absB = b;
  let signsDiffer = 0n;
  if (scalarResultType(input).kind === "SecretInteger") {
    const [negativeA, negativeB] = (await lessThanZero(round, [
      { x: a, mask: masks.signs[0] as ComparisonMask },
      { x: b, mask: masks.signs[1] as ComparisonMask },
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

  const divisorBits = await decomposeBits(round, absB, masks.divisor, bits);
  const noneFrom = await suffixProducts(
    round,
    divisorBits.map((bit) => field.sub(1n, bit)),
  );
  const zero = noneFrom[0] as bigint;
  let scale = 0n;
  for (let i = 0; i < bits; i++) {
    // Bit i is the highest set bit exactly when none is set above i but one is from i.
    const highest = field.sub(i + 1 < bits ? (noneFrom[i + 1] as bigint) : 1n, noneFrom[i] as bigint);
    scale = field.add(scale, field.mul(highest, 1n << BigInt(bits - 1 - i)));
  }
  const [normalB, normalA, flip] = (await multiplyShares(round, [
    [absB, scale],
    [absA, scale],
    [signsDiffer, field.sub(1n, zero)],
  ])) as [bigint, bigint, bigint];

  const truncations = [...masks.truncations];
  const next = () => truncations.shift() as TruncationMask;
  const one = 1n << BigInt(fraction);
  const x = field.mul(field.add(normalB, field.mul(zero, 1n << BigInt(bits - 1))), one >> BigInt(bits));
  let n = field.sub(3n * one, field.mul(2n, x));
  let [d] = (await truncatedProducts(round, [{ x, y: n, shift: fraction, mask: next() }])) as [bigint];
  for (let iteration = 1; iteration <= RECIPROCAL_ITERATIONS; iteration++) {
    const e = field.sub(2n * one, d);
    if (iteration < RECIPROCAL_ITERATIONS) {
      [n, d] = (await truncatedProducts(round, [
        { x: n, y: e, shift: fraction, mask: next() },
        { x: d, y: e, shift: fraction, mask: next() },
      ])) as [bigint, bigint];
    } else {
      [n] = (await truncatedProducts(round, [{ x: n, y: e, shift: fraction, mask: next() }])) as [bigint];
    }
  }
  const reciprocal = field.sub(n, RECIPROCAL_BIAS);
  const [estimate] = (await truncatedProducts(round, [
    { x: normalA, y: reciprocal, shift: bits + fraction, mask: next() },
  ])) as [bigint];

  const [product] = (await multiplyShares(round, [[estimate, absB]])) as [bigint];
  const r = field.sub(absA, product);
  const tests = masks.corrections;
  const [negative, belowB, positive, aboveB, atMinusB] = (await lessThanZero(round, [
    { x: r, mask: tests[0] as ComparisonMask },
    { x: field.sub(r, absB), mask: tests[1] as ComparisonMask },
    { x: field.sub(0n, r), mask: tests[2] as ComparisonMask },
    { x: field.sub(absB, r), mask: tests[3] as ComparisonMask },
    { x: field.sub(field.add(r, absB), 1n), mask: tests[4] as ComparisonMask },
  ])) as [bigint, bigint, bigint, bigint, bigint];
  const floor = field.add(field.sub(estimate, negative), field.sub(1n, belowB));
  const ceiling = field.sub(field.add(estimate, field.add(positive, aboveB)), atMinusB);
  const [kept, flipped] = (await multiplyShares(round, [
    [field.sub(1n, zero), floor],
    [flip, field.add(floor, ceiling)],
  ])) as [bigint, bigint];
  return field.sub(kept, flipped);
}

/**
 * Shares of the `width` bits of v ∈ [0, 2^width): open c = v + R (R's low bits dealt, its high part
 * below 2^κ), then v mod 2^i = (c mod 2^i) − (R mod 2^i) + 2^i·β_i with the borrow β_i = [c mod 2^i <
 * R mod 2^i], and bit i = (v mod 2^(i+1) − v mod 2^i)/2^i. The borrows follow β_(i+1) = G_i + P_i·β_i
 * (G_i = [R_i > c_i], P_i = [R_i = c_i], linear in R's bits), all of them by a prefix scan.
 */
async function decomposeBits(
  round: RoundContext,
  value: bigint,
  mask: { readonly bits: readonly bigint[]; readonly high: bigint },
  width: number,
): Promise<bigint[]> {
  const { field } = round.sharing;
  const whole = field.add(mergeBits(field, mask.bits, 0, width), field.mul(1n << BigInt(width), mask.high));
  const [c] = (await round.open([field.add(value, whole)])) as [bigint];
  const generate: bigint[] = [];
  const propagate: bigint[] = [];
  for (let i = 0; i + 1 < width; i++) {
    const bit = mask.bits[i] as bigint;
    const public_ = (c >> BigInt(i)) & 1n;
    generate.push(public_ === 1n ? 0n : bit);
    propagate.push(public_ === 1n ? bit : field.sub(1n, bit));
  }
  const borrows = await prefixBorrows(round, generate, propagate);
  const remainders: bigint[] = [0n];
  let maskLow = 0n;
  for (let i = 1; i < width; i++) {
    maskLow = field.add(maskLow, field.mul(mask.bits[i - 1] as bigint, 1n << BigInt(i - 1)));
    const low = c & ((1n << BigInt(i)) - 1n);
    remainders.push(field.add(field.sub(low, maskLow), field.mul(1n << BigInt(i), borrows[i - 1] as bigint)));
  }
  remainders.push(value);
  return Array.from({ length: width }, (_, i) =>
    field.mul(field.sub(remainders[i + 1] as bigint, remainders[i] as bigint), field.inv(1n << BigInt(i))),
  );
}

/**
 * Kogge–Stone prefix scan of (G, P) pairs under (G_h, P_h) ∘ (G_l, P_l) = (G_h + P_h·G_l, P_h·P_l):
 * entry i becomes the G of positions 0…i combined, in ⌈log₂ len⌉ rounds. A position whose scan is
 * complete never needs its P again, which saves those products.
 */
async function prefixBorrows(
  round: RoundContext,
  generate: readonly bigint[],
  propagate: readonly bigint[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  let g = [...generate];
  let p = [...propagate];
  for (let span = 1; span < g.length; span *= 2) {
    const pairs: [bigint, bigint][] = [];
    for (let i = span; i < g.length; i++) {
      pairs.push([p[i] as bigint, g[i - span] as bigint]);
      if (i >= 2 * span) pairs.push([p[i] as bigint, p[i - span] as bigint]);
    }
    const products = await multiplyShares(round, pairs);
    const nextG = [...g];
    const nextP = [...p];
    let at = 0;
    for (let i = span; i < g.length; i++) {
      nextG[i] = field.add(g[i] as bigint, products[at++] as bigint);
      if (i >= 2 * span) nextP[i] = products[at++] as bigint;
    }
    g = nextG;
    p = nextP;
  }
  return g;
}

/** Entry i becomes Π_(j ≥ i) values[j], in ⌈log₂ len⌉ rounds (a Kogge–Stone scan from the top). */
async function suffixProducts(round: RoundContext, values: readonly bigint[]): Promise<bigint[]> {
  let current = [...values];
  for (let span = 1; span < current.length; span *= 2) {
    const pairs: [bigint, bigint][] = [];
    for (let i = 0; i + span < current.length; i++)
      pairs.push([current[i] as bigint, current[i + span] as bigint]);
    const products = await multiplyShares(round, pairs);
    current = current.map((value, i) => (i + span < current.length ? (products[i] as bigint) : value));
  }
  return current;
}

/**
 * ⌊x·y/2^shift⌋ + u (u ∈ {0, 1}) for each item, in one round: every party opens its degree-2T point of
 * x·y + R plus its share of a dealt degree-2T zero sharing, so the opening is x·y + R with R uniform
 * and κ bits wider than x·y, and keeps ⌊c/2^shift⌋ − r″.
 */
async function truncatedProducts(
  round: RoundContext,
  items: readonly {
    readonly x: bigint;
    readonly y: bigint;
    readonly shift: number;
    readonly mask: TruncationMask;
  }[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  const opened = await round.open(
    items.map(({ x, y, mask }) => field.add(field.mul(x, y), field.add(mask.whole, mask.zero))),
  );
  return items.map(({ shift, mask }, i) => field.sub((opened[i] as bigint) >> BigInt(shift), mask.high));
}
