// The `EddsaMessage` value class.
import { BytesValueBase } from "./bytes-value-base.js";
import { hexPreview } from "./hex-preview.js";
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
export class EddsaMessage extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EddsaMessage";
  /** The value kind. */
  readonly type = "EddsaMessage";
  /** Public. */
  readonly secret = false;

  constructor(value: Uint8Array) {
    super(copyValueBytes("EddsaMessage", value));
  }

  // A message can be long: its size, then only the start of its hex.
  protected override describeBytes(bytes: Uint8Array): string {
    return `${bytes.length} bytes: ${hexPreview(bytes)}`;
  }
}
