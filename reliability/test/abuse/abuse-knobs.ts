import { envKnobs } from "../support/env-knobs.js";

/**
 * The abuse suite's scale knobs, read once from the environment (see the suite's section of
 * reliability/README.md). Every run is deterministic for a given set of knobs: the seed drives which node
 * each concurrent attempt goes to, the letter case of replayed hashes, the bytes flipped in forged
 * receipts and quotes, and the garbage sent as tokens.
 */
export interface AbuseKnobs {
  /** `ABUSE_SEED`: the seed of every random choice (default 1). */
  readonly seed: number;
  /** `ABUSE_CONCURRENCY`: how many copies of a replay are sent at once (default 20). */
  readonly concurrency: number;
  /** `ABUSE_GARBAGE_TOKENS`: how many random garbage token headers each node is sent (default 12). */
  readonly garbageTokens: number;
  /**
   * `ABUSE_STORE`: what the nodes and the chain keep their state in — `memory` (default, as
   * `nillion-devnet` runs) or `sqlite` (durable, as with `--data-dir`), whose claims and balance changes
   * are separate transactions to race.
   */
  readonly store: "memory" | "sqlite";
}

const knobs = envKnobs(process.env);

export const ABUSE_KNOBS: AbuseKnobs = {
  seed: knobs.integer("ABUSE_SEED", 1, 0),
  concurrency: knobs.integer("ABUSE_CONCURRENCY", 20, 2, 200),
  garbageTokens: knobs.integer("ABUSE_GARBAGE_TOKENS", 12, 0, 1_000),
  store: knobs.choice("ABUSE_STORE", ["memory", "sqlite"], "memory"),
};

/**
 * What a failing assertion prints: the seed, the case and the input that failed, and how to replay it.
 *
 * @example
 * ```ts
 * expect(outcome.code, label("receipt reused on node 2", { attempt: 7 })).toBe("FAILED_PRECONDITION");
 * ```
 */
export function label(what: string, input?: unknown): string {
  const shown = input === undefined ? "" : ` input=${stringify(input)}`;
  const { seed, store } = ABUSE_KNOBS;
  return `[abuse seed=${seed} store=${store}] ${what}${shown} (replay: ABUSE_SEED=${seed} ABUSE_STORE=${store} pnpm exec vitest run --project reliability test/abuse)`;
}

function stringify(input: unknown): string {
  return JSON.stringify(input, (_key, value: unknown) => {
    if (typeof value === "bigint") return `${value}n`;
    if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
    return value;
  });
}
