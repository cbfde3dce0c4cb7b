// A computation that needs two kinds of preprocessing, sent the moment a default devnet (in-process nodes,
// in-memory stores) has started: its receipt waits for the pool still being filled while the other is
// already full, and meanwhile the process keeps running its timers, so the chain, the nodes and the
// dealer all make progress and the computation succeeds.
import { afterEach, expect, it } from "vitest";
import type { Devnet } from "../src/index.js";
import { startTestDevnet } from "./cluster-helpers.js";
import {
  ComputeCluster,
  expectedOutputs,
  type FixtureCase,
  fixtureBytes,
  fixtureCases,
  fixtureValues,
  toFixtureJson,
} from "./compute-helpers.js";

/** How often the watchdog ticks, and the longest stall between ticks that still counts as responsive. */
const TICK_MS = 50;
const MAX_STALL_MS = 5_000;

let devnet: Devnet | undefined;
afterEach(async () => {
  await devnet?.stop();
  devnet = undefined;
});

/** A `setInterval` that records the longest gap between its ticks: how long the event loop was starved. */
function watchdog(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** Stores the equality program and the case's inputs, runs it and returns the outputs in fixture form. */
async function compute(devnet: Devnet, testCase: FixtureCase) {
  // The default devnet's nodes; the funding wallet is the chain's key 0, untouched on a fresh chain.
  const user = await new ComputeCluster(devnet.chain, devnet.layout, [], []).user();
  // equality takes EqualitySecretOutput elements (960 field elements each: among the last pools to fill)
  // and EqualityPublicOutput ones (one field element each: full almost at once).
  const programId = await user.storeProgram("equality", fixtureBytes("equality"));
  const valueIds = [await user.storeValues(fixtureValues(testCase.inputs), { programId })];
  const computeId = await user.invoke({
    programId,
    valueIds,
    inputs: { P: user.id },
    outputs: { P: [user.id] },
  });
  const results = await user.results(computeId);
  return Object.fromEntries(Object.entries(results).map(([name, value]) => [name, toFixtureJson(value)]));
}

it("runs the first computation needing two element kinds right after start, timers firing throughout", async () => {
  const ticks = watchdog();
  devnet = await startTestDevnet();
  const testCase = fixtureCases("equality").find(({ error }) => error === null);
  if (testCase === undefined) throw new Error("equality has no successful case");
  // Settled either way first: on a starved event loop the computation fails, and the stall is the finding.
  const outcome = await compute(devnet, testCase).then(
    (outputs) => ({ outputs }),
    (error: unknown) => ({ error }),
  );
  const longestStall = ticks.stop();

  expect(longestStall).toBeLessThan(MAX_STALL_MS);
  if ("error" in outcome) throw outcome.error;
  expect(outcome.outputs).toEqual(expectedOutputs(testCase, outcome.outputs));
}, 60_000);
