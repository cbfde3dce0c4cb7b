// The devnet one fuzz file runs against (3 nodes, 10 ms blocks; its nodes in this process or in one
// process each), as the fuzzer addresses it, with real requests recorded on it to mutate.
import { Devnet } from "@nillion/devnet";
import { Network } from "@nillion/vm-client";
import { type FuzzCluster, fuzzCluster } from "./fuzz-cluster.js";
import { recordSeedCorpus, type SeedCorpus } from "./seed-corpus.js";

export interface FuzzDevnet {
  readonly devnet: Devnet;
  readonly network: Network;
  readonly cluster: FuzzCluster;
  readonly corpus: SeedCorpus;
  /** Closes the corpus's clients, then stops the devnet. */
  stop(): Promise<void>;
}

export interface FuzzDevnetOptions {
  /** A process per node (`nillion-devnet --processes`) instead of nodes in this process. */
  readonly processes: boolean;
  /**
   * Runs once the devnet is up, before the corpus is recorded: a watcher started here sees every call
   * of the run, but not the devnet starting.
   */
  readonly started?: (devnet: Devnet) => void;
}

/**
 * @example
 * ```ts
 * const fuzz = await startFuzzDevnet({ processes: true });
 * await fuzzNodes(fuzz, settings, "proc-node", 250);
 * await fuzz.stop();
 * ```
 */
export async function startFuzzDevnet(options: FuzzDevnetOptions): Promise<FuzzDevnet> {
  const devnet = await Devnet.start({
    portBase: 0,
    processes: options.processes,
    chain: { blockIntervalMs: 10 },
  });
  try {
    options.started?.(devnet);
    const network = Network.devnet(devnet.bootnodeUrl, devnet.chain.urls.proxy);
    const cluster = fuzzCluster(devnet);
    const corpus = await recordSeedCorpus(network, devnet.chain.createFundedKey(10n ** 13n));
    return {
      devnet,
      network,
      cluster,
      corpus,
      async stop() {
        corpus.close();
        await devnet.stop();
      },
    };
  } catch (error) {
    await devnet.stop();
    throw error;
  }
}
