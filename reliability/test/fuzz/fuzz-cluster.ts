import type { PrivateKey } from "@nillion/crypto";
import type { Devnet } from "@nillion/devnet";

/** One node as the fuzzer sees it: where it listens, who it is, and its key (to sign as a peer). */
export interface FuzzNode {
  readonly index: number;
  readonly url: string;
  readonly port: number;
  readonly nodeId: Uint8Array;
  readonly leader: boolean;
  readonly key: PrivateKey;
}

/** The devnet's nodes and chain endpoints. */
export interface FuzzCluster {
  readonly nodes: readonly FuzzNode[];
  readonly leader: FuzzNode;
  readonly chain: { readonly rpcPort: number; readonly proxyPort: number; readonly grpcPort: number };
}

export function fuzzCluster(devnet: Devnet): FuzzCluster {
  const nodes = devnet.layout.nodes.map((node) => ({
    index: node.index,
    url: node.grpcEndpoint,
    port: node.port,
    nodeId: node.nodeId,
    leader: node.index === devnet.layout.leaderIndex,
    key: node.privateKey,
  }));
  const leader = nodes.find((node) => node.leader);
  if (leader === undefined) throw new Error("the devnet has no leader");
  const ports = devnet.chain.ports;
  return { nodes, leader, chain: { rpcPort: ports.rpc, proxyPort: ports.proxy, grpcPort: ports.grpc } };
}
