import type { NadaValues } from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { storeAndRetrieve } from "./store-retrieve-pair.js";

/** How one pair went. */
export interface PairOutcome {
  readonly burst: number;
  /** Whose pair: `client 2, pair 7`, or `joiner 1` for a user that connected during the burst. */
  readonly who: string;
  readonly values: NadaValues;
  /** From the start of the burst to the pair's end, success or failure. */
  readonly latencyMs: number;
  readonly error?: unknown;
}

/** Every pair of one burst, and how long the whole burst took. */
export interface BurstResult {
  readonly outcomes: readonly PairOutcome[];
  readonly durationMs: number;
}

/**
 * Users who connect while a burst runs — new connections to the chain and to every node, opened while the
 * devnet is busiest — one after another, each storing and retrieving one pair.
 */
export interface Joiners {
  /** At most this many join in one burst; fewer when the burst ends first. */
  readonly limit: number;
  /** The values joiner `index` of the burst stores. */
  values(index: number): NadaValues;
  /** Connects a new user, runs its pair and leaves. @throws what the pair threw */
  join(values: NadaValues): Promise<void>;
}

/**
 * Starts every pair of every client at once — `inputs[client][pair]` — and, while they run, lets
 * `joiners` join one after another; resolves when all have ended. A pair that fails does not stop the
 * others: the suite reports every failure together.
 */
export async function runBurst(
  burst: number,
  clients: readonly VmClient[],
  inputs: readonly (readonly NadaValues[])[],
  joiners: Joiners,
): Promise<BurstResult> {
  const started = performance.now();
  const settle = async (who: string, values: NadaValues, run: () => Promise<void>): Promise<PairOutcome> => {
    try {
      await run();
      return { burst, who, values, latencyMs: performance.now() - started };
    } catch (error) {
      return { burst, who, values, latencyMs: performance.now() - started, error };
    }
  };
  let running = true;
  const pairs = Promise.all(
    clients.flatMap((client, index) =>
      (inputs[index] ?? []).map((values, pair) =>
        settle(`client ${index}, pair ${pair}`, values, () => storeAndRetrieve(client, values)),
      ),
    ),
  ).finally(() => {
    running = false;
  });
  const joined: PairOutcome[] = [];
  for (let index = 0; index < joiners.limit && running; index += 1) {
    const values = joiners.values(index);
    joined.push(await settle(`joiner ${index}`, values, () => joiners.join(values)));
  }
  const outcomes = [...(await pairs), ...joined];
  return { outcomes, durationMs: performance.now() - started };
}
