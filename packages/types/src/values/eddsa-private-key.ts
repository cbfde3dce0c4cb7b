// The `EddsaPrivateKey` value class.
import { bytesEqual } from "../bytes.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { checkScalar, ED25519_ORDER } from "./scalar.js";
import { copyFixedBytes } from "./value-error.js";

function validate(input: unknown): Uint8Array {
  const bytes = copyFixedBytes("EddsaPrivateKey", input, 32, "a little-endian ed25519 scalar");
  checkScalar(
    "EddsaPrivateKey",
    bytes,
    { order: ED25519_ORDER, orderName: "the ed25519 group order ℓ", littleEndian: true, allowZero: false },
    "value",
  );
  return bytes;
}

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
export class EddsaPrivateKey extends NadaValueBase {
  /** The value kind. */
  static readonly type = "EddsaPrivateKey";
  /** The value kind. */
  readonly type = "EddsaPrivateKey";
  /** Secret: the key is split into key shares. */
  readonly secret = true;
  readonly #bytes: Uint8Array;

  constructor(value: Uint8Array) {
    super();
    this.#bytes = validate(value);
  }

  /** A copy of the 32 scalar bytes (little-endian). */
  get value(): Uint8Array {
    return this.#bytes.slice();
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      bytesEqual(this.#bytes, (other as EddsaPrivateKey).value)
    );
  }

  toString(): string {
    return "EddsaPrivateKey(<32 bytes, hidden>)";
  }
}
