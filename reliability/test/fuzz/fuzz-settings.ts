// The suite's knobs, from the environment: FUZZ_SEED (the run's seed), FUZZ_SCALE (a multiple of the
// CI's input counts) and FUZZ_INPUT (replay one input, e.g. `node:457`, and nothing else).
import { envKnobs, type KnobEnv } from "../support/env-knobs.js";

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
export function fuzzSettings(env: KnobEnv = process.env): FuzzSettings {
  const knobs = envKnobs(env);
  const seed = knobs.integer("FUZZ_SEED", DEFAULT_FUZZ_SEED, 0);
  const scale = knobs.read("FUZZ_SCALE", 1, "a number in (0, 1000]", (text) => {
    const value = Number(text);
    return Number.isFinite(value) && value > 0 && value <= 1000 ? value : undefined;
  });
  const only = knobs.read<FuzzSettings["only"]>(
    "FUZZ_INPUT",
    undefined,
    'an input id like "node:457"',
    (text) => {
      const match = /^([a-z-]+):(\d+)$/.exec(text);
      return match === null ? undefined : { stream: match[1] ?? "", index: Number(match[2]) };
    },
  );
  return only === undefined ? { seed, scale } : { seed, scale, only };
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
