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
export function loadKnobs(env: Readonly<Record<string, string | undefined>> = process.env): LoadKnobs {
  const count = (name: string, fallback: number, minimum: number) => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    if (!/^\d+$/.test(text) || Number(text) < minimum || !Number.isSafeInteger(Number(text))) {
      throw new RangeError(`${name} must be a whole number of at least ${minimum}, got "${text}"`);
    }
    return Number(text);
  };
  const clients = count("LOAD_CLIENTS", 5, 1);
  const pairs = count("LOAD_PAIRS", 60, 0);
  const perOperationPairs = count("LOAD_PER_OPERATION_PAIRS", 10, 0);
  for (const [name, value] of [
    ["LOAD_PAIRS", pairs],
    ["LOAD_PER_OPERATION_PAIRS", perOperationPairs],
  ] as const) {
    // Every client runs at least one pair, so that each wallet's books have something to show.
    if (value !== 0 && value < clients) {
      throw new RangeError(`${name} must be 0 or at least LOAD_CLIENTS (${clients}), got "${value}"`);
    }
  }
  const modes = (env["LOAD_MODES"] ?? MODES.join(",")).split(",").map((mode) => mode.trim());
  for (const mode of modes) {
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new RangeError(
        `LOAD_MODES must list modes among ${MODES.join(", ")}, got "${env["LOAD_MODES"]}"`,
      );
    }
  }
  return {
    pairs,
    clients,
    perOperationPairs,
    joiners: count("LOAD_JOINERS", 3, 0),
    bursts: count("LOAD_BURSTS", 1, 1),
    seed: count("LOAD_SEED", 1, 0),
    modes: modes as LoadMode[],
    report: env["LOAD_REPORT"] || undefined,
  };
}
