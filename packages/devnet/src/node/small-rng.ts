// The reference devnet derives its node ports and cluster id from Rust `rand` 0.8.5's `SmallRng`, which on
// 64-bit targets is Xoshiro256++. To land on the same ports and id, this is a bit-exact port of that
// generator and of the two rand routines the devnet calls on it (`gen_range` through
// `SliceRandom::shuffle`, and `gen::<[u8; N]>()`), not of the xoshiro paper alone: rand's own choices
// (upper half for 32-bit outputs, its rejection zone, one draw per byte) decide every output.
// Hand-written because no npm package reproduces rand 0.8.5's SmallRng bit for bit.
import { InvalidArgumentError } from "@nillion/types";

const SEED_LENGTH = 32;
const U32 = 0x1_0000_0000;
const U64_MASK = (1n << 64n) - 1n;
// SplitMix64 constants of rand's `seed_from_u64` for Xoshiro256++.
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
const SPLITMIX_MUL_1 = 0xbf58476d1ce4e5b9n;
const SPLITMIX_MUL_2 = 0x94d049bb133111ebn;

/**
 * Rust `rand` 0.8's `SmallRng` on 64-bit platforms (Xoshiro256++), reproduced bit for bit so that the
 * devnet draws the same ports and cluster id from a seed as the reference `nillion-devnet`. Not a
 * cryptographic generator.
 *
 * @example
 * ```ts
 * const seed = new Uint8Array(32);
 * seed.set(new TextEncoder().encode("test"));
 * const rng = SmallRng.fromSeed(seed);
 * rng.nextU64(); // 16388990390461812n, as rand 0.8.5 gives
 * ```
 */
export class SmallRng {
  // Four 64-bit state words as [hi, lo] 32-bit halves: plain numbers keep a 35,536-element shuffle in
  // well under a millisecond, where BigInt arithmetic would cost tens.
  readonly #state: Uint32Array;
  // Halves of the most recent `next_u64` output.
  #outHi = 0;
  #outLo = 0;

  private constructor(state: Uint32Array) {
    this.#state = state;
  }

  /**
   * rand's `SeedableRng::from_seed`: the 32 bytes are four little-endian u64 state words. An all-zero seed
   * would lock xoshiro at zero, so rand (and this) replace it with Xoshiro256++'s `seed_from_u64(0)`,
   * four SplitMix64 outputs.
   *
   * @throws {InvalidArgumentError} (`argument: "seed"`) unless `seed` is a 32-byte `Uint8Array`
   *
   * @example
   * ```ts
   * const rng = SmallRng.fromSeed(crypto.getRandomValues(new Uint8Array(32)));
   * ```
   */
  static fromSeed(seed: Uint8Array): SmallRng {
    if (!(seed instanceof Uint8Array) || seed.length !== SEED_LENGTH) {
      throw new InvalidArgumentError(`"seed" must be a Uint8Array of ${SEED_LENGTH} bytes`, {
        argument: "seed",
      });
    }
    if (seed.every((byte) => byte === 0)) return SmallRng.#fromSplitMix64(0n);
    const view = new DataView(seed.buffer, seed.byteOffset, SEED_LENGTH);
    const state = new Uint32Array(8);
    for (let word = 0; word < 4; word += 1) {
      state[2 * word] = view.getUint32(8 * word + 4, true);
      state[2 * word + 1] = view.getUint32(8 * word, true);
    }
    return new SmallRng(state);
  }

