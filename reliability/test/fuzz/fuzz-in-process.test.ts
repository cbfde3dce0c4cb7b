// The fuzz suite against a devnet whose nodes and chain run in this process, so that anything they let
// escape — an uncaught exception, an unhandled rejection, a process warning, a console error, a stalled
// event loop — is seen here. About 1,700 seeded inputs at FUZZ_SCALE=1 (see reliability/README.md).
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { type EventLoopReport, watchEventLoop } from "../support/watch-event-loop.js";
import { type ProcessFault, watchProcess } from "../support/watch-process.js";
import { EXPECTED_OUTPUTS, runAfterChecks, STORED } from "./after-checks.js";
import { type ChainFuzz, fuzzChainGrpc, fuzzChainRpc } from "./chain-fuzz.js";
import { type ChainSeeds, chainSeeds } from "./chain-seeds.js";
import { expectNoFailures } from "./expect-no-failures.js";
import { type FuzzDevnet, startFuzzDevnet } from "./fuzz-devnet.js";
import { describeFault } from "./fuzz-failures.js";
import { fuzzSettings, inputCount } from "./fuzz-settings.js";
import { ANSWER_TIMEOUT_MS, fuzzNodes } from "./node-fuzz.js";
import { checkPaymentAgreement } from "./payment-agreement.js";

const settings = fuzzSettings();

// A replay of one input of the other file's stream needs no devnet here.
const replayElsewhere = settings.only?.stream === "proc-node";

describe.skipIf(replayElsewhere)(
  `fuzz: a devnet in this process (FUZZ_SEED=${settings.seed}, FUZZ_SCALE=${settings.scale})`,
  () => {
    let fuzz: FuzzDevnet;
    let seeds: ChainSeeds;
    let faults: ReturnType<typeof watchProcess>;
    let loop: ReturnType<typeof watchEventLoop>;
    let consoleErrors: MockInstance<typeof console.error>;

    beforeAll(async () => {
      faults = watchProcess();
      consoleErrors = vi.spyOn(console, "error");
      fuzz = await startFuzzDevnet({
        processes: false,
        started: () => {
          loop = watchEventLoop();
        },
      });
      seeds = await chainSeeds(fuzz.devnet, fuzz.devnet.chain.createFundedKey(10n ** 9n));
    });

    afterAll(async () => {
      await fuzz?.stop();
      faults?.stop();
      consoleErrors?.mockRestore();
    });

    const chainStream = (base: number): ChainFuzz => ({
      cluster: fuzz.cluster,
      seeds,
      settings,
      count: inputCount(settings, base),
      faults,
    });

    it("answers every fuzzed node call within 5 s; INTERNAL only for undecodable bodies; sessions and health probes survive", async () => {
      expectNoFailures(settings, await fuzzNodes(fuzz, settings, "node", inputCount(settings, 1100), faults));
    });

    it("answers every fuzzed chain RPC and CORS-proxy request within 5 s, never with an exception for an error", async () => {
      expectNoFailures(settings, await fuzzChainRpc(chainStream(350)));
    });

    it("answers every fuzzed chain gRPC call within 5 s; INTERNAL only for unreadable requests, UNKNOWN only where the SDK answers it", async () => {
      expectNoFailures(settings, await fuzzChainGrpc(chainStream(250)));
    });

    it("keeps chain and leader in agreement on forged payments and add-funds amounts", async () => {
      const wallet = fuzz.devnet.chain.createFundedKey(10n ** 12n);
      expectNoFailures(settings, await checkPaymentAgreement({ ...fuzz, wallet }, settings));
    });

    it("still stores, retrieves, uploads and computes afterwards, paying from a balance and per operation", async () => {
      const { balanceMode, perOperation } = await runAfterChecks(fuzz);
      for (const outcome of [balanceMode, perOperation]) {
        expect(outcome.retrieved).toEqual(STORED);
        expect(outcome.computed).toEqual(EXPECTED_OUTPUTS);
      }
      // Four paid operations each: store program, store values, retrieve values, compute.
      expect(balanceMode.creditsSpent).toBe(400n);
      expect(perOperation.unilSpent).toBeGreaterThanOrEqual(4_000_000n);
    });

    it("let nothing escape: no uncaught exception, unhandled rejection, warning or console error; no event-loop stall of 5 s", () => {
      const report: EventLoopReport = loop.stop();
      const escaped: ProcessFault[] = faults.stop();
      expect.soft(escaped.map(describeFault)).toEqual([]);
      expect
        .soft(consoleErrors.mock.calls.map((call) => call.map(String).join(" ").slice(0, 300)))
        .toEqual([]);
      expect.soft(report.maxGapMs).toBeLessThan(ANSWER_TIMEOUT_MS);
    });
  },
);
