// Who is which MPC party: nodes hold abscissa 1 + rank of their id in ascending byte order.
import { compareBytes } from "@nillion/crypto";
import { bytesEqual, type UserId } from "@nillion/types";
import type { ClusterLayout } from "../cluster-layout.js";

/**
 * The party numbering of a cluster, which clients use to place shares and nodes to run protocols: party
 * `k` (abscissa `k + 1`) is the node whose 20-byte id is the k-th smallest, whatever its index.
 *
 * @example
 * ```ts
 * const ranks = partyRanks(layout);
 * ranks.rankOf(context.identity.index); // this node's party number
 * ```
 */
export interface PartyRanks {
  /** n, the number of parties. */
  readonly parties: number;
  /** The party number of the node at `nodeIndex`. */
  rankOf(nodeIndex: number): number;
  /** The index of the node that is party `rank`. */
  nodeOf(rank: number): number;
  /** The index of the member whose id `user` is, or undefined for anyone outside the cluster. */
  memberIndex(user: UserId): number | undefined;
}

/**
 * The party numbering of `layout`.
 *
 * @example
 * ```ts
 * const ranks = partyRanks(context.layout());
 * for (let rank = 0; rank < ranks.parties; rank++) console.log(rank, ranks.nodeOf(rank));
 * ```
 */
export function partyRanks(layout: ClusterLayout): PartyRanks {
  const byRank = layout.nodes.map((node) => node).sort((a, b) => compareBytes(a.nodeId, b.nodeId));
  const ranks = new Map(byRank.map((node, rank) => [node.index, rank]));
  return {
    parties: byRank.length,
    rankOf: (nodeIndex) => {
      const rank = ranks.get(nodeIndex);
      if (rank === undefined) throw new RangeError(`no node ${nodeIndex} in this cluster`);
      return rank;
    },
    nodeOf: (rank) => {
      const node = byRank[rank];
      if (node === undefined) throw new RangeError(`no party ${rank} in this cluster`);
      return node.index;
    },
    memberIndex: (user) => layout.nodes.find((node) => bytesEqual(node.nodeId, user.bytes))?.index,
  };
}
