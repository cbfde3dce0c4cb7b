// What one preprocessing element holds, for every element the engine consumes: the values a dealer
// samples in the clear (each then shared with its own degree-T polynomial) and how a protocol reads a
// party's shares of them back. Both sides live here so that they cannot drift apart.
import { fillRandom, PrimeField, type PrimeName } from "@nillion/crypto";
import { InternalError, InvalidArgumentError, type PreprocessingElementName } from "@nillion/types";
import {
  fieldBits,
  integerSize,
  KAPPA,
  reciprocalFractionBits,
  secretDivisionBits,
} from "./integer-sizes.js";
import type { PreprocessingMaterial } from "./preprocessing-source.js";
import { sampleZeroTests, type ZeroTestMask, zeroTestValues } from "./zero-test-layout.js";

/** The elements whose material this engine defines (every element but the signature's auxiliary one). */
export const SAMPLED_ELEMENTS: readonly PreprocessingElementName[] = [
  "RANDOM_BOOLEAN",
  "COMPARE",
  "DIVISION_SECRET_DIVISOR",
  "EQUALITY_SECRET_OUTPUT",
  "EQUALITY_PUBLIC_OUTPUT",
  "MODULO",
  "TRUNC",
  "TRUNC_PR",
  "RANDOM_INTEGER",
];

/**
 * The values of `count` fresh elements of `element`, in the clear: what a trusted dealer samples and then
 * deals, each value with its own uniformly random polynomial of degree T. A party's material for one
 * element is its shares of that element's values, in this order (the layout its protocol reads). Every
 * call draws fresh randomness; no two elements share a value.
 *
 * Layouts (L = bits(p), k and κ as in {@link integerSize}):
 * - `RANDOM_INTEGER` `[r]`, r uniform in Z_p; `RANDOM_BOOLEAN` `[b]`, b a uniform bit;
 * - `COMPARE`: a uniform r < p in base-16 digits, each as its 15 monomials (the products of the
 *   non-empty subsets of its 4 bits, subset S as a bit mask, in order S = 1…15), so that any function of
 *   a digit, such as [R_j = c_j] or [R_j > c_j], is linear in the shares; then the zero tests of
 *   {@link comparisonBlocks} (each ρ and its inverse powers; those within a block weighted by 1 − 2·r_0);
 *   then one degree-2T zero sharing per test;
 * - `EQUALITY_SECRET_OUTPUT`: the L bits of a uniform r < p, bit 0 first, then a zero test of degree L
 *   (ρ, ρ⁻¹…ρ⁻ᴸ), then its degree-2T zero sharing;
 * - `EQUALITY_PUBLIC_OUTPUT` `[r, 0]`, r uniform and non-zero, then a degree-2T zero sharing;
 * - `TRUNC_PR`: k + κ uniform bits; `TRUNC` and `MODULO`: the same bits, then the products of the bit
 *   pairs (2j, 2j + 1) below k − 1;
 * - `DIVISION_SECRET_DIVISOR` on the 256-bit prime (the reciprocal division): two sign comparison masks
 *   of size ℓ + 1; the divisor's bit-decomposition mask (ℓ uniform bits, then a uniform integer below
 *   2^κ); per truncation of {@link reciprocalTruncations}, the whole mask R = r′ + 2^m·r″ and r″ (r′
 *   uniform below 2^m, r″ below 2^(V − m + κ)); five correction comparison masks of size ℓ + 3; then one
 *   degree-2T zero sharing per truncation. A comparison mask of size K is `K − 1` uniform bits, their pair
 *   products, and a uniform integer below 2^(κ+1);
 * - `DIVISION_SECRET_DIVISOR` on the 128- and 64-bit primes (the long division): one comparison mask per
 *   comparison (see {@link divisionComparisonSizes}).
 *
 * @throws {InvalidArgumentError} for an element without a layout, or a count that is not a whole number
 *
 * @example
 * ```ts
 * import { sampleElements } from "@nillion/mpc";
 *
 * const [[r]] = sampleElements("RANDOM_INTEGER", "SAFE_256_BITS", 1);
 * const compare = sampleElements("COMPARE", "SAFE_256_BITS", 128); // one batch, each 1,408 values
 * ```
 */
