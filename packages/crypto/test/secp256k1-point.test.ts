import { secp256k1 } from "@noble/curves/secp256k1.js";
import { expect, it } from "vitest";
import { Secp256k1Point } from "../src/masker/secp256k1-point.js";

it("is noble's secp256k1 group: same order, same points, same encodings", () => {
  expect(Secp256k1Point.Fn.ORDER).toBe(secp256k1.Point.Fn.ORDER);
  expect(Secp256k1Point.Fp.ORDER).toBe(secp256k1.Point.Fp.ORDER);
  for (const scalar of [1n, 2n, 7n, 2n ** 200n + 12345n, secp256k1.Point.Fn.ORDER - 1n]) {
    const ours = Secp256k1Point.BASE.multiply(scalar).toBytes(true);
    expect(ours).toEqual(secp256k1.Point.BASE.multiply(scalar).toBytes(true));
    expect(Secp256k1Point.fromBytes(ours).equals(Secp256k1Point.BASE.multiply(scalar))).toBe(true);
  }
  const uncompressed = secp256k1.Point.BASE.multiply(99n).toBytes(false);
  expect(Secp256k1Point.fromBytes(uncompressed).toBytes(true)).toEqual(
    secp256k1.Point.BASE.multiply(99n).toBytes(true),
  );
});
