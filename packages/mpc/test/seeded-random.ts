// A small reproducible PRNG for generated tests: SplitMix64 (Steele–Lea–Flood 2014), on bigints so that
// draws of field-sized integers need no floating point.
const MASK_64 = (1n << 64n) - 1n;

/** A seeded stream of pseudo-random numbers: the same seed always gives the same draws. */
export class SeededRandom {
  #state: bigint;

  constructor(seed: bigint) {
    this.#state = BigInt.asUintN(64, seed);
  }

  /** The next 64 random bits. */
  next(): bigint {
    this.#state = (this.#state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = this.#state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    return z ^ (z >> 31n);
  }

  /** A uniform integer in [0, bound), by rejection so that large bounds are not biased. */
  below(bound: bigint): bigint {
    if (bound <= 0n) throw new RangeError(`bound must be positive, got ${bound}`);
    const bits = BigInt(bound.toString(2).length);
    for (;;) {
      let draw = 0n;
      for (let filled = 0n; filled < bits; filled += 64n) draw = (draw << 64n) | this.next();
      draw &= (1n << bits) - 1n;
      if (draw < bound) return draw;
    }
  }

  /** A uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Number(this.below(BigInt(max - min + 1)));
  }

  chance(probability: number): boolean {
    return Number(this.next() >> 11n) / 2 ** 53 < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("cannot pick from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One of `entries`, each with the probability of its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = (Number(this.next() >> 11n) / 2 ** 53) * total;
    for (const [item, weight] of entries) {
      point -= weight;
      if (point < 0) return item;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  /** In place, uniformly (Fisher–Yates). */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

/** The seed of item `index` of a run seeded with `seed`: every item can be replayed on its own. */
export function deriveSeed(seed: bigint, index: number): bigint {
  return new SeededRandom(seed ^ (BigInt(index) * 0x2545f4914f6cdd1dn)).next();
}
