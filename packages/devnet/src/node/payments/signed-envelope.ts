import { Code, ConnectError } from "@connectrpc/connect";
import { type PrivateKey, verifySignature } from "@nillion/crypto";

/**
 * Quotes and receipts travel as `{ bytes, signature }`: the leader signs the encoded message with its
 * node key (secp256k1, compact low-S ECDSA over SHA-256), and every node checks it against the leader's
 * public key before decoding.
 */
export function signEnvelope(leaderKey: PrivateKey, bytes: Uint8Array): Uint8Array {
  return leaderKey.sign(bytes);
}

/** Throws INVALID_ARGUMENT "invalid signature", the node's answer to a forged quote or receipt. */
export function assertEnvelope(leaderPublicKey: Uint8Array, bytes: Uint8Array, signature: Uint8Array): void {
  if (!verifySignature({ type: "secp256k1", bytes: leaderPublicKey }, bytes, signature)) {
    throw new ConnectError("invalid signature", Code.InvalidArgument);
  }
}