export function sampleElements(
  element: PreprocessingElementName,
  prime: PrimeName | number,
  count: number,
): bigint[][] {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidArgumentError(`count must be a non-negative whole number, got ${count}`, {
      argument: "count",
    });
  }
  const field = PrimeField.of(prime);
  const sample = SAMPLERS[element];
  if (sample === undefined) {
    throw new InvalidArgumentError(`${element} elements have no layout in this engine`, {
      argument: "element",
    });
  }
  return Array.from({ length: count }, () => sample(field));
}

/**
 * How many field elements one party's material of one `element` holds on `prime`.
 *
 * @throws {InvalidArgumentError} for an element without a layout
 *
 * @example
 * ```ts
 * import { materialLength } from "@nillion/mpc";
 *
 * materialLength("COMPARE", "SAFE_256_BITS"); // 1408
 * ```
 */
export function materialLength(element: PreprocessingElementName, prime: PrimeName | number): number {
  const field = PrimeField.of(prime);
  const k = integerSize(field);
  const digits = fieldBits(field) / 4;
  switch (element) {
    case "RANDOM_INTEGER":
    case "RANDOM_BOOLEAN":
      return 1;
    case "EQUALITY_PUBLIC_OUTPUT":
      return 2;
    case "COMPARE": {
      const tests = comparisonZeroTests(field);
      return 15 * digits + tests.reduce((sum, degree) => sum + zeroTestValues(degree) + 1, 0);
    }
    case "EQUALITY_SECRET_OUTPUT":
      return fieldBits(field) + zeroTestValues(fieldBits(field)) + 1;
    case "TRUNC_PR":
      return k + KAPPA;
    case "TRUNC":
    case "MODULO":
      return k + KAPPA + pairCount(k - 1);
    case "DIVISION_SECRET_DIVISOR": {
      if (reciprocalFractionBits(field) === undefined) {
        return divisionComparisonSizes(field).reduce((sum, size) => sum + comparisonMaskLength(size), 0);
      }
      const bits = secretDivisionBits(field);
      const truncations = reciprocalTruncations(field).length;
      return (
        2 * comparisonMaskLength(bits + 1) +
        bits +
        1 +
        3 * truncations +
        RECIPROCAL_CORRECTIONS * comparisonMaskLength(bits + 3)
      );
    }
    default:
      throw new InvalidArgumentError(`${element} elements have no layout in this engine`, {
        argument: "element",
      });
  }
}

/**
 * The sizes K of the comparisons a division by a secret divisor runs, in the order their masks are laid
 * out: each compares a value in [−2^(K−1), 2^(K−1)) with zero. The signs of dividend and divisor, the
 * divisor's zero test and the remainder's non-zero test need ℓ + 1 bits; long-division step i (from ℓ − 1
 * down to 0) compares the remainder with |divisor|·2^i, which needs ℓ + i + 1.
 */
export function divisionComparisonSizes(field: PrimeField): number[] {
  const bits = secretDivisionBits(field);
  const steps = Array.from({ length: bits }, (_, s) => 2 * bits - s);
  return [bits + 1, bits + 1, bits + 1, bits + 1, ...steps];
}

/** A probabilistic truncation of the reciprocal division: a value below 2^valueBits shifted by `shift`. */
export interface TruncationSize {
  readonly valueBits: number;
  readonly shift: number;
}

/**
 * The truncations of the reciprocal division, in layout order (f = {@link reciprocalFractionBits}):
 * the initial d₀ = x·y₀, then n and d of Goldschmidt's iterations 1 to 4 side by side, n of iteration 5
 * (all products of two values below 2^(f+1), shifted by f), and the quotient (a value below 2^(2ℓ+f)
 * shifted by ℓ + f). Empty when the prime runs the long division.
 */
