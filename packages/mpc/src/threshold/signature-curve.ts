// The two curves of the threshold signatures, as the protocols use them: arithmetic modulo the group
// order, points and their byte forms. Keys and signatures live here, never in the cluster prime's field.
import { bigIntToBytes, bytesToBigInt, fillRandom } from "@nillion/crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** A point of either curve; both of noble's point classes have this shape. */
export interface CurvePoint {
  add(other: CurvePoint): CurvePoint;
  multiply(scalar: bigint): CurvePoint;
  equals(other: CurvePoint): boolean;
  is0(): boolean;
}

/**
 * A curve of prime order q with generator G: secp256k1 for ECDSA, Ed25519 (its prime-order subgroup)
 * for EdDSA. Scalars are bigints in 0…q−1; points are encoded as the reference encodes them in key shares
 * (33-byte compressed SEC1, 32-byte Ed25519).
 */
export interface SignatureCurve {
  readonly name: "secp256k1" | "ed25519";
  /** q, the order of G. */
  readonly order: bigint;
  /** Bytes of an encoded point. */
  readonly pointLength: 33 | 32;
  /** scalar·G for 0 < scalar < q. */
  base(scalar: bigint): CurvePoint;
  /** The point `bytes` encode; throws on bytes that are not one. */
  decode(bytes: Uint8Array): CurvePoint;
  /** The encoding of a point other than the identity. */
  encode(point: CurvePoint): Uint8Array;
  /** The inverse of a non-zero scalar modulo q. */
  invert(scalar: bigint): bigint;
}

// Both point classes are structurally CurvePoints; the casts only forget which curve a point is on, which
// the SignatureCurve that made it remembers.
type NoblePoint<P> = {
  add(other: P): P;
  multiply(scalar: bigint): P;
  equals(other: P): boolean;
  is0(): boolean;
};
const generic = <P extends NoblePoint<P>>(point: P): CurvePoint => point as unknown as CurvePoint;

/** secp256k1: ECDSA keys and signatures. */
export const SECP256K1: SignatureCurve = {
  name: "secp256k1",
  order: secp256k1.Point.Fn.ORDER,
  pointLength: 33,
  base: (scalar) => generic(secp256k1.Point.BASE.multiply(scalar)),
  decode: (bytes) => generic(secp256k1.Point.fromBytes(bytes)),
  encode: (point) => (point as unknown as InstanceType<typeof secp256k1.Point>).toBytes(true),
  invert: (scalar) => secp256k1.Point.Fn.inv(scalar),
};

/** Ed25519: EdDSA keys and signatures. */
export const ED25519: SignatureCurve = {
  name: "ed25519",
  order: ed25519.Point.Fn.ORDER,
  pointLength: 32,
  base: (scalar) => generic(ed25519.Point.BASE.multiply(scalar)),
  decode: (bytes) => generic(ed25519.Point.fromBytes(bytes)),
  encode: (point) => (point as unknown as InstanceType<typeof ed25519.Point>).toBytes(),
  invert: (scalar) => ed25519.Point.Fn.inv(scalar),
};

/** `value` reduced to 0…q−1. */
export function modOrder(curve: SignatureCurve, value: bigint): bigint {
  const r = value % curve.order;
  return r < 0n ? r + curve.order : r;
}

/** A uniform non-zero scalar: 64 random bytes reduced modulo q, so the bias is below 2^-256. */
export function randomScalar(curve: SignatureCurve): bigint {
  for (;;) {
    const scalar = bytesToBigInt(fillRandom(new Uint8Array(64)), "le") % curve.order;
    if (scalar !== 0n) return scalar;
  }
}

/** A scalar as the reference writes it in key and signature shares: 32 bytes, little-endian. */
export function scalarBytes(value: bigint): Uint8Array {
  return bigIntToBytes(value, 32, "le");
}
