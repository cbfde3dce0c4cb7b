// The `EcdsaPrivateKey` value class.
import { bytesEqual } from "../bytes.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { checkScalar, SECP256K1_ORDER } from "./scalar.js";
import { copyFixedBytes } from "./value-error.js";

function validate(input: unknown): Uint8Array {
  const bytes = copyFixedBytes("EcdsaPrivateKey", input, 32, "a big-endian secp256k1 scalar");
  checkScalar(
    "EcdsaPrivateKey",
    bytes,
    {
      order: SECP256K1_ORDER,
      orderName: "the secp256k1 group order n",
      littleEndian: false,
      allowZero: false,
    },
    "value",
  );
  return bytes;
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
export class EcdsaPrivateKey extends NadaValueBase {
  /** The value kind. */
  static readonly type = "EcdsaPrivateKey";
  /** The value kind. */
  readonly type = "EcdsaPrivateKey";
  /** Secret: the key is split into key shares. */
  readonly secret = true;
  #bytes: Uint8Array;

  constructor(value: Uint8Array) {
    super();
    this.#bytes = validate(value);
  }

  /** A copy of the 32 key bytes (big-endian). */
  get value(): Uint8Array {
    return this.#bytes.slice();
  }

  /** Replaces the key (copied; validated like the constructor's input). */
  set value(value: Uint8Array) {
    this.#bytes = validate(value);
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      bytesEqual(this.#bytes, (other as EcdsaPrivateKey).value)
    );
  }

  toString(): string {
    return "EcdsaPrivateKey(<32 bytes, hidden>)";
  }
}