export function reciprocalTruncations(field: PrimeField): TruncationSize[] {
  const fraction = reciprocalFractionBits(field);
  if (fraction === undefined) return [];
  const bits = secretDivisionBits(field);
  const step = { valueBits: 2 * fraction + 2, shift: fraction };
  return [
    ...Array.from({ length: 1 + 2 * (RECIPROCAL_ITERATIONS - 1) + 1 }, () => step),
    { valueBits: 2 * bits + fraction, shift: bits + fraction },
  ];
}

/** Goldschmidt iterations after the initial approximation: its relative error ≤ 1/8 becomes ≤ (1/8)^(2^5) = 2^−96. */
export const RECIPROCAL_ITERATIONS = 5;
/** The correction compares the remainder r with 0, 1 and ±|b| (see `reciprocal-division.ts`). */
const RECIPROCAL_CORRECTIONS = 5;

/**
 * How many of an element's values, at its end, are zeros that a dealer shares with a random polynomial
 * of degree 2T instead of T: the masks of openings of products (a degree-2T point plus a zero sharing is
 * uniform but for its value at zero). The values `sampleElements` returns there are 0.
 *
 * @example
 * ```ts
 * import { zeroSharingCount } from "@nillion/mpc";
 *
 * zeroSharingCount("EQUALITY_PUBLIC_OUTPUT", "SAFE_256_BITS"); // 1
 * ```
 */
export function zeroSharingCount(element: PreprocessingElementName, prime: PrimeName | number): number {
  const field = PrimeField.of(prime);
  switch (element) {
    case "COMPARE":
      return comparisonZeroTests(field).length;
    case "EQUALITY_SECRET_OUTPUT":
    case "EQUALITY_PUBLIC_OUTPUT":
      return 1;
    case "DIVISION_SECRET_DIVISOR":
      return reciprocalTruncations(field).length;
    default:
      return 0;
  }
}

/**
 * How less-than groups the base-16 digits of its mask: blocks of ⌈√D⌉ consecutive digits (D = bits(p)/4),
 * least significant first, as `[start, end)` digit ranges. Less-than zero-tests, for every digit, the
 * number of differing digits above it within its block; for every block but the lowest, the number of
 * differing digits in it; and for every block but the highest, the number of differing blocks above.
 */
export function comparisonBlocks(field: PrimeField): [number, number][] {
  const digits = fieldBits(field) / 4;
  const size = Math.ceil(Math.sqrt(digits));
  const blocks: [number, number][] = [];
  for (let start = 0; start < digits; start += size) blocks.push([start, Math.min(start + size, digits)]);
  return blocks;
}

const ZERO_TEST_DEGREES = new WeakMap<PrimeField, readonly number[]>();

/** The degrees of less-than's zero tests, in layout order: within blocks, block tests, prefix tests. */
function comparisonZeroTests(field: PrimeField): readonly number[] {
  const known = ZERO_TEST_DEGREES.get(field);
  if (known !== undefined) return known;
  const blocks = comparisonBlocks(field);
  const within = blocks.flatMap(([start, end]) =>
    Array.from({ length: end - start }, (_, i) => end - 1 - (start + i)).filter((above) => above > 0),
  );
  const blockTests = blocks.slice(1).map(([start, end]) => end - start);
  const prefixTests = blocks.slice(0, -1).map((_, b) => blocks.length - 1 - b);
  const degrees = [...within, ...blockTests, ...prefixTests];
  ZERO_TEST_DEGREES.set(field, degrees);
  return degrees;
}

// How many of less-than's zero tests, the first ones, are within blocks.
function withinBlockTests(field: PrimeField): number {
  return comparisonBlocks(field).reduce((sum, [start, end]) => sum + end - start - 1, 0);
}

/** `COMPARE` material: the digit monomials and the zero tests of {@link comparisonBlocks}. */
export interface CompareMask {
  readonly digits: DigitMonomials;
  /** Per digit: the test of the number of differing digits above it in its block (none for a block's top). */
  readonly within: readonly (ZeroTestMask | undefined)[];
  /** Per block: the test of its number of differing digits (none for block 0). */
  readonly blockTests: readonly (ZeroTestMask | undefined)[];
  /** Per block: the test of the number of differing blocks above it (none for the top block). */
  readonly prefixTests: readonly (ZeroTestMask | undefined)[];
}

