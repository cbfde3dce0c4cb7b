import type { NadaValues } from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { storeAndRetrieve } from "./store-retrieve-pair.js";

/** How one pair went. */
export interface PairOutcome {
  readonly burst: number;
  readonly client: number;
  readonly pair: number;
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
 * Starts every pair of every client at once — `inputs[client][pair]` — and waits until all have ended. A
 * pair that fails does not stop the others: the suite reports every failure together.
 */
export async function runBurst(
  burst: number,
  clients: readonly VmClient[],
  inputs: readonly (readonly NadaValues[])[],
): Promise<BurstResult> {
  const started = performance.now();
  const outcomes = await Promise.all(
    clients.flatMap((client, clientIndex) =>
      (inputs[clientIndex] ?? []).map(async (values, pair): Promise<PairOutcome> => {
        const where = { burst, client: clientIndex, pair, values };
        try {
          await storeAndRetrieve(client, values);
          return { ...where, latencyMs: performance.now() - started };
        } catch (error) {
          return { ...where, latencyMs: performance.now() - started, error };
        }
      }),
    ),
  );
  return { outcomes, durationMs: performance.now() - started };
}
