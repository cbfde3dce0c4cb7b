// The `EddsaPublicKey` value class.
import { bytesEqual, bytesToHex } from "../bytes.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { copyFixedBytes } from "./value-error.js";

/**
 * A compressed ed25519 public key (32 bytes), e.g. the output of a threshold EdDSA key generation.
 * Public. Whether the bytes decode to a curve point is not checked here (the official constructor does
 * not check either).
 *
 * @throws {ValueValidationError} rule `type` or `byte-length` (not exactly 32 bytes).
 *
 * @example
 * ```ts
 * import { EddsaPublicKey } from "@nillion/types";
 *
 * const key = new EddsaPublicKey(new Uint8Array(32).fill(1));
 * key.value.length; // 32
 * ```
 */
export class EddsaPublicKey extends NadaValueBase {
  /** The value kind. */
  static readonly type = "EddsaPublicKey";
  /** The value kind. */
  readonly type = "EddsaPublicKey";
  /** Public. */
  readonly secret = false;
  readonly #bytes: Uint8Array;

  constructor(value: Uint8Array) {
    super();
    this.#bytes = copyFixedBytes("EddsaPublicKey", value, 32, "a compressed ed25519 point");
  }

  /** A copy of the 32 key bytes. */
  get value(): Uint8Array {
    return this.#bytes.slice();
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      bytesEqual(this.#bytes, (other as EddsaPublicKey).value)
    );
  }

  toString(): string {
    return `EddsaPublicKey(${bytesToHex(this.#bytes)})`;
  }
}
