import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ConnectRouter, Transport } from "@connectrpc/connect";
import type { PoolStatusResponseSchema } from "@nillion/proto/nillion/leader_queries/v1/pool_status";
import type { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import type { PriceQuote } from "@nillion/proto/nillion/payments/v1/quote";
import type { OperationMetadata } from "@nillion/proto/nillion/payments/v1/receipt";
import type { NodeStore } from "../storage/node-store.js";
import type { ClusterLayout, NodeIdentity } from "./cluster-layout.js";
import type { NodeLogger } from "./node-logger.js";
import type { ComputeRequirements } from "./payments/quotes.js";
import type { ReceiptChecker } from "./receipt-checker.js";
import type { ClusterInfo } from "./services/membership-service.js";

/**
 * What a node hands an extension (the compute service is one): who it is, the cluster, its store and
 * authenticated channels to its peers. Everything the extension does with other nodes goes over these
 * channels, so it works the same whether the nodes share a process or not.
 */
export interface NodeContext {
  readonly identity: NodeIdentity;
  /** The cluster as bound (ports filled in); read it when needed, not at construction. */
  readonly layout: () => ClusterLayout;
  readonly cluster: () => ClusterInfo;
  readonly isLeader: boolean;
  readonly prime: Prime;
  readonly polynomialDegree: number;
  readonly store: NodeStore;
  readonly checkReceipt: ReceiptChecker;
  readonly now: () => Date;
  /**
   * A native gRPC transport to the node at `index`, each call carrying a token this node signs for that
   * node: the receiving node sees this node's user id as the caller.
   */
  readonly peer: (index: number) => Transport;
  readonly log: NodeLogger;
}

/**
 * A capability plugged into every node of a cluster, e.g. compute. Payments hooks and pool status are
 * read on the leader only.
 *
 * @example
 * ```ts
 * const compute: NodeExtensionFactory = (context) => ({
 *   routes: (router) => router.service(Compute, computeService(context)),
 *   close: async () => {},
 * });
 * ```
 */
export interface NodeExtension {
  /** Registers the extension's services on the node's router. */
  routes(router: ConnectRouter): void;
  /** Preprocessing needs of a compute quote. */
  readonly computeRequirements?: ComputeRequirements;
  /**
   * Receipt metadata of a quote once it is paid for (replacing `metadataOf(quote)` for every operation);
   * compute reserves its preprocessing offsets here. Throwing refuses the receipt, and the leader gives the
   * payment back.
   */
  readonly receiptMetadata?: (quote: PriceQuote) => Promise<OperationMetadata>;
  /** What `LeaderQueries.PoolStatus` reports. */
  readonly poolStatus?: () => Promise<MessageInitShape<typeof PoolStatusResponseSchema>>;
  /** Called once every node of the cluster listens (ports bound): start background work here. */
  start?(): void;
  /** Stops background work and waits for it; the store is closed after this. */
  close(): Promise<void>;
}

export type NodeExtensionFactory = (context: NodeContext) => NodeExtension;
