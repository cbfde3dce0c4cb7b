import { assertBytes, InvalidArgumentError } from "@nillion/types";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";

/**
 * How an ECDSA signature is encoded: `compact` is 64 bytes `r‖s` (what nodes verify), `der` the ASN.1
 * DER sequence most other tools exchange.
 *
 * @example
 * ```ts
 * import type { EcdsaSignatureFormat } from "@nillion/crypto";
 *
 * const format: EcdsaSignatureFormat = "der";
 * ```
 */
export type EcdsaSignatureFormat = "compact" | "der";

/**
 * Options of ECDSA signing and verification.
 *
 * @example
 * ```ts
 * import type { EcdsaOptions } from "@nillion/crypto";
 *
 * const overDigest: EcdsaOptions = { prehash: false }; // the message is already a 32-byte digest
 * ```
 */
export interface EcdsaOptions {
  /** The signature's encoding; `"compact"` unless given. */
  readonly format?: EcdsaSignatureFormat;
  /**
   * Whether the message is hashed with SHA-256 first (`true` unless given). With `false` the message must
   * be the 32-byte digest itself, as the seed's `raw=True`.
   */
  readonly prehash?: boolean;
}

/**
 * A signature from which the signer's public key can be recovered: compact `r‖s` and the recovery id.
 *
 * @example
 * ```ts
 * import { PrivateKey, type RecoverableSignature } from "@nillion/crypto";
 *
 * const signed: RecoverableSignature = PrivateKey.fromSeed("alice").signRecoverable(new Uint8Array([1]));
 * signed.recovery; // 0 or 1
 * ```
 */
export interface RecoverableSignature {
  /** 64 bytes `r‖s`, low S. */
  readonly signature: Uint8Array;
  /** Which of the candidate points is the public key: 0 or 1 (2 and 3 are practically unreachable). */
  readonly recovery: number;
}

const COMPACT_LENGTH = 64;
const DIGEST_LENGTH = 32;
const SCHNORR_LENGTH = 64;
const X_ONLY_LENGTH = 32;

/**
 * Checks `options` and the message length it implies, and returns noble's options for them.
 *
 * @internal
 */
export function ecdsaOptions(
  message: Uint8Array,
  options: EcdsaOptions | undefined,
): { prehash: boolean; format: EcdsaSignatureFormat } {
  assertBytes(message, "message");
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidArgumentError(`"options" expected an object`, { argument: "options" });
  }
  const format = options?.format ?? "compact";
  if (format !== "compact" && format !== "der") {
    throw new InvalidArgumentError(`"options.format" must be "compact" or "der", got ${String(format)}`, {
      argument: "options.format",
    });
  }
  const prehash = options?.prehash ?? true;
  if (typeof prehash !== "boolean") {
    throw new InvalidArgumentError(`"options.prehash" must be a boolean`, { argument: "options.prehash" });
  }
  if (!prehash && message.length !== DIGEST_LENGTH) {
    throw new InvalidArgumentError(
      `"message" must be a 32-byte digest when "options.prehash" is false, got ${message.length} bytes`,
      { argument: "message", details: { expected: DIGEST_LENGTH, got: message.length } },
    );
  }
  return { prehash, format };
}

function parseSignature(signature: Uint8Array, format: EcdsaSignatureFormat) {
  assertBytes(signature, "signature");
  try {
    return secp256k1.Signature.fromBytes(signature, format);
  } catch {
    throw new InvalidArgumentError(
      format === "compact"
        ? `"signature" is not a compact secp256k1 signature: expected 64 bytes r‖s with r, s in [1, n − 1], got ${signature.length} bytes`
        : `"signature" is not a DER-encoded secp256k1 signature`,
      { argument: "signature", details: { format } },
    );
  }
}

/**
 * Verifies an ECDSA secp256k1 signature (the seed's `PublicKey.ecdsa_verify`). High-S signatures do not
 * verify, as nodes and libsecp256k1 refuse them: pass them through {@link normalizeSignature} first.
 * Returns `false` for a public key that is not a point or a signature that does not decode.
 *
 * @param publicKey a SEC1 public key, compressed (33 bytes) or not (65 bytes)
 * @throws {InvalidArgumentError} when an argument has the wrong type, or `options` are invalid
 *
 * @example
 * ```ts
 * import { PrivateKey, verifyEcdsa } from "@nillion/crypto";
 *
 * const key = PrivateKey.fromSeed("alice");
 * const message = new TextEncoder().encode("hi mom");
 * verifyEcdsa(key.publicKey, message, key.sign(message, { format: "der" }), { format: "der" }); // true
 * ```
 */
export function verifyEcdsa(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  options?: EcdsaOptions,
): boolean {
  assertBytes(publicKey, "publicKey");
  assertBytes(signature, "signature");
  const { prehash, format } = ecdsaOptions(message, options);
  try {
    return secp256k1.verify(signature, message, publicKey, { prehash, lowS: true, format });
  } catch {
    // noble throws on undecodable keys and signatures; to a verifier they are signatures that fail.
    return false;
  }
}

