import { envKnobs, type KnobEnv } from "../support/env-knobs.js";

/** The crash suite's scale, from the environment (see the README's "Crash" section). */
export interface CrashKnobs {
  /** Stores acknowledged in each scenario before the kill (and half as many after a node's restart). */
  readonly acks: number;
  /** Store+retrieve pairs each user keeps in flight. */
  readonly workers: number;
  readonly seed: number;
}

/**
 * Reads `CRASH_ACKS`, `CRASH_WORKERS` and `CRASH_SEED`.
 *
 * @throws {RangeError} naming the variable, the rule and the value it holds
 */
export function crashKnobs(env: KnobEnv = process.env): CrashKnobs {
  const knobs = envKnobs(env);
  return {
    acks: knobs.integer("CRASH_ACKS", 8, 1),
    workers: knobs.integer("CRASH_WORKERS", 3, 1),
    seed: knobs.integer("CRASH_SEED", 1, 0),
  };
}

/** The command that runs the crash suite again with these knobs, for failure messages. */
export function crashReplay(knobs: CrashKnobs): string {
  return `CRASH_SEED=${knobs.seed} CRASH_ACKS=${knobs.acks} CRASH_WORKERS=${knobs.workers} pnpm exec vitest run --project reliability test/crash`;
}
