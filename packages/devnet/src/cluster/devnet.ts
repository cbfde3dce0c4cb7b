import path from "node:path";
import { PRIMES, type PrimeName } from "@nillion/crypto";
import { InvalidArgumentError } from "@nillion/types";
import type { DevnetKey } from "../chain/devnet-keys.js";
import { NilChain, type NilChainOptions } from "../chain/nil-chain.js";
import { configDirectory } from "../config/config-directory.js";
import { type WrittenNetworkConfig, writeNetworkConfig } from "../config/write-network-config.js";
import { type ClusterLayout, type ClusterLayoutOptions, clusterLayout } from "../node/cluster-layout.js";
import type { NodeExtensionFactory } from "../node/node-extension.js";
import { type NodeLogger, SILENT_LOGGER } from "../node/node-logger.js";
import type { ClusterNodes, DevnetNodeProcess } from "./cluster-nodes.js";
import { defaultExtensions } from "./default-extensions.js";
import { startInProcessNodes } from "./in-process-nodes.js";
import { startProcessNodes } from "./process-nodes.js";

/**
 * How to start a devnet. Every field is optional; the defaults are the reference `nillion-devnet`'s.
 *
 * @example
 * ```ts
 * const options: DevnetOptions = { portBase: 0, chain: { blockIntervalMs: 10 } }; // all ports ephemeral
 * ```
 */
export interface DevnetOptions extends ClusterLayoutOptions {
  /** Bits of the cluster's safe prime: 64, 128 or 256 (default). */
  readonly primeBits?: 64 | 128 | 256;
  /** Degree T of the sharing polynomials, 1 by default; the node count must be at least 2T + 1. */
  readonly polynomialDegree?: number;
  /**
   * Directory for durable state: the chain in `<dataDir>/nilchain`, node *i* in `<dataDir>/node-<i>`. A
   * restart with the same directory finds every value, program, balance and block again. Without it,
   * everything lives in memory.
   */
  readonly dataDir?: string;
  /**
   * Chain settings. Ports default to the reference's (26648, 48102, 26649), or ephemeral ones with
   * `portBase: 0`.
   */
  readonly chain?: Pick<NilChainOptions, "rpcPort" | "proxyPort" | "grpcPort" | "blockIntervalMs">;
  /** Runs each node in its own OS process; by default the nodes share this one. They talk over sockets either way. */
  readonly processes?: boolean;
  /** Capabilities plugged into every node (compute by default). Not available with `processes`. */
  readonly extensions?: readonly NodeExtensionFactory[];
  readonly log?: NodeLogger;
  /**
   * The nodes' clock, for tests that move time forward (token, quote, receipt and value expiry). Clients
   * must then sign tokens with the same clock. Not available with `processes`.
   */
  readonly now?: () => Date;
  /** How often each node deletes expired values, results, markers and balances; 60 s by default. */
  readonly sweepIntervalMs?: number;
}

/**
 * A running devnet: the nilchain emulator and a cluster of nilvm nodes.
 *
 * @example
 * ```ts
 * import { Devnet } from "@nillion/devnet";
 *
 * const devnet = await Devnet.start({ portBase: 0 });
 * console.log(devnet.bootnodeUrl, devnet.chain.urls.proxy);
 * await devnet.stop();
 * ```
 */
export class Devnet {
  /** Keys, ids and bound ports of every node. */
  readonly layout: ClusterLayout;
  readonly chain: NilChain;
  readonly primeBits: 64 | 128 | 256;
  readonly polynomialDegree: number;
  readonly #nodes: ClusterNodes;
  #stopped: Promise<void> | undefined;

  private constructor(layout: ClusterLayout, chain: NilChain, nodes: ClusterNodes, settings: Settings) {
    this.layout = layout;
    this.chain = chain;
    this.#nodes = nodes;
    this.primeBits = settings.primeBits;
    this.polynomialDegree = settings.polynomialDegree;
  }

