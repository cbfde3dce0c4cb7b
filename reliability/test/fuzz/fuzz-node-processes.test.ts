// The fuzz suite's node half against a devnet whose nodes run in processes of their own (`processes:
// true`, as `nillion-devnet --processes`): a node that crashes takes only its process down, so what is
// checked is that every node process outlives the fuzzing, answers health probes, and still serves real
// users. About 300 seeded inputs at FUZZ_SCALE=1 (see reliability/README.md).
import { Devnet } from "@nillion/devnet";
import { Network } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchProcess } from "../support/watch-process.js";
import { EXPECTED_OUTPUTS, runAfterChecks, STORED } from "./after-checks.js";
import { type FuzzCluster, fuzzCluster } from "./fuzz-cluster.js";
import { describeFault, failureLines, failureReport } from "./fuzz-failures.js";
import { fuzzSettings, inputCount } from "./fuzz-settings.js";
import { probeHealth } from "./health-probe.js";
import { fuzzNodes } from "./node-fuzz.js";
import { devnetNodeProcesses, isRunning } from "./node-processes.js";
import { nodeTargets } from "./node-targets.js";
import { recordSeedCorpus, type SeedCorpus } from "./seed-corpus.js";

const settings = fuzzSettings();

// A replay of one input of another stream needs no devnet here.
const replayElsewhere = settings.only !== undefined && settings.only.stream !== "proc-node";

describe.skipIf(replayElsewhere)(
  `fuzz: a devnet with a process per node (FUZZ_SEED=${settings.seed}, FUZZ_SCALE=${settings.scale})`,
  () => {
    let devnet: Devnet;
    let network: Network;
    let cluster: FuzzCluster;
    let corpus: SeedCorpus;
    let faults: ReturnType<typeof watchProcess>;
    let nodeProcesses: number[] | undefined;

    beforeAll(async () => {
      faults = watchProcess();
      devnet = await Devnet.start({ portBase: 0, processes: true, chain: { blockIntervalMs: 10 } });
      nodeProcesses = devnetNodeProcesses();
      network = Network.devnet(devnet.bootnodeUrl, devnet.chain.urls.proxy);
      cluster = fuzzCluster(devnet);
      corpus = await recordSeedCorpus(network, devnet.chain.createFundedKey(10n ** 13n));
    });

    afterAll(async () => {
      corpus?.close();
      await devnet?.stop();
      faults?.stop();
    });

    it("answers every fuzzed node call within 5 s; INTERNAL only for undecodable bodies; sessions and health probes survive", async () => {
      const failures = await fuzzNodes(
        { cluster, corpus, targets: nodeTargets() },
        settings,
        "proc-node",
        inputCount(settings, 250),
      );
      expect(failureLines(failures), failureReport(settings.seed, failures)).toEqual([]);
    });

    it("keeps every node process running and answering", async () => {
      if (nodeProcesses !== undefined) {
        expect(nodeProcesses).toHaveLength(cluster.nodes.length);
        expect(nodeProcesses.filter((pid) => !isRunning(pid))).toEqual([]);
      }
      expect(await probeHealth(cluster)).toEqual([]);
    });

    it("still stores, retrieves, uploads and computes afterwards, paying from a balance and per operation", async () => {
      const { balanceMode, perOperation } = await runAfterChecks(devnet, network);
      for (const outcome of [balanceMode, perOperation]) {
        expect(outcome.retrieved).toEqual(STORED);
        expect(outcome.computed).toEqual(EXPECTED_OUTPUTS);
      }
    });

    it("let nothing escape in this process: no uncaught exception, unhandled rejection or warning", () => {
      expect(faults.stop().map(describeFault)).toEqual([]);
    });
  },
);
