import type { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import type { ClusterLayout } from "../node/cluster-layout.js";
import type { NodeLogger } from "../node/node-logger.js";

/** What starting a cluster's nodes needs, whether they run here or in their own processes. */
export interface ClusterNodeSettings {
  /** Ports may be 0: each node binds, then every node learns the bound layout. */
  readonly planned: ClusterLayout;
  readonly primeWire: Prime;
  readonly polynomialDegree: number;
  readonly chainRpcUrl: string;
  readonly log: NodeLogger;
  readonly sweepIntervalMs?: number;
  /** Durable store directory of node `index`, or undefined for memory. */
  readonly storeDirectory: (index: number) => string | undefined;
}

/** A cluster's running nodes. */
export interface ClusterNodes {
  /** The layout with every port bound. */
  readonly layout: ClusterLayout;
  /** Stops every node; resolves once each one closed its port and store. */
  stop(): Promise<void>;
}
