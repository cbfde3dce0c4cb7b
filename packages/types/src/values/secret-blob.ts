// The `SecretBlob` value class.
import { BytesValueBase } from "./bytes-value-base.js";
import { copyValueBytes } from "./value-error.js";

/**
 * A secret byte string of any length (empty included), Shamir-shared chunk by chunk.
 *
 * The constructor and the `value` setter copy their input, and the `value` getter returns a copy, so
 * no outside reference can change the blob after it was validated.
 *
 * @throws {ValueValidationError} rule `type` unless given a `Uint8Array`.
 *
 * @example
 * ```ts
 * import { SecretBlob } from "@nillion/types";
 *
 * const blob = new SecretBlob(new TextEncoder().encode("gm, builder!"));
 * String(blob); // "SecretBlob(12 bytes)"
 * blob.value = new TextEncoder().encode("ready to build!");
 * new TextDecoder().decode(blob.value); // "ready to build!"
 * ```
 */
export class SecretBlob extends BytesValueBase {
  /** The value kind. */
  static readonly type = "SecretBlob";
  /** The value kind. */
  readonly type = "SecretBlob";
  /** Secret: the bytes are secret-shared. */
  readonly secret = true;

  constructor(value: Uint8Array) {
    super(copyValueBytes("SecretBlob", value));
  }

  /** A copy of the bytes. */
  override get value(): Uint8Array {
    return super.value;
  }

  /** Replaces the bytes (copied; validated like the constructor's input). */
  override set value(value: Uint8Array) {
    this.replaceBytes(copyValueBytes("SecretBlob", value));
  }

  /** The number of bytes. */
  get length(): number {
    return this.byteLength;
  }

  // The content is secret; only its size is shown.
  protected override describeBytes(bytes: Uint8Array): string {
    return `${bytes.length} bytes`;
  }
}
