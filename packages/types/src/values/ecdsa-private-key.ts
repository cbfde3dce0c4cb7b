// The `EcdsaPrivateKey` value class.
import { BytesValueBase } from "./bytes-value-base.js";
import { copyScalarKey, SECP256K1_SCALAR } from "./scalar.js";

function validate(input: unknown): Uint8Array {
  return copyScalarKey("EcdsaPrivateKey", input, SECP256K1_SCALAR, "a big-endian secp256k1 scalar");
}

/**
 * A secp256k1 private key, split between the nodes as additive key shares for threshold ECDSA signing.
 *
 * Exactly 32 bytes, a big-endian scalar k with 0 < k < n (the secp256k1 group order). Input is copied; the
 * `value` getter returns a copy. `toString()` and `console.log` never show the key.
 *
 * @throws {ValueValidationError} rule `type`, `byte-length` (not 32 bytes), `nonzero` (k = 0) or
 * `scalar-range` (k ≥ n).
 *
 * @example
 * ```ts
 * import { EcdsaPrivateKey } from "@nillion/types";
 *
 * const key = new EcdsaPrivateKey(crypto.getRandomValues(new Uint8Array(32)));
 * String(key); // "EcdsaPrivateKey(<32 bytes, hidden>)"
 * key.value = crypto.getRandomValues(new Uint8Array(32));
 * ```
 */
export class EcdsaPrivateKey extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EcdsaPrivateKey";
  /** The value kind. */
  readonly type = "EcdsaPrivateKey";
  /** Secret: the key is split into key shares. */
  readonly secret = true;

  constructor(value: Uint8Array) {
    super(validate(value));
  }

  /** A copy of the 32 key bytes (big-endian). */
  override get value(): Uint8Array {
    return super.value;
  }

  /** Replaces the key (copied; validated like the constructor's input). */
  override set value(value: Uint8Array) {
    this.replaceBytes(validate(value));
  }
}
