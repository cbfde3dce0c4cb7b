import { compareBytes, type PrimeName, type PublicKey, primeName } from "@nillion/crypto";
import { PublicKeyType } from "@nillion/proto/nillion/auth/v1/public_key";
import type { ClusterMember, Cluster as ClusterMessage } from "@nillion/proto/nillion/membership/v1/cluster";
import { bytesToHex, InternalError } from "@nillion/types";

/**
 * One node of a cluster, as its members list it.
 *
 * @example
 * ```ts
 * for (const node of client.cluster.members) console.log(node.idHex, node.grpcEndpoint);
 * ```
 */
export interface ClusterNode {
  /** The node's 20-byte id (last 20 bytes of SHA-256 of its public key); its party id in MPC. */
  readonly id: Uint8Array;
  /** `id` as lowercase hex. */
  readonly idHex: string;
  /** The URL clients call it on, e.g. `http://127.0.0.1:37939`. */
  readonly grpcEndpoint: string;
  /** The key it authenticates with (and the leader signs quotes and receipts with). */
  readonly publicKey: PublicKey;
}

/**
 * The cluster a client talks to, as the bootnode described it.
 *
 * @example
 * ```ts
 * const { members, leader, prime, polynomialDegree } = client.cluster;
 * console.log(`${members.length} nodes, leader ${leader.idHex}, ${prime}, degree ${polynomialDegree}`);
 * ```
 */
export interface Cluster {
  /**
   * Every node, in ascending id order: the order that gives party abscissas (`members[k]` holds the
   * shares at x = k + 1).
   */
  readonly members: readonly ClusterNode[];
  /** The node that quotes, issues receipts and answers pool-status queries. */
  readonly leader: ClusterNode;
  /** The prime secrets are shared over. */
  readonly prime: PrimeName;
  /** Any `polynomialDegree + 1` nodes' shares reconstruct a secret. */
  readonly polynomialDegree: number;
  /** The statistical security parameter the cluster reports; clients do not use it. */
  readonly kappa: number;
}

/**
 * The cluster in a `Membership.Cluster` answer, checked: every member needs an id, an endpoint and a
 * key, ids must be distinct, and the leader must be present.
 *
 * @throws {InternalError} naming what the bootnode got wrong
 */
export function clusterFromMessage(message: ClusterMessage, bootnode: string): Cluster {
  const invalid = (problem: string): InternalError =>
    new InternalError(`the bootnode ${bootnode} described an unusable cluster: ${problem}`, {
      details: { node: bootnode },
    });
  const node = (member: ClusterMember | undefined, what: string): ClusterNode => {
    const id = member?.identity?.contents ?? new Uint8Array();
    if (id.length === 0) throw invalid(`${what} has no id`);
    const idHex = bytesToHex(id);
    if (!member?.grpcEndpoint) throw invalid(`${what} (${idHex}) has no gRPC endpoint`);
    // `public_key` is deprecated in favour of `public_keys.authentication`; nodes still fill both.
    const key = member.publicKeys?.authentication ?? member.publicKey;
    if (!key || key.contents.length === 0) throw invalid(`${what} (${idHex}) has no public key`);
    const type = key.keyType === PublicKeyType.SECP256K1 ? "secp256k1" : "ed25519";
    return Object.freeze({
      id: Uint8Array.from(id),
      idHex,
      grpcEndpoint: member.grpcEndpoint,
      publicKey: Object.freeze({ type, bytes: Uint8Array.from(key.contents) }),
    });
  };
  const members = message.members
    .map((member, index) => node(member, `member ${index}`))
    .sort((a, b) => compareBytes(a.id, b.id));
  if (members.length === 0) throw invalid("it has no members");
  for (let k = 1; k < members.length; k++) {
    if (members[k]?.idHex === members[k - 1]?.idHex) throw invalid(`id ${members[k]?.idHex} appears twice`);
  }
  let prime: PrimeName;
  try {
    prime = primeName(message.prime);
  } catch {
    throw invalid(`unknown prime ${message.prime}`);
  }
  return Object.freeze({
    members: Object.freeze(members),
    leader: node(message.leader, "the leader"),
    prime,
    polynomialDegree: message.polynomialDegree,
    kappa: message.kappa,
  });
}
