import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { bytesEqual, UnavailableError } from "@nillion/types";

/** One member of a running cluster, as its Membership service describes it. */
export interface ClusterMemberInfo {
  readonly nodeId: Uint8Array;
  readonly grpcEndpoint: string;
}

/** A running cluster, read from any of its nodes. */
export interface RunningCluster {
  readonly members: readonly ClusterMemberInfo[];
  /** Index of the leader in `members`. */
  readonly leaderIndex: number;
  readonly polynomialDegree: number;
}

/**
 * Asks a node (`Membership.Cluster`, no token needed) who its cluster's members are, e.g. to reuse a
 * devnet another process started.
 *
 * @throws {UnavailableError} when the node cannot be reached or names no leader among its members
 *
 * @example
 * ```ts
 * const { members, leaderIndex } = await readCluster("http://127.0.0.1:37939");
 * ```
 */
export async function readCluster(
  bootnode: string,
  options: { timeoutMs?: number } = {},
): Promise<RunningCluster> {
  const client = createClient(Membership, createGrpcTransport({ baseUrl: bootnode }));
  let cluster: Awaited<ReturnType<typeof client.cluster>>;
  try {
    cluster = await client.cluster({}, { timeoutMs: options.timeoutMs ?? 5_000 });
  } catch (error) {
    throw new UnavailableError(`cannot read the cluster from ${bootnode}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const members = cluster.members.map((member) => ({
    nodeId: member.identity?.contents ?? new Uint8Array(),
    grpcEndpoint: member.grpcEndpoint,
  }));
  const leader = cluster.leader?.identity?.contents;
  const leaderIndex = members.findIndex(
    (member) => leader !== undefined && bytesEqual(member.nodeId, leader),
  );
  if (leaderIndex < 0)
    throw new UnavailableError(`the cluster at ${bootnode} names no leader among its members`);
  return { members, leaderIndex, polynomialDegree: cluster.polynomialDegree };
}
