// The loop every fuzzed stream runs: one input at a time, each drawn from a random stream of its own (so
// that it replays alone), sent and judged, any fault of the devnet's process blamed on it, and the
// devnet's health probed between batches and at the end.
import { type SeededRandom, seededRandom } from "../support/seeded-random.js";
import type { FuzzCluster } from "./fuzz-cluster.js";
import { type FaultLog, type FuzzFailure, faultBlamer } from "./fuzz-failures.js";
import { type FuzzSettings, indicesToRun, inputSeed } from "./fuzz-settings.js";
import { PROBE_EVERY, probeAfter } from "./health-probe.js";

/** What a stream's run is: which inputs, against which devnet. */
export interface FuzzStream {
  readonly cluster: FuzzCluster;
  readonly settings: FuzzSettings;
  /** The stream's name, e.g. `node`: its inputs' ids are `<stream>:<index>`. */
  readonly stream: string;
  readonly count: number;
  /** The faults of the process the devnet runs in, when that is this process. */
  readonly faults?: FaultLog | undefined;
}

/** One input sent: its id, what it was, the body sent, and why its answer is unacceptable, if it is. */
export interface JudgedInput {
  readonly id: string;
  readonly label: string;
  readonly body: Uint8Array;
  readonly reason: string | undefined;
}

/**
 * Runs `count` inputs of the stream (or only the replayed one) through `send`, which draws input `index`
 * from `random`, sends and judges it; returns every failure: unacceptable answers, faults blamed on an
 * input, and failed health probes.
 */
export async function fuzzStream(
  run: FuzzStream,
  send: (index: number, random: SeededRandom) => Promise<JudgedInput>,
): Promise<FuzzFailure[]> {
  const failures: FuzzFailure[] = [];
  const blame = faultBlamer(run.faults);
  let sent = 0;
  for (const index of indicesToRun(run.settings, run.stream, run.count)) {
    const input = await send(index, seededRandom(inputSeed(run.settings.seed, run.stream, index)));
    sent += 1;
    if (input.reason !== undefined) {
      failures.push({ id: input.id, input: input.label, reason: input.reason, body: input.body });
    }
    failures.push(...blame(input.id, input.label));
    if (sent % PROBE_EVERY === 0) await probeAfter(run.cluster, input.id, failures);
  }
  if (sent % PROBE_EVERY !== 0) await probeAfter(run.cluster, `${run.stream}:end`, failures);
  return failures;
}
