// The `EcdsaDigestMessage` value class.
import { BytesValueBase } from "./bytes-value-base.js";
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
export class EcdsaDigestMessage extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EcdsaDigestMessage";
  /** The value kind. */
  readonly type = "EcdsaDigestMessage";
  /** Public: every node gets the digest. */
  readonly secret = false;

  constructor(value: Uint8Array) {
    super(validate(value));
  }

  /** A copy of the 32 digest bytes. */
  override get value(): Uint8Array {
    return super.value;
  }

  /** Replaces the digest (copied; validated like the constructor's input). */
  override set value(value: Uint8Array) {
    this.replaceBytes(validate(value));
  }
}
