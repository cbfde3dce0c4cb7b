// Additive n-of-n sharing of ECDSA/EdDSA private keys and ECDSA signatures, as the reference
// trusted dealer does it: n − 1 random non-zero scalars and a last one that makes the sum right.
// Unlike Shamir shares these live modulo the curve's group order, not the cluster prime.

import { bytesEqual, bytesToHex, InvalidArgumentError } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { bigIntToBytes, bytesToBigInt, mod } from "../bigint-bytes.js";
import { fillRandom } from "../random.js";
import { Secp256k1Point } from "./secp256k1-point.js";
import type { WireKeyShare } from "./wire-value.js";

/** What the sharing needs from a curve: its group order and the points of scalars. */
export interface ShareCurve {
  readonly name: "secp256k1" | "ed25519";
  readonly order: bigint;
  /** scalar · G, encoded (33-byte compressed for secp256k1, 32 bytes for Ed25519). */
  basePoint(scalar: bigint): Uint8Array;
  /** The encoded sum of encoded points; throws on bytes that are not a point. */
  sumPoints(points: readonly Uint8Array[]): Uint8Array;
}

export const SECP256K1: ShareCurve = {
  name: "secp256k1",
  order: Secp256k1Point.Fn.ORDER,
  basePoint: (scalar) => Secp256k1Point.BASE.multiply(scalar).toBytes(true),
  sumPoints: (points) =>
    points
      .map((bytes) => Secp256k1Point.fromBytes(bytes))
      .reduce((sum, point) => sum.add(point))
      .toBytes(true),
};

export const ED25519: ShareCurve = {
  name: "ed25519",
  order: ed25519.Point.Fn.ORDER,
  basePoint: (scalar) => ed25519.Point.BASE.multiply(scalar).toBytes(),
  sumPoints: (points) =>
    points
      .map((bytes) => ed25519.Point.fromBytes(bytes))
      .reduce((sum, point) => sum.add(point))
      .toBytes(),
};

/** A uniform non-zero scalar: 48 random bytes reduced modulo the order (bias below 2^-128). */
export function randomScalar(order: bigint): bigint {
  for (;;) {
    const scalar = bytesToBigInt(fillRandom(new Uint8Array(48)), "be") % order;
    if (scalar !== 0n) return scalar;
  }
}

/** Splits `secret` into `parties` non-zero addends modulo `order` (the last one may be zero only for signatures). */
export function splitAdditively(
  secret: bigint,
  parties: number,
  order: bigint,
  lastMayBeZero: boolean,
): bigint[] {
  for (;;) {
    const addends = Array.from({ length: parties - 1 }, () => randomScalar(order));
    const last = mod(secret - addends.reduce((sum, x) => sum + x, 0n), order);
    if (last !== 0n || lastMayBeZero) return [...addends, last];
  }
}

/** One key share per party (in party order), with the public points every share carries. */
export function shareKey(secret: bigint, parties: number, curve: ShareCurve): WireKeyShare[] {
  const xs = splitAdditively(secret, parties, curve.order, false);
  const sharedPublicKey = curve.basePoint(secret);
  const publicShares = xs.map((x) => curve.basePoint(x));
  return xs.map((x, i) => ({ i, x: bigIntToBytes(x, 32, "le"), sharedPublicKey, publicShares }));
}

/**
 * Recovers a key from every party's share, after checking what the node checks when it decodes a
 * share (index, points of the shares, their sum) and that all shares describe the same key.
 * @param shares in party order: `shares[k]` belongs to the k-th party
 */
export function recoverKey(shares: readonly WireKeyShare[], curve: ShareCurve, path: string): bigint {
  const n = shares.length;
  const first = shares[0];
  if (!first) throw invalid(path, "no key shares");
  const fail = (problem: string) => invalid(path, `${curve.name} key shares are inconsistent: ${problem}`);
  if (first.publicShares.length !== n)
    throw fail(`they list ${first.publicShares.length} public shares for ${n} parties`);
  let sum = 0n;
  for (const [k, share] of shares.entries()) {
    if (share.i !== k) throw fail(`party #${k + 1} holds share index ${share.i}, expected ${k}`);
    if (!bytesEqual(share.sharedPublicKey, first.sharedPublicKey))
      throw fail("they disagree on the public key");
    if (
      share.publicShares.length !== n ||
      share.publicShares.some((point, j) => !bytesEqual(point, first.publicShares[j] as Uint8Array))
    ) {
      throw fail("they disagree on the public shares");
    }
    if (share.x.length !== 32) throw fail(`share ${k} has ${share.x.length} bytes, expected 32`);
    const x = bytesToBigInt(share.x, "le");
    if (x === 0n || x >= curve.order) throw fail(`share ${k} is not a non-zero scalar below the group order`);
    if (!bytesEqual(curve.basePoint(x), first.publicShares[k] as Uint8Array)) {
      throw fail(`share ${k} does not match its public share`);
    }
    sum += x;
  }
  const secret = mod(sum, curve.order);
  if (secret === 0n) throw fail("they sum to zero");
  let expected: Uint8Array;
  try {
    expected = curve.sumPoints(first.publicShares);
  } catch (cause) {
    throw invalid(path, `${curve.name} key shares carry a public share that is not a curve point`, cause);
  }
  if (!bytesEqual(expected, first.sharedPublicKey))
    throw fail("the public shares do not add up to the public key");
  return secret;
}

/** Per party `{ r, sigma }`: r copied, s split additively. Scalars little-endian, as on the wire. */
export function shareSignature(
  r: bigint,
  s: bigint,
  parties: number,
): { r: Uint8Array; sigma: Uint8Array }[] {
  const rBytes = bigIntToBytes(r, 32, "le");
  return splitAdditively(s, parties, SECP256K1.order, true).map((sigma) => ({
    r: rBytes,
    sigma: bigIntToBytes(sigma, 32, "le"),
  }));
}

/**
 * s = Σ sigma, normalised to low-s as the reference does; every share must carry the same r
 * (the reference silently takes one of them).
 */
export function recoverSignature(
  shares: readonly { r: Uint8Array; sigma: Uint8Array }[],
  path: string,
): { r: bigint; s: bigint } {
  const order = SECP256K1.order;
  const first = shares[0];
  if (!first) throw invalid(path, "no signature shares");
  let sum = 0n;
  for (const [k, share] of shares.entries()) {
    if (share.r.length !== 32 || share.sigma.length !== 32) {
      throw invalid(
        path,
        `ECDSA signature share ${k} has r of ${share.r.length} and sigma of ${share.sigma.length} bytes, expected 32 each`,
      );
    }
    if (!bytesEqual(share.r, first.r)) {
      throw invalid(
        path,
        `ECDSA signature shares disagree on r (${bytesToHex(first.r)} vs ${bytesToHex(share.r)})`,
      );
    }
    sum += bytesToBigInt(share.sigma, "le");
  }
  const r = bytesToBigInt(first.r, "le");
  let s = mod(sum, order);
  if (r === 0n || r >= order || s === 0n)
    throw invalid(path, "EcdsaSignature could not be recovered from shares");
  if (s > order / 2n) s = order - s;
  return { r, s };
}

function invalid(path: string, problem: string, cause?: unknown): InvalidArgumentError {
  return new InvalidArgumentError(`cannot unmask "${path}": ${problem}`, {
    argument: "shares",
    ...(cause === undefined ? {} : { cause }),
  });
}
