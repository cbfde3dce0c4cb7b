import {
  assignAbscissas,
  interpolateAtZero,
  lagrangeAtZero,
  PRIMES,
  PrimeField,
  primeName,
  SecretMasker,
} from "@nillion/crypto";
import { bytesToHex, hexToBytes, SecretInteger } from "@nillion/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { vectors } from "./vectors.js";

describe("PrimeField", () => {
  it.each(Object.keys(PRIMES) as (keyof typeof PRIMES)[])(
    "%s: widths, chunk size and signed range",
    (prime) => {
      const field = PrimeField.of(prime);
      const { bits, modulus } = PRIMES[prime];
      expect(field.byteLength).toBe(bits / 8);
      expect(field.blobChunkSize).toBe(bits / 8 - 1);
      expect(field.maxSigned).toBe((modulus - 1n) / 2n);
      expect(PrimeField.of(PRIMES[prime].wire)).toBe(field);
    },
  );

  it("encodes little-endian, fixed width (public integer -1 on the 256-bit prime)", () => {
    const field = PrimeField.of("SAFE_256_BITS");
    expect(bytesToHex(field.encode(field.fromSigned(-1n)))).toBe(`0200c098${"ff".repeat(28)}`);
  });

  it("decodes with reduction, and rejects wrong widths naming the value", () => {
    const field = PrimeField.of("SAFE_64_BITS");
    const p = field.modulus;
    const bytes = (x: bigint) =>
      Uint8Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
    expect(field.decode(bytes(p + 5n))).toBe(5n);
    expect(() => field.decode(new Uint8Array(7), "my share")).toThrow(
      "invalid value length: my share has 7 bytes, the SAFE_64_BITS field needs 8",
    );
  });

  it("inverts and maps signed values both ways", () => {
    const field = PrimeField.of("SAFE_128_BITS");
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: field.modulus - 1n }), (a) => {
        expect(field.mul(a, field.inv(a))).toBe(1n);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -field.maxSigned, max: field.maxSigned }), (v) => {
        expect(field.toSigned(field.fromSigned(v))).toBe(v);
      }),
    );
    expect(() => field.inv(0n)).toThrow("zero has no inverse");
  });

  it("draws uniform-looking elements below p", () => {
    const field = PrimeField.of("SAFE_64_BITS");
    const draws = field.randomElements(2000);
    expect(draws.every((x) => x >= 0n && x < field.modulus)).toBe(true);
    expect(new Set(draws).size).toBe(2000);
    const highHalf = draws.filter((x) => x > field.maxSigned).length;
    expect(highHalf).toBeGreaterThan(850);
    expect(highHalf).toBeLessThan(1150);
  });

  it("names primes by wire number", () => {
    expect(primeName(0)).toBe("SAFE_64_BITS");
    expect(primeName("SAFE_128_BITS")).toBe("SAFE_128_BITS");
    expect(() => primeName(3)).toThrow(/unknown prime 3/);
  });
});

describe("Shamir", () => {
  it("gives abscissas by ascending party id, as the official masker does (abscissa_checks)", () => {
    const checks = (
      vectors as unknown as {
        abscissa_checks: { partiesInputOrder: string[]; expectedAbscissa: Record<string, number> }[];
      }
    ).abscissa_checks;
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) {
      const parties = assignAbscissas(check.partiesInputOrder.map((id) => hexToBytes(id)));
      expect(Object.fromEntries(parties.map((p) => [p.hex, Number(p.x)]))).toEqual(check.expectedAbscissa);
    }
  });

  it("uses the integer Lagrange weights 3, -3, 1 for x = 1, 2, 3 and 2, -1 for x = 1, 2", () => {
    const field = PrimeField.of("SAFE_64_BITS");
    expect(lagrangeAtZero(field, [1n, 2n, 3n])).toEqual({ coefficients: [3n, -3n, 1n], exact: true });
    expect(lagrangeAtZero(field, [1n, 2n])).toEqual({ coefficients: [2n, -1n], exact: true });
  });

  it("interpolates non-consecutive subsets with modular weights", () => {
    const field = PrimeField.of("SAFE_128_BITS");
    const lagrange = lagrangeAtZero(field, [2n, 5n]);
    expect(lagrange.exact).toBe(false);
    // f(x) = 7 + 11x: f(2) = 29, f(5) = 62
    expect(interpolateAtZero(field, lagrange, [29n, 62n])).toBe(7n);
  });

  it("puts shares on a polynomial of exactly the cluster degree", () => {
    const ids = ["01", "02", "03", "04", "05"].map((h) => hexToBytes(h));
    const masker = new SecretMasker({ prime: "SAFE_64_BITS", degree: 2, parties: ids });
    const field = masker.field;
    const shares = masker.mask({ v: new SecretInteger(77n) });
    const ys = shares.map((party) =>
      field.decode(
        (party.values[0]?.value.value.value as { value: Uint8Array } | undefined)?.value ?? new Uint8Array(8),
      ),
    );
    // Any 3 points determine the degree-2 polynomial; the 4th and 5th must agree with it...
    expect(masker.unmask(shares)["v"]?.equals(new SecretInteger(77n))).toBe(true);
    // ...and 2 points alone are not enough to recover the secret (the third coefficient matters).
    const lagrange = lagrangeAtZero(field, [1n, 2n]);
    expect(interpolateAtZero(field, lagrange, ys.slice(0, 2))).not.toBe(77n);
  });
});
