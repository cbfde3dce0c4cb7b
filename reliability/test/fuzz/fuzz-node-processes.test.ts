// The fuzz suite's node half against a devnet whose nodes run in processes of their own (`processes:
// true`, as `nillion-devnet --processes`): a node that crashes takes only its process down, so what is
// checked is that every node process outlives the fuzzing, answers health probes, and still serves real
// users. About 300 seeded inputs at FUZZ_SCALE=1 (see reliability/README.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchProcess } from "../support/watch-process.js";
import { EXPECTED_OUTPUTS, runAfterChecks, STORED } from "./after-checks.js";
import { expectNoFailures } from "./expect-no-failures.js";
import { type FuzzDevnet, startFuzzDevnet } from "./fuzz-devnet.js";
import { describeFault } from "./fuzz-failures.js";
import { fuzzSettings, inputCount } from "./fuzz-settings.js";
import { probeHealth } from "./health-probe.js";
import { fuzzNodes } from "./node-fuzz.js";
import { devnetNodeProcesses, isRunning } from "./node-processes.js";

const settings = fuzzSettings();

// A replay of one input of another stream needs no devnet here.
const replayElsewhere = settings.only !== undefined && settings.only.stream !== "proc-node";

describe.skipIf(replayElsewhere)(
  `fuzz: a devnet with a process per node (FUZZ_SEED=${settings.seed}, FUZZ_SCALE=${settings.scale})`,
  () => {
    let fuzz: FuzzDevnet;
    let faults: ReturnType<typeof watchProcess>;
    let nodeProcesses: number[] | undefined;

    beforeAll(async () => {
      faults = watchProcess();
      fuzz = await startFuzzDevnet({
        processes: true,
        started: () => {
          nodeProcesses = devnetNodeProcesses();
        },
      });
    });

    afterAll(async () => {
      await fuzz?.stop();
      faults?.stop();
    });

    it("answers every fuzzed node call within 5 s; INTERNAL only for undecodable bodies; sessions and health probes survive", async () => {
      expectNoFailures(settings, await fuzzNodes(fuzz, settings, "proc-node", inputCount(settings, 250)));
    });

    it("keeps every node process running and answering", async () => {
      if (nodeProcesses !== undefined) {
        expect(nodeProcesses).toHaveLength(fuzz.cluster.nodes.length);
        expect(nodeProcesses.filter((pid) => !isRunning(pid))).toEqual([]);
      }
      expect(await probeHealth(fuzz.cluster)).toEqual([]);
    });

    it("still stores, retrieves, uploads and computes afterwards, paying from a balance and per operation", async () => {
      const { balanceMode, perOperation } = await runAfterChecks(fuzz);
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