/** `EQUALITY_SECRET_OUTPUT` material: the bits of r and a zero test of degree L. */
export interface EqualityMask {
  readonly bits: readonly bigint[];
  readonly test: ZeroTestMask;
}

/** `EQUALITY_PUBLIC_OUTPUT` material: the non-zero factor r and a degree-2T share of zero. */
export interface PublicEqualityMask {
  readonly r: bigint;
  readonly zero: bigint;
}

/** Reads `COMPARE` material. */
export function readCompareMask(material: PreprocessingMaterial, field: PrimeField): CompareMask {
  const element = "COMPARE";
  const reader = new MaterialReader(element, material, materialLength(element, field.prime));
  const blocks = comparisonBlocks(field);
  const digits = Array.from({ length: fieldBits(field) / 4 }, () => [1n, ...reader.take(15)]);
  const zeros = reader.tail(zeroSharingCount(element, field.prime));
  let nextZero = 0;
  const test = (degree: number): ZeroTestMask => {
    const [rho, ...terms] = reader.take(zeroTestValues(degree));
    return { rho: rho as bigint, terms, zero: zeros[nextZero++] as bigint };
  };
  const within = blocks.flatMap(([start, end]) =>
    Array.from({ length: end - start }, (_, i) => {
      const above = end - 1 - (start + i);
      return above > 0 ? test(above) : undefined;
    }),
  );
  const blockTests = blocks.map(([start, end], b) => (b > 0 ? test(end - start) : undefined));
  const prefixTests = blocks.map((_, b) => (b < blocks.length - 1 ? test(blocks.length - 1 - b) : undefined));
  return { digits, within, blockTests, prefixTests };
}

/** Reads `EQUALITY_SECRET_OUTPUT` material. */
export function readEqualityMask(material: PreprocessingMaterial, field: PrimeField): EqualityMask {
  const element = "EQUALITY_SECRET_OUTPUT";
  const bits = fieldBits(field);
  const reader = new MaterialReader(element, material, materialLength(element, field.prime));
  const mask = reader.take(bits);
  const [rho, ...terms] = reader.take(zeroTestValues(bits));
  return { bits: mask, test: { rho: rho as bigint, terms, zero: reader.take(1)[0] as bigint } };
}

/** Reads `EQUALITY_PUBLIC_OUTPUT` material. */
export function readPublicEqualityMask(material: PreprocessingMaterial): PublicEqualityMask {
  const [r, zero] = new MaterialReader("EQUALITY_PUBLIC_OUTPUT", material, 2).take(2);
  return { r: r as bigint, zero: zero as bigint };
}

/**
 * A uniform r < p as base-16 digits, least significant first: for each digit, one party's shares of its
 * 16 monomials indexed by subset S of its bits (entry 0 is the constant 1, entry 1 the lowest bit).
 */
export type DigitMonomials = readonly (readonly bigint[])[];

/** k + κ (or K − 1) uniform bits, bit 0 first, with the products of the pairs (2j, 2j + 1) below a bound. */
export interface BitsMask {
  readonly bits: readonly bigint[];
  readonly pairs: readonly bigint[];
}

/** A comparison mask of the division: K − 1 bits with pair products and the high part below 2^(κ+1). */
export interface ComparisonMask extends BitsMask {
  readonly size: number;
  readonly high: bigint;
}

/** Reads `TRUNC_PR`, `TRUNC` or `MODULO` material. */
export function readBitsMask(
  element: "TRUNC_PR" | "TRUNC" | "MODULO",
  material: PreprocessingMaterial,
  field: PrimeField,
): BitsMask {
  const k = integerSize(field);
  const reader = new MaterialReader(element, material, materialLength(element, field.prime));
  const bits = reader.take(k + KAPPA);
  return { bits, pairs: element === "TRUNC_PR" ? [] : reader.take(pairCount(k - 1)) };
}

