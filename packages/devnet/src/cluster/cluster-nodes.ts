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
  /** Each node's OS process, by node index, when the nodes run in processes of their own. */
  readonly processes?: readonly DevnetNodeProcess[];
  /** Stops every node; resolves once each one closed its port and store. */
  stop(): Promise<void>;
}

/**
 * One node of a devnet started with `processes: true`, as crash tests need it: the process to kill, and a
 * way to start the node again where it was.
 *
 * @example
 * ```ts
 * const node = devnet.nodeProcesses[devnet.layout.leaderIndex];
 * process.kill(node.pid, "SIGKILL");
 * await node.restart(); // same port, same data directory, a new pid
 * ```
 */
export interface DevnetNodeProcess {
  readonly index: number;
  /** The id of the node's current OS process; each restart gives a new one. */
  readonly pid: number;
  /**
   * Starts the node again in a new process, on the same port and with the same data directory (its state
   * survives only with `dataDir`), and resolves once it serves. A process that still runs is stopped first,
   * gracefully, as `Devnet.stop` does.
   *
   * @throws {UnavailableError} when the devnet is stopping, or the new process fails to start
   */
  restart(): Promise<void>;
}
