import {
  bytesToHex,
  type ComputeId,
  type EcdsaPublicKey,
  type EcdsaSignature,
  type EddsaPublicKey,
  type EddsaSignature,
  InternalError,
} from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** Whether `signature` is a low-s ECDSA signature of the 32-byte `digest` (not hashed again). */
export function ecdsaVerifies(
  signature: EcdsaSignature,
  digest: Uint8Array,
  publicKey: EcdsaPublicKey,
): boolean {
  const compact = new Uint8Array([...signature.r, ...signature.s]);
  try {
    return secp256k1.verify(compact, digest, publicKey.value, { prehash: false, lowS: true });
  } catch {
    // noble throws rather than answering false for some malformed encodings; none of them verifies.
    return false;
  }
}

/** Whether `signature` is an Ed25519 signature of `message`. */
export function eddsaVerifies(
  signature: EddsaSignature,
  message: Uint8Array,
  publicKey: EddsaPublicKey,
): boolean {
  try {
    return ed25519.verify(signature.value, message, publicKey.value);
  } catch {
    return false;
  }
}

/**
 * Throws unless a computation's signature verifies: the nodes answered a signature that is not one, which
 * the caller must never be handed (a node's wrong signature share sums to a wrong s, say).
 *
 * @throws {InternalError} naming the computation and the public key
 */
export function assertSignatureVerifies(
  verifies: boolean,
  computeId: ComputeId,
  publicKey: EcdsaPublicKey | EddsaPublicKey,
): void {
  if (verifies) return;
  const key = bytesToHex(publicKey.value);
  throw new InternalError(
    `computation ${computeId} returned a signature that does not verify under public key ${key}: ` +
      "a node answered a wrong signature (share), or the key is not the one stored under keyId",
    { details: { computeId: computeId.toString(), publicKey: key } },
  );
}