/** Reads `DIVISION_SECRET_DIVISOR` material: one mask per comparison, in {@link divisionComparisonSizes} order. */
export function readDivisionMasks(material: PreprocessingMaterial, field: PrimeField): ComparisonMask[] {
  const element = "DIVISION_SECRET_DIVISOR";
  const reader = new MaterialReader(element, material, materialLength(element, field.prime));
  return divisionComparisonSizes(field).map((size) => ({
    size,
    bits: reader.take(size - 1),
    pairs: reader.take(pairCount(size - 1)),
    high: reader.take(1)[0] as bigint,
  }));
}

/** A truncation's mask: shares of R = r′ + 2^m·r″ and of r″, and a degree-2T share of zero. */
export interface TruncationMask {
  readonly whole: bigint;
  readonly high: bigint;
  readonly zero: bigint;
}

/** `DIVISION_SECRET_DIVISOR` material of the reciprocal division. */
export interface ReciprocalDivisionMasks {
  readonly signs: readonly ComparisonMask[];
  /** The divisor's bit-decomposition mask: ℓ bits and the part above them, below 2^κ. */
  readonly divisor: { readonly bits: readonly bigint[]; readonly high: bigint };
  readonly truncations: readonly TruncationMask[];
  readonly corrections: readonly ComparisonMask[];
}

/** Reads `DIVISION_SECRET_DIVISOR` material on a prime that runs the reciprocal division. */
export function readReciprocalDivisionMasks(
  material: PreprocessingMaterial,
  field: PrimeField,
): ReciprocalDivisionMasks {
  const element = "DIVISION_SECRET_DIVISOR";
  const bits = secretDivisionBits(field);
  const reader = new MaterialReader(element, material, materialLength(element, field.prime));
  const comparison = (size: number): ComparisonMask => ({
    size,
    bits: reader.take(size - 1),
    pairs: reader.take(pairCount(size - 1)),
    high: reader.take(1)[0] as bigint,
  });
  const sizes = reciprocalTruncations(field);
  const zeros = reader.tail(sizes.length);
  const signs = [comparison(bits + 1), comparison(bits + 1)];
  const divisor = { bits: reader.take(bits), high: reader.take(1)[0] as bigint };
  const truncations = sizes.map((_, i) => {
    const [whole, high] = reader.take(2) as [bigint, bigint];
    return { whole, high, zero: zeros[i] as bigint };
  });
  const corrections = Array.from({ length: RECIPROCAL_CORRECTIONS }, () => comparison(bits + 3));
  return { signs, divisor, truncations, corrections };
}

/** Reads a single-value element (`RANDOM_INTEGER`, `RANDOM_BOOLEAN`). */
export function readSingle(element: PreprocessingElementName, material: PreprocessingMaterial): bigint {
  return new MaterialReader(element, material, 1).take(1)[0] as bigint;
}

// Pairs (2j, 2j + 1) that fit in `width` bits.
function pairCount(width: number): number {
  return Math.floor(width / 2);
}

function comparisonMaskLength(size: number): number {
  return size - 1 + pairCount(size - 1) + 1;
}

class MaterialReader {
  readonly #material: PreprocessingMaterial;
  #next = 0;

  constructor(element: PreprocessingElementName, material: PreprocessingMaterial, expected: number) {
    // Every party reads the same layout; a wrong length means the dealer and the engine disagree.
    if (material.length !== expected) {
      throw new InternalError(
        `${element} preprocessing material has ${material.length} elements, its layout has ${expected}`,
      );
    }
    this.#material = material;
  }

  /** The last `count` values, which `take` then never reaches. */
  tail(count: number): bigint[] {
    const end = this.#material.length - count;
    return this.#material.slice(end);
  }

  take(count: number): bigint[] {
    const values = this.#material.slice(this.#next, this.#next + count);
    this.#next += count;
    return values;
  }
}

type Sampler = (field: PrimeField) => bigint[];

// `count` uniform bits, bit 0 first.
function randomBits(count: number): bigint[] {
  const bytes = fillRandom(new Uint8Array(Math.ceil(count / 8)));
  return Array.from({ length: count }, (_, i) => BigInt(((bytes[i >> 3] as number) >> (i & 7)) & 1));
}

