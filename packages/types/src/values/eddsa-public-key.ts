// The `EddsaPublicKey` value class.
import { BytesValueBase } from "./bytes-value-base.js";
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
export class EddsaPublicKey extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EddsaPublicKey";
  /** The value kind. */
  readonly type = "EddsaPublicKey";
  /** Public. */
  readonly secret = false;

  constructor(value: Uint8Array) {
    super(copyFixedBytes("EddsaPublicKey", value, 32, "a compressed ed25519 point"));
  }
}
