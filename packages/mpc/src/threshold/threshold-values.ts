// Values of the threshold-signature types as one party holds them: its additive share of a key or of an
// ECDSA signature, or bytes every party holds alike (digests, messages, public keys, EdDSA signatures).
// They keep their wire form, checked when read as the node checks it when it decodes a value.
import { bytesToBigInt, type WireKeyShare, type WireValueCase } from "@nillion/crypto";
import { type CurvePoint, ED25519, SECP256K1, type SignatureCurve } from "./signature-curve.js";

/** The threshold-signature types of the value model, and the wire case each travels as. */
export const THRESHOLD_CASES = {
  EcdsaPrivateKey: "ecdsaPrivateKeyShare",
  EcdsaDigestMessage: "ecdsaMessageDigest",
  EcdsaSignature: "ecdsaSignatureShare",
  EcdsaPublicKey: "ecdsaPublicKey",
  EddsaPrivateKey: "eddsaPrivateKeyShare",
  EddsaMessage: "eddsaMessage",
  EddsaSignature: "eddsaSignature",
  EddsaPublicKey: "eddsaPublicKey",
} as const;

export type ThresholdTypeName = keyof typeof THRESHOLD_CASES;
export type ThresholdCase = (typeof THRESHOLD_CASES)[ThresholdTypeName];
export type ThresholdWire = Extract<WireValueCase, { readonly case: ThresholdCase }>;
/** The payload of wire case `C`. */
export type ThresholdPayload<C extends ThresholdCase> = ThresholdWire extends infer W
  ? W extends { readonly case: infer K; readonly value: infer V }
    ? C extends K
      ? V
      : never
    : never
  : never;

/** A threshold-signature value as one party holds it. */
export interface ThresholdValue {
  readonly kind: "threshold";
  readonly type: { readonly kind: ThresholdTypeName };
  readonly wire: ThresholdWire;
}

/** Which party reads a value, when known: key shares must be this party's. */
export interface PartyPosition {
  readonly parties: number;
  readonly party: number;
}

/** Whether values of this type are threshold-signature values. */
export function isThresholdType(type: {
  readonly kind: string;
}): type is { readonly kind: ThresholdTypeName } {
  return Object.hasOwn(THRESHOLD_CASES, type.kind);
}

/** The curve of a key share's wire case. */
export function keyCurve(wireCase: "ecdsaPrivateKeyShare" | "eddsaPrivateKeyShare"): SignatureCurve {
  return wireCase === "ecdsaPrivateKeyShare" ? SECP256K1 : ED25519;
}

type WireInput = { readonly case: string | undefined; readonly value?: unknown } | undefined;

/**
 * Reads a value of a threshold type, or returns what is wrong with it: the wire case must be the type's,
 * byte strings must have their lengths (digest 32, public keys 33 and 32, signature shares 32 + 32, EdDSA
 * signatures 64), and a key share must be valid (see {@link keyShareProblem}).
 */
export function readThresholdValue(
  wire: WireInput,
  type: { readonly kind: ThresholdTypeName },
  position: PartyPosition | undefined,
): ThresholdValue | string {
  const expected = THRESHOLD_CASES[type.kind];
  if (wire?.case !== expected) return `must be ${type.kind}, got ${wire?.case ?? "no value"}`;
  const value = (wire.value ?? {}) as Record<string, unknown>;
  const bytes = (field: string) => (value[field] instanceof Uint8Array ? value[field] : new Uint8Array());
  const sized = (field: string, length: number) => {
    const found = bytes(field);
    return found.length === length ? undefined : `${field} must have ${length} bytes, got ${found.length}`;
  };
  let problem: string | undefined;
  let read: ThresholdWire;
  switch (expected) {
    case "ecdsaPrivateKeyShare":
    case "eddsaPrivateKeyShare": {
      const share: WireKeyShare = {
        i: typeof value["i"] === "number" ? value["i"] : 0,
        x: bytes("x"),
        sharedPublicKey: bytes("sharedPublicKey"),
        publicShares: Array.isArray(value["publicShares"])
          ? [...(value["publicShares"] as Uint8Array[])]
          : [],
      };
      problem = keyShareProblem(share, keyCurve(expected), position);
      read = { case: expected, value: share };
      break;
    }
    case "ecdsaMessageDigest":
      problem = sized("digest", 32);
      read = { case: expected, value: { digest: bytes("digest") } };
      break;
    case "ecdsaSignatureShare":
      problem = sized("r", 32) ?? sized("sigma", 32);
      read = { case: expected, value: { r: bytes("r"), sigma: bytes("sigma") } };
      break;
    case "ecdsaPublicKey":
    case "eddsaPublicKey":
      problem = sized("publicKey", expected === "ecdsaPublicKey" ? 33 : 32);
      read = { case: expected, value: { publicKey: bytes("publicKey") } };
      break;
    case "eddsaSignature":
      problem = sized("signature", 64);
      read = { case: expected, value: { signature: bytes("signature") } };
      break;
    case "eddsaMessage":
      read = { case: expected, value: { message: bytes("message") } };
      break;
  }
  return problem ?? { kind: "threshold", type, wire: read };
}

/**
 * What is wrong with a key share, as the node's key-share validation sees it: an index within the
 * parties (this party's own, when known), one public share per party, x a non-zero scalar below the
 * group order whose point is the party's public share, and public shares that are points adding up to
 * the shared public key. Undefined when it is valid.
 */
export function keyShareProblem(
  share: WireKeyShare,
  curve: SignatureCurve,
  position: PartyPosition | undefined,
): string | undefined {
  const n = share.publicShares.length;
  if (position !== undefined && n !== position.parties)
    return `the key share lists ${n} public shares for ${position.parties} parties`;
  if (n < 2) return `the key share lists ${n} public shares, a threshold key needs at least 2`;
  if (position !== undefined && share.i !== position.party)
    return `the key share has index ${share.i}, but this is party ${position.party}`;
  if (!(share.i < n)) return `the key share has index ${share.i} of ${n}`;
  if (share.x.length !== 32) return `the key share's x has ${share.x.length} bytes, expected 32`;
  const x = bytesToBigInt(share.x, "le");
  if (x === 0n || x >= curve.order)
    return `the key share's x is not a non-zero scalar below the ${curve.name} order`;
  const points = [...share.publicShares, share.sharedPublicKey];
  if (points.some((point) => point.length !== curve.pointLength))
    return `the key share's points must have ${curve.pointLength} bytes each`;
  let decoded: CurvePoint[];
  try {
    decoded = points.map((point) => curve.decode(point));
  } catch {
    return `the key share carries bytes that are not a ${curve.name} point`;
  }
  const shared = decoded.pop() as CurvePoint;
  if (shared.is0()) return "the key share's shared public key is the identity: the key is zero";
  const sum = decoded.reduce((total, point) => total.add(point));
  if (!sum.equals(shared)) return "the key share's public shares do not add up to its shared public key";
  if (!curve.base(x).equals(decoded[share.i] as CurvePoint)) {
    return `the key share's x does not match public share ${share.i}`;
  }
  return undefined;
}
