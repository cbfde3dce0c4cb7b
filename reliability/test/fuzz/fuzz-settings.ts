// The suite's knobs, from the environment: FUZZ_SEED (the run's seed), FUZZ_SCALE (a multiple of the
// CI's input counts) and FUZZ_INPUT (replay one input, e.g. `node:457`, and nothing else).

export interface FuzzSettings {
  readonly seed: number;
  readonly scale: number;
  /** The one input to replay, as its id: `<stream>:<index>`. */
  readonly only?: { readonly stream: string; readonly index: number };
}

/** The default seed: a run without FUZZ_SEED sends the same inputs every time. */
export const DEFAULT_FUZZ_SEED = 20_250_612;

/**
 * Reads the settings; a malformed value fails the suite at once, naming the variable, what it must be,
 * and what it was.
 */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seed = env["FUZZ_SEED"] === undefined ? DEFAULT_FUZZ_SEED : Number(env["FUZZ_SEED"]);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`FUZZ_SEED must be a non-negative integer, got ${JSON.stringify(env["FUZZ_SEED"])}`);
  }
  const scale = env["FUZZ_SCALE"] === undefined ? 1 : Number(env["FUZZ_SCALE"]);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    throw new RangeError(
      `FUZZ_SCALE must be a number in (0, 1000], got ${JSON.stringify(env["FUZZ_SCALE"])}`,
    );
  }
  const raw = env["FUZZ_INPUT"];
  if (raw === undefined || raw === "") return { seed, scale };
  const match = /^([a-z-]+):(\d+)$/.exec(raw);
  if (match === null) {
    throw new RangeError(`FUZZ_INPUT must be an input id like "node:457", got ${JSON.stringify(raw)}`);
  }
  return { seed, scale, only: { stream: match[1] ?? "", index: Number(match[2]) } };
}

/** How many inputs a stream sends: `base` × scale, at least one. */
export function inputCount(settings: FuzzSettings, base: number): number {
  return Math.max(1, Math.round(base * settings.scale));
}

/**
 * The indices of `stream` to send in this run: all `count` of them, just the replayed one, or none when
 * another stream's input is replayed.
 */
export function indicesToRun(settings: FuzzSettings, stream: string, count: number): number[] {
  if (settings.only === undefined) return Array.from({ length: count }, (_, i) => i);
  return settings.only.stream === stream ? [settings.only.index] : [];
}

/** The seed of one input's random stream: FNV-1a of `<seed>:<stream>:<index>`, so inputs are independent. */
export function inputSeed(seed: number, stream: string, index: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${stream}:${index}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
