// The dealer's side of every element layout: what sampleElements draws has the length the protocols
// read, bits are bits, products are the products of those bits, and masks are uniform below their bound.
import { PrimeField, type PrimeName } from "@nillion/crypto";
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  dealPreprocessing,
  integerSize,
  KAPPA,
  materialLength,
  SAMPLED_ELEMENTS,
  sampleElements,
  secretDivisionBits,
  zeroSharingCount,
} from "../src/index.js";
import { fieldBits } from "../src/integer-sizes.js";
import {
  comparisonBlocks,
  divisionComparisonSizes,
  reciprocalTruncations,
} from "../src/preprocessing-layouts.js";

const PRIMES: readonly PrimeName[] = ["SAFE_64_BITS", "SAFE_128_BITS", "SAFE_256_BITS"];
const isBit = (value: bigint) => value === 0n || value === 1n;
// The value at `x` of the polynomial through (xs[k], ys[k]).
function interpolateAt(field: PrimeField, xs: readonly bigint[], ys: readonly bigint[], x: bigint): bigint {
  let sum = 0n;
  for (const [k, xk] of xs.entries()) {
    let term = ys[k] as bigint;
    for (const [m, xm] of xs.entries()) {
      if (m !== k) term = field.mul(term, field.mul(field.reduce(x - xm), field.inv(field.reduce(xk - xm))));
    }
    sum = field.add(sum, term);
  }
  return sum;
}
const merge = (bits: readonly bigint[]) => bits.reduceRight((sum, bit) => (sum << 1n) | bit, 0n);

