// Scalar checks for the ECDSA (secp256k1) and EdDSA (ed25519) value classes.
import { copyFixedBytes, valueError } from "./value-error.js";

/** Order n of the secp256k1 group: ECDSA keys and signature components lie in 1..n-1. @internal */
export const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Order ℓ = 2^252 + 27742317777372353535851937790883648493 of the ed25519 prime-order subgroup. @internal */
export const ED25519_ORDER = 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn;

/**
 * Reads bytes as an unsigned integer.
 *
 * @internal
 */
export function bytesToBigInt(bytes: Uint8Array, littleEndian: boolean): bigint {
  let value = 0n;
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const byte = bytes[littleEndian ? length - 1 - i : i] ?? 0;
    value = (value << 8n) | BigInt(byte);
  }
  return value;
}

/** What a scalar check needs to know about the curve. @internal */
export interface ScalarRules {
  /** The group order the scalar must stay below. */
  order: bigint;
  /** How the order is named in messages, e.g. `the secp256k1 group order n`. */
  orderName: string;
  littleEndian: boolean;
  /** Whether zero is allowed (signature z) or not (keys, ECDSA r and s). */
  allowZero: boolean;
}

/** ECDSA keys and signature components: big-endian, in 1..n-1. @internal */
export const SECP256K1_SCALAR: Readonly<ScalarRules> = {
  order: SECP256K1_ORDER,
  orderName: "the secp256k1 group order n",
  littleEndian: false,
  allowZero: false,
};

/** EdDSA signing keys: little-endian, in 1..ℓ-1. @internal */
export const ED25519_SCALAR: Readonly<ScalarRules> = {
  order: ED25519_ORDER,
  orderName: "the ed25519 group order ℓ",
  littleEndian: true,
  allowZero: false,
};

/**
 * A private copy of a 32-byte private key, checked like a `value` argument: `what` describes the
 * expected encoding in the `byte-length` message.
 *
 * @internal
 */
export function copyScalarKey(
  valueType: string,
  input: unknown,
  rules: Readonly<ScalarRules>,
  what: string,
): Uint8Array {
  const bytes = copyFixedBytes(valueType, input, 32, what);
  checkScalar(valueType, bytes, rules, "value");
  return bytes;
}

/**
 * Throws `nonzero` or `scalar-range` unless `bytes` encode a scalar in range.
 *
 * @internal
 */
export function checkScalar(
  valueType: string,
  bytes: Uint8Array,
  rules: ScalarRules,
  argument: string,
): void {
  const scalar = bytesToBigInt(bytes, rules.littleEndian);
  const endian = rules.littleEndian ? "little-endian" : "big-endian";
  if (scalar === 0n && !rules.allowZero) {
    throw valueError(valueType, "nonzero", `"${argument}" is zero; it must be a non-zero ${endian} scalar`, {
      argument,
    });
  }
  if (scalar >= rules.order) {
    throw valueError(
      valueType,
      "scalar-range",
      `"${argument}" is not below ${rules.orderName} (0x${rules.order.toString(16)}), read as a ${endian} ` +
        `integer; check the byte order`,
      // The bytes stay out of the error: they may be a real key passed in the wrong byte order.
      { argument },
    );
  }
}