  // Xoshiro256++'s own `seed_from_u64` (SplitMix64), which its `from_seed` falls back to. Not public: rand's
  // `SmallRng::seed_from_u64` is a different function (rand_core's PCG-based default), and exposing this
  // under that name would invite a silent mismatch.
  static #fromSplitMix64(state: bigint): SmallRng {
    const seed = new Uint8Array(SEED_LENGTH);
    const view = new DataView(seed.buffer);
    let counter = state;
    for (let word = 0; word < 4; word += 1) {
      counter = (counter + GOLDEN_GAMMA) & U64_MASK;
      let z = counter;
      z = ((z ^ (z >> 30n)) * SPLITMIX_MUL_1) & U64_MASK;
      z = ((z ^ (z >> 27n)) * SPLITMIX_MUL_2) & U64_MASK;
      view.setBigUint64(8 * word, z ^ (z >> 31n), true);
    }
    return SmallRng.fromSeed(seed);
  }

  /**
   * The next 64-bit output (`RngCore::next_u64`).
   *
   * @example
   * ```ts
   * const word: bigint = rng.nextU64();
   * ```
   */
  nextU64(): bigint {
    this.#step();
    return (BigInt(this.#outHi) << 32n) | BigInt(this.#outLo);
  }

  /**
   * The next 32-bit output (`RngCore::next_u32`): the upper half of a 64-bit output, because xoshiro's
   * low bits are its weakest.
   *
   * @example
   * ```ts
   * const word: number = rng.nextU32(); // in [0, 2^32)
   * ```
   */
  nextU32(): number {
    this.#step();
    return this.#outHi;
  }

  /**
   * A uniform integer in `[0, bound)`, drawn as rand 0.8's `gen_index` does for every slice shorter than
   * 2^32: `gen_range(0..bound as u32)`, i.e. Lemire's widening multiply of a `next_u32` by `bound` with
   * the conservative rejection zone `(bound << leading_zeros(bound)) − 1`.
   *
   * @throws {InvalidArgumentError} (`argument: "bound"`) unless `bound` is an integer in [1, 2^32 − 1]
   *
   * @example
   * ```ts
   * const die = rng.genIndex(6) + 1;
   * ```
   */
  genIndex(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound >= U32) {
      throw new InvalidArgumentError(`"bound" must be an integer in [1, 2^32 − 1], got ${bound}`, {
        argument: "bound",
      });
    }
    const zone = ((bound << Math.clz32(bound)) - 1) >>> 0;
    for (;;) {
      const value = this.nextU32();
      // value · bound needs up to 64 bits; split value into 16-bit halves so every product stays exact.
      const high = (value >>> 16) * bound;
      const low = (value & 0xffff) * bound;
      const middle = (high % 0x1_0000) * 0x1_0000 + low;
      const productLo = middle % U32;
      if (productLo <= zone) return Math.floor(high / 0x1_0000) + Math.floor(middle / U32);
    }
  }

  /**
   * Shuffles `items` in place exactly as rand 0.8's `SliceRandom::shuffle`: Fisher–Yates from the last
   * index down to 1, swapping `items[i]` with `items[genIndex(i + 1)]`.
   *
   * @example
   * ```ts
   * const deck = [1, 2, 3, 4];
   * rng.shuffle(deck);
   * ```
   */
  shuffle<T>(items: { readonly length: number; [index: number]: T }): void {
    for (let i = items.length - 1; i >= 1; i -= 1) {
      const j = this.genIndex(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
  }

  /**
   * `length` bytes as rand 0.8's `gen::<[u8; N]>()` draws them: one `next_u32` per byte, keeping its low 8
   * bits. That differs from `fill_bytes`, which packs 8 bytes per `next_u64`.
   *
   * @example
   * ```ts
   * const sixteen = rng.genU8Array(16); // what `rng.gen::<[u8; 16]>()` returns
   * ```
   */
  genU8Array(length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) bytes[i] = this.nextU32() & 0xff;
    return bytes;
  }

  // xoshiro256++: result = rotl(s0 + s3, 23) + s0; then the xor-shift state update with t = s1 << 17.
  #step(): void {
    const s = this.#state;
    const s0h = s[0] as number;
    const s0l = s[1] as number;
    const s1h = s[2] as number;
    const s1l = s[3] as number;
    const s2h = s[4] as number;
    const s2l = s[5] as number;
    const s3h = s[6] as number;
    const s3l = s[7] as number;

    const sumLo = s0l + s3l;
    const sumHi = (s0h + s3h + (sumLo >= U32 ? 1 : 0)) >>> 0;
    const sumLo32 = sumLo >>> 0;
    const rotHi = ((sumHi << 23) | (sumLo32 >>> 9)) >>> 0;
    const rotLo = ((sumLo32 << 23) | (sumHi >>> 9)) >>> 0;
    const outLo = rotLo + s0l;
    this.#outHi = (rotHi + s0h + (outLo >= U32 ? 1 : 0)) >>> 0;
    this.#outLo = outLo >>> 0;

    const tHi = ((s1h << 17) | (s1l >>> 15)) >>> 0;
    const tLo = (s1l << 17) >>> 0;
    const n2h = (s2h ^ s0h) >>> 0;
    const n2l = (s2l ^ s0l) >>> 0;
    const n3h = (s3h ^ s1h) >>> 0;
    const n3l = (s3l ^ s1l) >>> 0;
    s[2] = s1h ^ n2h;
    s[3] = s1l ^ n2l;
    s[0] = s0h ^ n3h;
    s[1] = s0l ^ n3l;
    s[4] = n2h ^ tHi;
    s[5] = n2l ^ tLo;
    // rotl 45 = swap the halves (rotl 32), then rotl 13.
    s[6] = ((n3l << 13) | (n3h >>> 19)) >>> 0;
    s[7] = ((n3h << 13) | (n3l >>> 19)) >>> 0;
  }
}
