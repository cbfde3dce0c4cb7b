import { assertBytes } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { assertPublicKey, PUBLIC_KEY_LENGTH, type PublicKey } from "./public-key.js";

/** Both schemes produce 64-byte signatures: compact `r‖s` for ECDSA, `R‖S` for Ed25519. */
const SIGNATURE_LENGTH = 64;

/**
 * Verifies a signature the way a nilvm node does:
 *
 * - `secp256k1`: ECDSA over SHA-256(`message`), 64-byte compact `r‖s`. High-S signatures are rejected,
 *   as k256 rejects them, so a signature and its `(r, n − s)` twin never both verify.
 * - `ed25519`: RFC 8032 over the raw `message` (no pre-hash), in the strict variant (canonical
 *   encodings, no small-order keys).
 *
 * Returns `false` for a signature of the wrong length or a public key that is not a point.
 *
 * @throws {InvalidArgumentError} when an argument has the wrong type
 *
 * @example
 * ```ts
 * import { PrivateKey, verifySignature } from "@nillion/crypto";
 *
 * const key = PrivateKey.generate();
 * const message = new TextEncoder().encode("hi mom");
 * verifySignature({ type: "secp256k1", bytes: key.publicKey }, message, key.sign(message)); // true
 * ```
 */
export function verifySignature(publicKey: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  assertPublicKey(publicKey, "publicKey");
  assertBytes(message, "message");
  assertBytes(signature, "signature");
  const { type, bytes } = publicKey;
  if (signature.length !== SIGNATURE_LENGTH || bytes.length !== PUBLIC_KEY_LENGTH[type]) return false;
  try {
    if (type === "secp256k1") {
      return secp256k1.verify(signature, message, bytes, { prehash: true, lowS: true, format: "compact" });
    }
    return ed25519.verify(signature, message, bytes, { zip215: false });
  } catch {
    // noble throws (rather than returning false) on some malformed encodings; to a verifier they are
    // all just signatures that do not verify.
    return false;
  }
}
