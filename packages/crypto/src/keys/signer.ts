import { assertBytes, InvalidArgumentError } from "@nillion/types";
import { PUBLIC_KEY_LENGTH, type PublicKeyType } from "./public-key.js";

/**
 * Anything that can sign auth tokens: {@link PrivateKey}, {@link Ed25519PrivateKey}, or a key held
 * elsewhere (a hardware wallet, a KMS) behind the same three members.
 *
 * `sign` must return 64 bytes: for `secp256k1`, a compact low-S ECDSA signature over SHA-256(message);
 * for `ed25519`, an RFC 8032 signature over the raw message.
 *
 * @example
 * ```ts
 * import { PrivateKey, type Signer } from "@nillion/crypto";
 *
 * const signer: Signer = PrivateKey.fromSeed("alice");
 * signer.keyType; // "secp256k1"
 * ```
 */
export interface Signer {
  /** The signature scheme. */
  readonly keyType: PublicKeyType;
  /** The encoded public key: 33 bytes (compressed) for secp256k1, 32 for ed25519. */
  readonly publicKey: Uint8Array;
  /** Signs `message` as described above. */
  sign(message: Uint8Array): Uint8Array;
}

/**
 * Throws an {@link InvalidArgumentError} naming `argument` unless `value` looks like a {@link Signer}.
 *
 * @internal
 */
export function assertSigner(value: unknown, argument: string): asserts value is Signer {
  if (typeof value !== "object" || value === null || typeof (value as Signer).sign !== "function") {
    throw new InvalidArgumentError(`"${argument}" expected a signer (PrivateKey or Ed25519PrivateKey)`, {
      argument,
    });
  }
  const { keyType, publicKey } = value as Signer;
  if (keyType !== "secp256k1" && keyType !== "ed25519") {
    throw new InvalidArgumentError(
      `"${argument}.keyType" must be "secp256k1" or "ed25519", got ${String(keyType)}`,
      { argument },
    );
  }
  assertBytes(publicKey, `${argument}.publicKey`, PUBLIC_KEY_LENGTH[keyType]);
}
