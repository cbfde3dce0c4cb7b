import { assertBytes, InvalidArgumentError, UserId } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * The `UserId` a node assigns to the holder of `publicKey`: the last 20 bytes of SHA-256 over the key's
 * bytes — the 33-byte compressed secp256k1 key or the 32-byte ed25519 key, never a hex or DER form.
 *
 * Like the node, this hashes whatever bytes it is given, so it does not check that they are a key;
 * only empty input is rejected, since it is always a mistake.
 *
 * @throws {InvalidArgumentError} when `publicKey` is not a non-empty `Uint8Array`
 *
 * @example
 * ```ts
 * import { PrivateKey, userIdFromPublicKey } from "@nillion/crypto";
 *
 * const key = PrivateKey.fromSeed("tests");
 * userIdFromPublicKey(key.publicKey).toHex(); // "163aff316bd4247d86f73d088a620f8d77ff88b5"
 * ```
 */
export function userIdFromPublicKey(publicKey: Uint8Array): UserId {
  assertBytes(publicKey, "publicKey");
  if (publicKey.length === 0) {
    throw new InvalidArgumentError(`"publicKey" must not be empty`, { argument: "publicKey" });
  }
  return new UserId(sha256(publicKey).slice(-20));
}