/**
 * The compressed (33-byte) public key that produced `signed` over `message` (the seed's
 * `ecdsa_recover`).
 *
 * @throws {InvalidArgumentError} (`argument: "signature"`) when the signature does not decode or no key
 * recovers from it, or for invalid `options`
 *
 * @example
 * ```ts
 * import { PrivateKey, recoverPublicKey } from "@nillion/crypto";
 *
 * const key = PrivateKey.fromSeed("alice");
 * const message = new TextEncoder().encode("hi mom");
 * recoverPublicKey(message, key.signRecoverable(message)); // equals key.publicKey
 * ```
 */
export function recoverPublicKey(
  message: Uint8Array,
  signed: RecoverableSignature,
  options?: Omit<EcdsaOptions, "format">,
): Uint8Array {
  const { prehash } = ecdsaOptions(message, options);
  if (typeof signed !== "object" || signed === null) {
    throw new InvalidArgumentError(`"signature" expected a { signature, recovery } object`, {
      argument: "signature",
    });
  }
  const { recovery } = signed;
  if (!Number.isInteger(recovery) || recovery < 0 || recovery > 3) {
    throw new InvalidArgumentError(`"signature.recovery" must be 0, 1, 2 or 3, got ${String(recovery)}`, {
      argument: "signature.recovery",
    });
  }
  assertBytes(signed.signature, "signature.signature", COMPACT_LENGTH);
  const parsed = parseSignature(signed.signature, "compact").addRecoveryBit(recovery);
  try {
    return secp256k1.recoverPublicKey(parsed.toBytes("recovered"), message, { prehash });
  } catch {
    throw new InvalidArgumentError(`"signature" recovers no public key for this message`, {
      argument: "signature",
    });
  }
}

/**
 * The low-S form of a signature (the seed's `ecdsa_signature_normalize`): `s` replaced by `n − s` when
 * it is above n/2. `normalized` says whether it had to change.
 *
 * @throws {InvalidArgumentError} (`argument: "signature"`) when the signature does not decode
 *
 * @example
 * ```ts
 * import { normalizeSignature, PrivateKey } from "@nillion/crypto";
 *
 * const signature = PrivateKey.fromSeed("alice").sign(new Uint8Array([1]));
 * normalizeSignature(signature).normalized; // false: sign() already returns low S
 * ```
 */
export function normalizeSignature(
  signature: Uint8Array,
  format: EcdsaSignatureFormat = "compact",
): { normalized: boolean; signature: Uint8Array } {
  const parsed = parseSignature(signature, checkFormat(format));
  const normalized = parsed.hasHighS();
  return {
    normalized,
    signature: normalized
      ? new secp256k1.Signature(parsed.r, secp256k1.Point.Fn.ORDER - parsed.s).toBytes(format)
      : Uint8Array.from(signature),
  };
}

/**
 * A signature re-encoded from one format to the other (the seed's `ecdsa_serialize` and
 * `ecdsa_deserialize_compact` pair): compact `r‖s` to DER, or DER to compact.
 *
 * @throws {InvalidArgumentError} (`argument: "signature"`) when it does not decode in format `from`
 *
 * @example
 * ```ts
 * import { convertSignature, PrivateKey } from "@nillion/crypto";
 *
 * const der = convertSignature(PrivateKey.fromSeed("alice").sign(new Uint8Array([1])), "compact", "der");
 * ```
 */
export function convertSignature(
  signature: Uint8Array,
  from: EcdsaSignatureFormat,
  to: EcdsaSignatureFormat,
): Uint8Array {
  return parseSignature(signature, checkFormat(from, "from")).toBytes(checkFormat(to, "to"));
}

function checkFormat(format: unknown, argument = "format"): EcdsaSignatureFormat {
  if (format !== "compact" && format !== "der") {
    throw new InvalidArgumentError(`"${argument}" must be "compact" or "der", got ${String(format)}`, {
      argument,
    });
  }
  return format;
}

/**
 * Verifies a BIP-340 Schnorr signature over `message` under the 32-byte x-only `publicKey`
 * ({@link PrivateKey.schnorrPublicKey}). Returns `false` for a key or signature that does not decode.
 *
 * @throws {InvalidArgumentError} when an argument is not a `Uint8Array` or has the wrong length
 *
 * @example
 * ```ts
 * import { PrivateKey, verifySchnorr } from "@nillion/crypto";
 *
 * const key = PrivateKey.fromSeed("alice");
 * const message = new Uint8Array(32);
 * verifySchnorr(key.schnorrPublicKey, message, key.signSchnorr(message)); // true
 * ```
 */
export function verifySchnorr(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  assertBytes(publicKey, "publicKey", X_ONLY_LENGTH);
  assertBytes(message, "message");
  assertBytes(signature, "signature", SCHNORR_LENGTH);
  try {
    return schnorr.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
