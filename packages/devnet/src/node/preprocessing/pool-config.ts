// How big the devnet's preprocessing pools are and how far ahead the leader generates them
// (node-mpc.md §3.2). What an element holds is @nillion/mpc's `sampleElements` layout.
import type { PreprocessingElementName } from "@nillion/types";

/**
 * How the leader keeps one element's pool filled: whenever fewer than `generationThreshold` elements are
 * left beyond the committed offset, it raises its target to `committed + generationThreshold +
 * targetOffsetJump` and generates batches of `batchSize` until it gets there.
 *
 * @example
 * ```ts
 * const compare: PoolConfig = { batchSize: 128, generationThreshold: 1000, targetOffsetJump: 1000 };
 * ```
 */
export interface PoolConfig {
  /** Elements per batch: the unit of generation, storage and cleanup on every node. */
  readonly batchSize: number;
  /**
   * The fewest elements the leader keeps ready; also the most one computation may need (a quote asking
   * for more is refused).
   */
  readonly generationThreshold: number;
  /** How far beyond the threshold each refill aims. */
  readonly targetOffsetJump: number;
}

/**
 * The devnet's pools, one per element `@nillion/mpc` defines (`SAMPLED_ELEMENTS`). The reference devnet
 * asks for up to a million elements ahead of time, which it can afford only because it copies one
 * element over and over; these pools hold fresh elements, and a comparison's or an equality's material
 * is hundreds of field elements per node, a secret division's thousands. So each threshold is what one
 * large computation may need (100 comparisons, 100 equalities, 10 secret divisions…) with some room, and
 * batches stay near 30,000 field elements (about 1 MB per node on the wire, some 50 ms of dealing, which
 * the dealer splits into slices so that computations keep running).
 *
 * @example
 * ```ts
 * const pools = { ...DEVNET_POOLS, COMPARE: { batchSize: 8, generationThreshold: 16, targetOffsetJump: 8 } };
 * ```
 */
export const DEVNET_POOLS: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>> = {
  RANDOM_BOOLEAN: { batchSize: 1024, generationThreshold: 4096, targetOffsetJump: 1024 },
  COMPARE: { batchSize: 32, generationThreshold: 192, targetOffsetJump: 32 },
  DIVISION_SECRET_DIVISOR: { batchSize: 2, generationThreshold: 12, targetOffsetJump: 2 },
  EQUALITY_SECRET_OUTPUT: { batchSize: 32, generationThreshold: 128, targetOffsetJump: 32 },
  EQUALITY_PUBLIC_OUTPUT: { batchSize: 256, generationThreshold: 1024, targetOffsetJump: 256 },
  MODULO: { batchSize: 32, generationThreshold: 64, targetOffsetJump: 32 },
  TRUNC: { batchSize: 32, generationThreshold: 64, targetOffsetJump: 32 },
  TRUNC_PR: { batchSize: 32, generationThreshold: 64, targetOffsetJump: 32 },
  RANDOM_INTEGER: { batchSize: 1024, generationThreshold: 4096, targetOffsetJump: 1024 },
};
