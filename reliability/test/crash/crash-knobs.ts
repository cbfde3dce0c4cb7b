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
export function crashKnobs(env: Readonly<Record<string, string | undefined>> = process.env): CrashKnobs {
  const count = (name: string, fallback: number, minimum: number) => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    if (!/^\d+$/.test(text) || Number(text) < minimum || !Number.isSafeInteger(Number(text))) {
      throw new RangeError(`${name} must be a whole number of at least ${minimum}, got "${text}"`);
    }
    return Number(text);
  };
  return {
    acks: count("CRASH_ACKS", 8, 1),
    workers: count("CRASH_WORKERS", 3, 1),
    seed: count("CRASH_SEED", 1, 0),
  };
}