function bitsOf(value: bigint, count: number): bigint[] {
  return Array.from({ length: count }, (_, i) => (value >> BigInt(i)) & 1n);
}

function pairsOf(bits: readonly bigint[], width: number): bigint[] {
  return Array.from(
    { length: pairCount(width) },
    (_, j) => (bits[2 * j] as bigint) * (bits[2 * j + 1] as bigint),
  );
}

function uniformBelowP(field: PrimeField): bigint[] {
  return bitsOf(field.randomElements(1)[0] as bigint, fieldBits(field));
}

const SAMPLERS: Readonly<Partial<Record<PreprocessingElementName, Sampler>>> = {
  RANDOM_INTEGER: (field) => field.randomElements(1),
  RANDOM_BOOLEAN: () => randomBits(1),
  EQUALITY_PUBLIC_OUTPUT: (field) => {
    for (;;) {
      const [r] = field.randomElements(1) as [bigint];
      if (r !== 0n) return [r, 0n];
    }
  },
  COMPARE: (field) => {
    const bits = uniformBelowP(field);
    // Tests within a block carry 1 − 2·r_0, which turns less-than's [c < r] into r_0 ⊕ [c < r] for free.
    const flip = bits[0] === 1n ? field.modulus - 1n : 1n;
    const degrees = comparisonZeroTests(field);
    const within = withinBlockTests(field);
    const weights = degrees.map((_, t) => (t < within ? flip : 1n));
    const zeros = new Array<bigint>(degrees.length).fill(0n);
    return [...digitMonomials(bits), ...sampleZeroTests(field, degrees, weights), ...zeros];
  },
  EQUALITY_SECRET_OUTPUT: (field) => {
    const bits = fieldBits(field);
    return [...uniformBelowP(field), ...sampleZeroTests(field, [bits], [1n]), 0n];
  },
  TRUNC_PR: (field) => randomBits(integerSize(field) + KAPPA),
  TRUNC: (field) => maskedBits(field),
  MODULO: (field) => maskedBits(field),
  DIVISION_SECRET_DIVISOR: (field) => {
    const truncations = reciprocalTruncations(field);
    if (truncations.length === 0) return divisionComparisonSizes(field).flatMap(comparisonMaskValues);
    const bits = secretDivisionBits(field);
    return [
      ...comparisonMaskValues(bits + 1),
      ...comparisonMaskValues(bits + 1),
      ...randomBits(bits),
      mergeBits(randomBits(KAPPA)),
      ...truncations.flatMap(({ valueBits, shift }) => {
        const low = mergeBits(randomBits(shift));
        const high = mergeBits(randomBits(valueBits - shift + KAPPA));
        return [low + (high << BigInt(shift)), high];
      }),
      ...Array.from({ length: RECIPROCAL_CORRECTIONS }, () => comparisonMaskValues(bits + 3)).flat(),
      ...truncations.map(() => 0n),
    ];
  },
};

function comparisonMaskValues(size: number): bigint[] {
  const bits = randomBits(size - 1);
  return [...bits, ...pairsOf(bits, size - 1), mergeBits(randomBits(KAPPA + 1))];
}

// For each base-16 digit, the products of the non-empty subsets of its bits, subset S = 1…15.
function digitMonomials(bits: readonly bigint[]): bigint[] {
  const values: bigint[] = [];
  for (let i = 0; i < bits.length; i += 4) {
    for (let subset = 1; subset < 16; subset++) {
      let product = 1n;
      for (let b = 0; b < 4; b++) if (subset & (1 << b)) product *= bits[i + b] as bigint;
      values.push(product);
    }
  }
  return values;
}

function maskedBits(field: PrimeField): bigint[] {
  const k = integerSize(field);
  const bits = randomBits(k + KAPPA);
  return [...bits, ...pairsOf(bits, k - 1)];
}

function mergeBits(bits: readonly bigint[]): bigint {
  return bits.reduceRight((value, bit) => (value << 1n) | bit, 0n);
}
