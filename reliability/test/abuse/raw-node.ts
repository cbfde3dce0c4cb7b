import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { NodeIdentity } from "@nillion/devnet";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";

// Typed connect-es clients, not support/raw-http2.ts: the attacks here are well-formed calls whose contents
// are forged, so a library may frame them; the raw client is for what no library sends.

/**
 * One node as an attacker sees it: plain gRPC clients with no interceptor, so every call carries exactly
 * the headers the suite passes (`{ headers }` in the call options) — a forged token, two tokens, none.
 */
export interface RawNode {
  readonly index: number;
  /** The 20-byte id tokens for this node must target. */
  readonly nodeId: Uint8Array;
  readonly url: string;
  readonly isLeader: boolean;
  readonly membership: Client<typeof Membership>;
  readonly payments: Client<typeof Payments>;
  readonly values: Client<typeof Values>;
  readonly leaderQueries: Client<typeof LeaderQueries>;
  /** Closes this node's HTTP/2 session. */
  close(): void;
}

/**
 * Opens native gRPC (HTTP/2) clients to `node`, as the Rust and Python clients talk to a node.
 *
 * @example
 * ```ts
 * const node = openRawNode(devnet.layout.nodes[0], devnet.layout.leaderIndex);
 * await node.membership.cluster({}, { headers: { "x-nillion-token": "!!" } }); // UNAUTHENTICATED
 * ```
 */
export function openRawNode(node: NodeIdentity, leaderIndex: number): RawNode {
  const sessionManager = new Http2SessionManager(node.grpcEndpoint);
  const transport = createGrpcTransport({ baseUrl: node.grpcEndpoint, sessionManager });
  return {
    index: node.index,
    nodeId: node.nodeId,
    url: node.grpcEndpoint,
    isLeader: node.index === leaderIndex,
    membership: createClient(Membership, transport),
    payments: createClient(Payments, transport),
    values: createClient(Values, transport),
    leaderQueries: createClient(LeaderQueries, transport),
    close: () => sessionManager.abort(),
  };
}
