// The `EddsaPrivateKey` value class.
import { BytesValueBase } from "./bytes-value-base.js";
import { copyScalarKey, ED25519_SCALAR } from "./scalar.js";

/**
 * An ed25519 signing scalar, split between the nodes as additive key shares for threshold EdDSA.
 *
 * Exactly 32 bytes, a **little-endian** scalar k with 0 < k < ℓ (ℓ = 2^252 + 27742317777372353535851937790883648493).
 * This is the scalar itself, not an RFC 8032 seed: a seed must first be hashed, clamped and reduced mod ℓ
 * (`@nillion/crypto` does that). Input is copied; `toString()` and `console.log` never show the key.
 *
 * @throws {ValueValidationError} rule `type`, `byte-length`, `nonzero` (k = 0) or `scalar-range` (k ≥ ℓ).
 *
 * @example
 * ```ts
 * import { EddsaPrivateKey } from "@nillion/types";
 *
 * const scalar = new Uint8Array(32);
 * scalar[0] = 7; // k = 7, little-endian
 * String(new EddsaPrivateKey(scalar)); // "EddsaPrivateKey(<32 bytes, hidden>)"
 * ```
 */
export class EddsaPrivateKey extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EddsaPrivateKey";
  /** The value kind. */
  readonly type = "EddsaPrivateKey";
  /** Secret: the key is split into key shares. */
  readonly secret = true;

  constructor(value: Uint8Array) {
    super(copyScalarKey("EddsaPrivateKey", value, ED25519_SCALAR, "a little-endian ed25519 scalar"));
  }
}
