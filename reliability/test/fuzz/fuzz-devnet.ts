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

/**
 * Starts the devnet (with `processes`, a process per node) and records the seed corpus on it. `started`
 * runs in between: a watcher started there sees every call of the run, but not the devnet starting.
 */
export async function startFuzzDevnet(options: {
  readonly processes: boolean;
  readonly started?: () => void;
}): Promise<FuzzDevnet> {
  const devnet = await Devnet.start({
    portBase: 0,
    processes: options.processes,
    chain: { blockIntervalMs: 10 },
  });
  try {
    options.started?.();
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