describe.each(PRIMES)("%s", (prime) => {
  const field = PrimeField.of(prime);
  const k = integerSize(field);

  it("draws elements of exactly the length each protocol reads", () => {
    for (const element of SAMPLED_ELEMENTS) {
      const elements = sampleElements(element, prime, 3);
      expect(elements).toHaveLength(3);
      for (const values of elements) expect(values, element).toHaveLength(materialLength(element, prime));
    }
  });

  // ρ, then weight·λ_k·ρ⁻ᵏ for k = 1…degree, λ the coefficients of the polynomial that is 1 at 1 and 0
  // at 2…degree + 1; returns where the next test starts.
  const expectZeroTest = (values: readonly bigint[], at: number, degree: number, weight: bigint) => {
    const rho = values[at] as bigint;
    expect(rho).not.toBe(0n);
    const terms = values.slice(at + 1, at + 1 + degree);
    // Σ_k terms[k]·m^k for m = x·ρ: weight·(f(x) − λ_0).
    const sumAt = (x: bigint) => {
      const m = field.mul(x, rho);
      let power = 1n;
      let sum = 0n;
      for (const term of terms) {
        power = field.mul(power, m);
        sum = field.add(sum, field.mul(term, power));
      }
      return sum;
    };
    // With λ_0·weight taken from f(1) = 1, f must vanish at 2…degree + 1.
    const constant = field.sub(weight, sumAt(1n));
    for (let x = 2n; x <= BigInt(degree) + 1n; x++) expect(field.add(constant, sumAt(x))).toBe(0n);
    return at + 1 + degree;
  };

  it("lays COMPARE out as base-16 digits of all bit products of an r < p, then its zero tests and their zeros", () => {
    const blocks = comparisonBlocks(field);
    const digits = fieldBits(field) / 4;
    expect(
      blocks.flatMap(([start, end]) => Array.from({ length: end - start }, (_, i) => start + i)),
    ).toEqual(Array.from({ length: digits }, (_, j) => j));
    for (const values of sampleElements("COMPARE", prime, 20)) {
      const bits: bigint[] = [];
      for (let at = 0; at < 15 * digits; at += 15) {
        const digit = [1, 2, 4, 8].map((subset) => values[at + subset - 1] as bigint);
        expect(digit.every(isBit)).toBe(true);
        for (let subset = 1; subset < 16; subset++) {
          const product = digit.reduce((acc, bit, b) => (subset & (1 << b) ? acc * bit : acc), 1n);
          expect(values[at + subset - 1]).toBe(product);
        }
        bits.push(...digit);
      }
      expect(merge(bits) < field.modulus).toBe(true);
      const flip = bits[0] === 1n ? field.modulus - 1n : 1n;
      let at = 15 * digits;
      let tests = 0;
      for (const [start, end] of blocks) {
        for (let j = start; j < end - 1; j++, tests++) at = expectZeroTest(values, at, end - 1 - j, flip);
      }
      for (const [start, end] of blocks.slice(1)) {
        at = expectZeroTest(values, at, end - start, 1n);
        tests += 1;
      }
      for (let b = 0; b < blocks.length - 1; b++, tests++)
        at = expectZeroTest(values, at, blocks.length - 1 - b, 1n);
      expect(zeroSharingCount("COMPARE", prime)).toBe(tests);
      expect(values.slice(at)).toEqual(new Array(tests).fill(0n));
    }
  });

  it("lays EQUALITY_SECRET_OUTPUT out as the bits of an r < p, a zero test of degree bits(p) and its zero", () => {
    const width = fieldBits(field);
    for (const values of sampleElements("EQUALITY_SECRET_OUTPUT", prime, 3)) {
      const bits = values.slice(0, width);
      expect(bits.every(isBit)).toBe(true);
      expect(merge(bits) < field.modulus).toBe(true);
      expect(expectZeroTest(values, width, width, 1n)).toBe(values.length - 1);
      expect(values.at(-1)).toBe(0n);
      expect(zeroSharingCount("EQUALITY_SECRET_OUTPUT", prime)).toBe(1);
    }
  });

  it("lays EQUALITY_PUBLIC_OUTPUT out as a non-zero r and a zero dealt at degree 2T", () => {
    for (const [r, zero] of sampleElements("EQUALITY_PUBLIC_OUTPUT", prime, 50)) {
      expect(r).not.toBe(0n);
      expect(zero).toBe(0n);
    }
    expect(zeroSharingCount("EQUALITY_PUBLIC_OUTPUT", prime)).toBe(1);
    for (const element of ["RANDOM_INTEGER", "TRUNC", "MODULO"] as const) {
      expect(zeroSharingCount(element, prime)).toBe(0);
    }
    expect(zeroSharingCount("DIVISION_SECRET_DIVISOR", prime)).toBe(reciprocalTruncations(field).length);
  });

  it("deals the zeros of zero tests at degree 2T: n points of a polynomial of degree exactly 2T through 0", async () => {
    const parties = 5;
    const degree = 2;
    const sources = dealPreprocessing({ EQUALITY_PUBLIC_OUTPUT: 1 }, { prime, parties, degree });
    const shares = await Promise.all(
      sources.map(async (source) => (await source.draw("EQUALITY_PUBLIC_OUTPUT", 0, 1))[0] ?? []),
    );
    const xs = Array.from({ length: parties }, (_, j) => BigInt(j + 1));
    const column = (v: number) => shares.map((material) => material[v] as bigint);
    const zeroAt = (ys: readonly bigint[], x: bigint) => interpolateAt(field, xs, ys, x);
    const lowDegree = (ys: readonly bigint[], d: number) =>
      xs.every((x, j) => interpolateAt(field, xs.slice(0, d + 1), ys.slice(0, d + 1), x) === ys[j]);
    expect(lowDegree(column(0), degree)).toBe(true);
    expect(zeroAt(column(0), 0n)).not.toBe(0n);
    expect(zeroAt(column(1), 0n)).toBe(0n);
    expect(lowDegree(column(1), 2 * degree - 1)).toBe(false);
  });

  it("lays TRUNC, MODULO and TRUNC_PR out as k + κ bits and, for the first two, their pair products", () => {
    for (const element of ["TRUNC", "MODULO", "TRUNC_PR"] as const) {
      const [values = []] = sampleElements(element, prime, 1);
      const bits = values.slice(0, k + KAPPA);
      expect(bits.every(isBit)).toBe(true);
      const pairs = values.slice(k + KAPPA);
      expect(pairs).toHaveLength(element === "TRUNC_PR" ? 0 : Math.floor((k - 1) / 2));
      for (const [j, pair] of pairs.entries())
        expect(pair).toBe((bits[2 * j] as bigint) * (bits[2 * j + 1] as bigint));
    }
  });

  it("gives a secret division the masks of its protocol: long division or reciprocal", () => {
    const bits = secretDivisionBits(field);
    const truncations = reciprocalTruncations(field);
    const [values = []] = sampleElements("DIVISION_SECRET_DIVISOR", prime, 1);
    let at = 0;
    const comparison = (size: number) => {
      // The widest masked value must stay below p: K + κ + 1 bits.
      expect(2n ** BigInt(size + KAPPA + 1) < field.modulus).toBe(true);
      expect(values.slice(at, at + size - 1).every(isBit)).toBe(true);
      at += size - 1 + Math.floor((size - 1) / 2);
      expect((values[at] as bigint) < 2n ** BigInt(KAPPA + 1)).toBe(true);
      at += 1;
    };
    if (truncations.length === 0) {
      const sizes = divisionComparisonSizes(field);
      expect(sizes).toHaveLength(4 + bits);
      expect(Math.max(...sizes)).toBe(2 * bits);
      for (const size of sizes) comparison(size);
      expect(at).toBe(values.length);
      return;
    }
    expect(prime).toBe("SAFE_256_BITS");
    comparison(bits + 1);
    comparison(bits + 1);
    expect(values.slice(at, at + bits).every(isBit)).toBe(true);
    expect((values[at + bits] as bigint) < 2n ** BigInt(KAPPA)).toBe(true);
    at += bits + 1;
    expect(truncations).toHaveLength(11);
    for (const { valueBits, shift } of truncations) {
      const [whole, high] = values.slice(at, at + 2) as [bigint, bigint];
      // R = r′ + 2^m·r″ with r′ < 2^m and r″ < 2^(V − m + κ); x·y + R must stay below p.
      expect(whole >> BigInt(shift)).toBe(high);
      expect(high < 2n ** BigInt(valueBits - shift + KAPPA)).toBe(true);
      expect(2n ** BigInt(valueBits + KAPPA + 1) < field.modulus).toBe(true);
      at += 2;
    }
    for (let i = 0; i < 5; i++) comparison(bits + 3);
    expect(values.slice(at)).toEqual(truncations.map(() => 0n));
    expect(materialLength("DIVISION_SECRET_DIVISOR", prime)).toBe(values.length);
  });

  it("draws fresh randomness every time", () => {
    for (const element of ["RANDOM_INTEGER", "COMPARE", "TRUNC_PR"] as const) {
      const [first, second] = sampleElements(element, prime, 2);
      expect(first).not.toEqual(second);
    }
    expect(sampleElements("EQUALITY_PUBLIC_OUTPUT", prime, 50).every(([r]) => r !== 0n)).toBe(true);
    const bits = sampleElements("RANDOM_BOOLEAN", prime, 200).map(([bit]) => bit);
    expect(bits.every((bit) => bit === 0n || bit === 1n)).toBe(true);
    expect(new Set(bits).size).toBe(2);
  });
});

describe("input checks", () => {
  it("name the argument", () => {
    expect(() => sampleElements("COMPARE", "SAFE_64_BITS", -1)).toThrow(InvalidArgumentError);
    expect(() => sampleElements("COMPARE", "SAFE_64_BITS", 1.5)).toThrow(
      "count must be a non-negative whole number, got 1.5",
    );
    expect(() => sampleElements("CGGMP21_AUXILIARY_INFO" as never, "SAFE_64_BITS", 1)).toThrow(
      "CGGMP21_AUXILIARY_INFO elements have no layout in this engine",
    );
  });

  it("dealPreprocessing serves what it dealt and refuses a draw beyond it", async () => {
    const sources = dealPreprocessing(
      { RANDOM_INTEGER: 2 },
      { prime: "SAFE_64_BITS", parties: 3, degree: 1 },
    );
    expect(sources).toHaveLength(3);
    expect(await sources[0]?.draw("RANDOM_INTEGER", 0, 2)).toHaveLength(2);
    await expect(sources[1]?.draw("RANDOM_INTEGER", 1, 2)).rejects.toThrow(
      "only 2 RANDOM_INTEGER elements were dealt, offsets 1…2 were drawn",
    );
  });
});