  /**
   * Starts the chain, then the nodes; resolves once every node serves.
   *
   * @throws {InvalidArgumentError} naming the option that is out of range (`primeBits`,
   *   `polynomialDegree`, `extensions`, or one of {@link ClusterLayoutOptions})
   */
  static async start(options: DevnetOptions = {}): Promise<Devnet> {
    const planned = clusterLayout(options);
    const settings = validate(options, planned.nodes.length);
    const ephemeral = options.portBase === 0;
    const chain = await NilChain.start({
      host: "127.0.0.1",
      ...(ephemeral ? { rpcPort: 0, proxyPort: 0, grpcPort: 0 } : {}),
      ...options.chain,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    });
    try {
      const nodeSettings = {
        planned,
        primeWire: PRIMES[primeNameOf(settings.primeBits)].wire,
        polynomialDegree: settings.polynomialDegree,
        chainRpcUrl: chain.urls.rpc,
        log: settings.log,
        ...(options.sweepIntervalMs === undefined ? {} : { sweepIntervalMs: options.sweepIntervalMs }),
        storeDirectory: (index: number) =>
          options.dataDir === undefined ? undefined : path.join(options.dataDir, `node-${index}`),
      };
      const nodes = options.processes
        ? await startProcessNodes(nodeSettings)
        : await startInProcessNodes({
            ...nodeSettings,
            extensions: settings.extensions,
            ...(options.now ? { now: options.now } : {}),
          });
      return new Devnet(nodes.layout, chain, nodes, settings);
    } catch (error) {
      await chain.stop();
      throw error;
    }
  }

  /** `grpc_endpoint` of node 0, what `devnet.yaml` calls the bootnode. */
  get bootnodeUrl(): string {
    return this.layout.bootnode.grpcEndpoint;
  }

  /** `grpc_endpoint` of the leader, which serves Payments and LeaderQueries. */
  get leaderUrl(): string {
    return this.layout.leader.grpcEndpoint;
  }

  /**
   * With `processes`, each node's OS process by node index, for tests that kill one and start it again;
   * empty when the nodes run in this process.
   */
  get nodeProcesses(): readonly DevnetNodeProcess[] {
    return this.#nodes.processes ?? [];
  }

  /** The ten funded devnet wallets (1,000,000 NIL each at genesis). */
  get fundedKeys(): readonly DevnetKey[] {
    return this.chain.keys;
  }

  /**
   * Writes `networks/devnet.yaml` and `nillion-devnet.env` for this devnet, as the reference does, under
   * `directory` ({@link configDirectory} by default).
   */
  writeConfig(directory: string = configDirectory()): Promise<WrittenNetworkConfig> {
    const urls = this.chain.urls;
    return writeNetworkConfig({
      directory,
      clusterId: this.layout.clusterId,
      bootnode: this.bootnodeUrl,
      chainId: this.chain.chainId,
      nilchainRpcEndpoint: urls.rpc,
      nilchainJsonRpcEndpoint: urls.proxy,
      nilchainGrpcEndpoint: urls.grpc,
      // The emulator serves no REST API; the key is written because harnesses read it, at the reference's port.
      nilchainRestEndpoint: "http://localhost:26650",
      privateKeys: this.chain.keys.map((key) => key.privateKey),
    });
  }

  /**
   * Stops every node (and its process), then the chain; durable state is flushed and every port released.
   * Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      try {
        await this.#nodes.stop();
      } finally {
        await this.chain.stop();
      }
    })();
    return this.#stopped;
  }
}

interface Settings {
  readonly primeBits: 64 | 128 | 256;
  readonly polynomialDegree: number;
  readonly extensions: readonly NodeExtensionFactory[];
  readonly log: NodeLogger;
}

function primeNameOf(bits: 64 | 128 | 256): PrimeName {
  return `SAFE_${bits}_BITS`;
}

function validate(options: DevnetOptions, nodeCount: number): Settings {
  const primeBits = options.primeBits ?? 256;
  if (primeBits !== 64 && primeBits !== 128 && primeBits !== 256) {
    throw new InvalidArgumentError(`"primeBits" must be 64, 128 or 256, got ${String(primeBits)}`, {
      argument: "primeBits",
    });
  }
  const polynomialDegree = options.polynomialDegree ?? 1;
  if (!Number.isInteger(polynomialDegree) || polynomialDegree < 1 || nodeCount < 2 * polynomialDegree + 1) {
    throw new InvalidArgumentError(
      `"polynomialDegree" must be an integer from 1 to ${Math.floor((nodeCount - 1) / 2)} for ${nodeCount} nodes ` +
        `(n ≥ 2·degree + 1), got ${String(polynomialDegree)}`,
      { argument: "polynomialDegree" },
    );
  }
  for (const argument of ["extensions", "now"] as const) {
    if (options.processes && options[argument] !== undefined) {
      throw new InvalidArgumentError(
        `"${argument}" cannot be given with "processes": it stays in this process`,
        {
          argument,
        },
      );
    }
  }
  return {
    primeBits,
    polynomialDegree,
    extensions: options.extensions ?? defaultExtensions(),
    log: options.log ?? SILENT_LOGGER,
  };
}
