import { userIdFromPublicKey } from "./user-id-from-public-key.js";

/**
 * The 20-byte `NodeId` of a node with authentication key `publicKey`. Nodes derive it exactly like a
 * `UserId` (last 20 bytes of SHA-256 over the key bytes), and it is also the node's MPC party id. It is
 * the value a token's `target_identity` must carry.
 *
 * @throws {InvalidArgumentError} when `publicKey` is not a non-empty `Uint8Array`
 *
 * @example
 * ```ts
 * import { PrivateKey, nodeIdFromPublicKey } from "@nillion/crypto";
 *
 * const nodeKey = PrivateKey.fromSeed("node-1");
 * const nodeId = nodeIdFromPublicKey(nodeKey.publicKey); // Uint8Array(20)
 * ```
 */
export function nodeIdFromPublicKey(publicKey: Uint8Array): Uint8Array {
  return userIdFromPublicKey(publicKey).bytes;
}
