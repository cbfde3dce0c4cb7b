// The `EcdsaDigestMessage` value class.
import { bytesEqual, bytesToHex } from "../bytes.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { copyFixedBytes } from "./value-error.js";

function validate(input: unknown): Uint8Array {
  return copyFixedBytes("EcdsaDigestMessage", input, 32, "a message digest such as SHA-256");
}

/**
 * The 32-byte digest a threshold ECDSA program signs. Public: copied to every node.
 *
 * Input is copied; the `value` getter returns a copy.
 *
 * @throws {ValueValidationError} rule `type` or `byte-length` (not exactly 32 bytes).
 *
 * @example
 * ```ts
 * import { EcdsaDigestMessage } from "@nillion/types";
 *
 * const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("gm")));
 * const message = new EcdsaDigestMessage(digest);
 * message.value = new Uint8Array(32); // the setter validates again
 * ```
 */
export class EcdsaDigestMessage extends NadaValueBase {
  /** The value kind. */
  static readonly type = "EcdsaDigestMessage";
  /** The value kind. */
  readonly type = "EcdsaDigestMessage";
  /** Public: every node gets the digest. */
  readonly secret = false;
  #bytes: Uint8Array;

  constructor(value: Uint8Array) {
    super();
    this.#bytes = validate(value);
  }

  /** A copy of the 32 digest bytes. */
  get value(): Uint8Array {
    return this.#bytes.slice();
  }

  /** Replaces the digest (copied; validated like the constructor's input). */
  set value(value: Uint8Array) {
    this.#bytes = validate(value);
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      bytesEqual(this.#bytes, (other as EcdsaDigestMessage).value)
    );
  }

  toString(): string {
    return `EcdsaDigestMessage(${bytesToHex(this.#bytes)})`;
  }
}
