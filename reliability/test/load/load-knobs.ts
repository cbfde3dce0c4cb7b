import { envKnobs, type KnobEnv } from "../support/env-knobs.js";

/** The load suite's scale, from the environment (see the README's "Load" section). */
export interface LoadKnobs {
  /** Store+retrieve pairs started at once in each burst, spread over the clients; 0 skips the variant. */
  readonly pairs: number;
  readonly clients: number;
  /** Pairs of the variant that pays each operation on chain; 0 skips it. */
  readonly perOperationPairs: number;
  /** Users that connect during each burst, one after another, for one pair each (fewer if it ends first). */
  readonly joiners: number;
  /** Bursts run one after another on the same devnet and clients. */
  readonly bursts: number;
  readonly seed: number;
  /** Which devnets to run against. */
  readonly modes: readonly LoadMode[];
  /** A file to append one JSON line of measurements per run to (the benchmark reads it). */
  readonly report: string | undefined;
}

export type LoadMode = "in-process" | "processes";

const MODES: readonly LoadMode[] = ["in-process", "processes"];

/**
 * Reads `LOAD_PAIRS`, `LOAD_CLIENTS`, `LOAD_PER_OPERATION_PAIRS`, `LOAD_JOINERS`, `LOAD_BURSTS`,
 * `LOAD_SEED`, `LOAD_MODES` and `LOAD_REPORT`.
 *
 * @throws {RangeError} naming the variable, the rule and the value it holds
 */
export function loadKnobs(env: KnobEnv = process.env): LoadKnobs {
  const knobs = envKnobs(env);
  const clients = knobs.integer("LOAD_CLIENTS", 5, 1);
  const pairs = knobs.integer("LOAD_PAIRS", 60, 0);
  const perOperationPairs = knobs.integer("LOAD_PER_OPERATION_PAIRS", 10, 0);
  for (const [name, value] of [
    ["LOAD_PAIRS", pairs],
    ["LOAD_PER_OPERATION_PAIRS", perOperationPairs],
  ] as const) {
    // Every client runs at least one pair, so that each wallet's books have something to show.
    if (value !== 0 && value < clients) {
      throw new RangeError(`${name} must be 0 or at least LOAD_CLIENTS (${clients}), got "${value}"`);
    }
  }
  return {
    pairs,
    clients,
    perOperationPairs,
    joiners: knobs.integer("LOAD_JOINERS", 3, 0),
    bursts: knobs.integer("LOAD_BURSTS", 1, 1),
    seed: knobs.integer("LOAD_SEED", 1, 0),
    modes: knobs.choices("LOAD_MODES", MODES, MODES),
    report: env["LOAD_REPORT"] || undefined,
  };
}
