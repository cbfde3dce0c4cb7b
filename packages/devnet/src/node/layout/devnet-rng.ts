import { SmallRng } from "../small-rng.js";

const SEED_LENGTH = 32;

/**
 * The generator the reference `nillion-devnet` builds from its `--seed` string: the string's UTF-8 bytes
 * copied into a zeroed 32-byte rand seed, so longer seeds are cut at 32 bytes and seeds that agree on
 * their first 32 bytes share ports and cluster id. Every draw starts from a fresh generator, as in the
 * reference, which is why the cluster id and the port shuffle both begin with the same state.
 *
 * @example
 * ```ts
 * devnetRng("test").nextU64(); // 16388990390461812n
 * ```
 */
export function devnetRng(seed: string): SmallRng {
  const bytes = new Uint8Array(SEED_LENGTH);
  const encoded = new TextEncoder().encode(seed);
  bytes.set(encoded.subarray(0, SEED_LENGTH));
  return SmallRng.fromSeed(bytes);
}
