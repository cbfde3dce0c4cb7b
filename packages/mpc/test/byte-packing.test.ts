// BytePacking: byte strings travel as canonical field elements of any cluster prime and come back
// unchanged; limbs no packing could have produced are refused.
import { PrimeField } from "@nillion/crypto";
import { describe, expect, it } from "vitest";
import { BytePacking } from "../src/index.js";

describe.each(["SAFE_64_BITS", "SAFE_128_BITS", "SAFE_256_BITS"] as const)("%s", (prime) => {
  const packing = BytePacking.of(prime);
  const field = PrimeField.of(prime);

  it("packs bytes into field elements and back, whatever the length", () => {
    for (const length of [0, 1, 7, 15, 31, 32, 33, 64, 100]) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      bytes.fill(0xff, 0, Math.min(length, 20)); // the largest limbs
      const limbs = packing.pack(bytes);
      expect(limbs).toHaveLength(Math.ceil(length / packing.chunk));
      for (const limb of limbs) expect(limb < field.modulus).toBe(true);
      expect(packing.unpack(limbs, length)).toEqual(bytes);
    }
  });

  it("refuses limbs of the wrong count or too large for their bytes", () => {
    const limbs = packing.pack(new Uint8Array(32).fill(1));
    expect(packing.unpack(limbs.slice(1), 32)).toBeUndefined();
    expect(
      packing.unpack([...limbs.slice(0, -1), 1n << BigInt(8 * (32 % packing.chunk || packing.chunk))], 32),
    ).toBeUndefined();
    expect(packing.unpack([1n << BigInt(8 * packing.chunk), ...limbs.slice(1)], 32)).toBeUndefined();
  });
});
