// The `StoreId` value class.
import { bytesToUuid, uuidToBytes } from "../uuid.js";
import { BytesValueBase } from "./bytes-value-base.js";
import { copyFixedBytes, describeInput, valueError } from "./value-error.js";

function validate(input: unknown): Uint8Array {
  if (typeof input === "string") {
    const bytes = uuidToBytes(input);
    if (bytes === undefined) {
      throw valueError(
        "StoreId",
        "format",
        `expected a UUID such as "123e4567-e89b-12d3-a456-426614174000" or 16 bytes, got ${describeInput(input)}`,
      );
    }
    return bytes;
  }
  return copyFixedBytes("StoreId", input, 16, "a UUID");
}

/**
 * The id (a UUID) under which a threshold key generation stored its private key share; it is passed to
 * signing programs. Public. Built from 16 bytes or from the canonical UUID text.
 *
 * @throws {ValueValidationError} rule `type`, `byte-length` (not 16 bytes) or `format` (not a UUID).
 *
 * @example
 * ```ts
 * import { StoreId } from "@nillion/types";
 *
 * const id = new StoreId("123e4567-e89b-12d3-a456-426614174000");
 * String(id); // "StoreId(123e4567-e89b-12d3-a456-426614174000)"
 * id.value.length; // 16
 * ```
 */
export class StoreId extends BytesValueBase {
  /** The value kind. */
  static readonly type = "StoreId";
  /** The value kind. */
  readonly type = "StoreId";
  /** Public. */
  readonly secret = false;

  constructor(value: Uint8Array | string) {
    super(validate(value));
  }

  /** The id as a canonical lowercase UUID. */
  get uuid(): string {
    return bytesToUuid(this.value);
  }

  // Shown the way ids are written everywhere else, not as raw hex.
  protected override describeBytes(bytes: Uint8Array): string {
    return bytesToUuid(bytes);
  }
}
