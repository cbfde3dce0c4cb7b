// The `EddsaMessage` value class.
import { bytesEqual } from "../bytes.js";
import { hexPreview } from "./hex-preview.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { copyValueBytes } from "./value-error.js";

/**
 * The message a threshold EdDSA program signs: any bytes, any length (EdDSA hashes the message itself).
 * Public: copied to every node.
 *
 * @throws {ValueValidationError} rule `type` unless given a `Uint8Array`.
 *
 * @example
 * ```ts
 * import { EddsaMessage } from "@nillion/types";
 *
 * const message = new EddsaMessage(new TextEncoder().encode("hello"));
 * String(message); // "EddsaMessage(5 bytes: 68656c6c6f)"
 * ```
 */
export class EddsaMessage extends NadaValueBase {
  /** The value kind. */
  static readonly type = "EddsaMessage";
  /** The value kind. */
  readonly type = "EddsaMessage";
  /** Public. */
  readonly secret = false;
  readonly #bytes: Uint8Array;

  constructor(value: Uint8Array) {
    super();
    this.#bytes = copyValueBytes("EddsaMessage", value);
  }

  /** A copy of the message bytes. */
  get value(): Uint8Array {
    return this.#bytes.slice();
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      bytesEqual(this.#bytes, (other as EddsaMessage).value)
    );
  }

  toString(): string {
    return `EddsaMessage(${this.#bytes.length} bytes: ${hexPreview(this.#bytes)})`;
  }
}
