// The `EcdsaPublicKey` value class.
import { BytesValueBase } from "./bytes-value-base.js";
import { copyFixedBytes } from "./value-error.js";

/**
 * A compressed SEC1 secp256k1 public key (33 bytes), e.g. the output of a threshold ECDSA key generation.
 * Public. Whether the bytes are a point on the curve is not checked here (the official constructor does
 * not check either); `@nillion/crypto` can.
 *
 * @throws {ValueValidationError} rule `type` or `byte-length` (not exactly 33 bytes).
 *
 * @example
 * ```ts
 * import { EcdsaPublicKey, hexToBytes } from "@nillion/types";
 *
 * const key = new EcdsaPublicKey(hexToBytes("03a1c04aee3c4e05e9098f1d5bc0855b5e40ceb069a836ad9a4130259997a5fa0b"));
 * ```
 */
export class EcdsaPublicKey extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EcdsaPublicKey";
  /** The value kind. */
  readonly type = "EcdsaPublicKey";
  /** Public. */
  readonly secret = false;

  constructor(value: Uint8Array) {
    super(copyFixedBytes("EcdsaPublicKey", value, 33, "a compressed SEC1 secp256k1 point"));
  }
}
