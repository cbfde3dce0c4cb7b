/**
 * A small deterministic generator (SplitMix64) for the suites: a failing run names its seed, and the
 * same seed replays the same inputs. Not for keys or masks.
 *
 * @example
 * ```ts
 * const random = seededRandom(7);
 * random.int(10); // the same number for seed 7, every run
 * ```
 */
export interface SeededRandom {
  readonly seed: number;
  /** An integer in [0, bound). */
  int(bound: number): number;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
  /** One element of `items`, which must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

const MASK = (1n << 64n) - 1n;

export function seededRandom(seed: number): SeededRandom {
  let state = BigInt.asUintN(64, BigInt(seed));
  const next64 = (): bigint => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  };
  // 53 bits make a double in [0, 1) without bias.
  const unit = (): number => Number(next64() >> 11n) / 2 ** 53;
  return {
    seed,
    int: (bound) => Math.floor(unit() * bound),
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 8) {
        let word = next64();
        for (let j = i; j < Math.min(i + 8, length); j++) {
          out[j] = Number(word & 0xffn);
          word >>= 8n;
        }
      }
      return out;
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError("pick: no items");
      return items[Math.floor(unit() * items.length)] as (typeof items)[number];
    },
    chance: (p) => unit() < p,
  };
}
