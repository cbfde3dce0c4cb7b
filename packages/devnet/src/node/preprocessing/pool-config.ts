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
  /** The fewest elements the leader keeps ready. */
  readonly generationThreshold: number;
  /** How far beyond the threshold each refill aims. */
  readonly targetOffsetJump: number;
  /**
   * The most one computation may need (a quote asking for more is refused); `generationThreshold` when
   * not given. A computation that needs more than is ready makes generation head for what it needs and
   * waits for it, so a pool need not hold its largest computation all the time.
   */
  readonly maxPerComputation?: number;
}

/**
 * The devnet's pools, one per element `@nillion/mpc` defines (`SAMPLED_ELEMENTS`). One computation may use
 * as much as on the reference devnet (its generation thresholds: 1,000 comparisons, 250 secret divisions,
 * a million random values…). The reference keeps all of that ready because it copies one element over
 * and over; these pools hold fresh elements, and a comparison's material is 1,408 field elements per node,
 * a secret division's 792, so they keep ready what a typical large computation needs (100 comparisons,
 * 100 equalities, 10 secret divisions…) and generate more on demand for a larger one. Batches stay near
 * 30,000 field elements (about 1 MB per node on the wire, some 50 ms of dealing, which the dealer splits
 * into slices so that computations keep running).
 *
 * @example
 * ```ts
 * const pools = { ...DEVNET_POOLS, COMPARE: { batchSize: 8, generationThreshold: 16, targetOffsetJump: 8 } };
 * ```
 */
export const DEVNET_POOLS: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>> = {
  RANDOM_BOOLEAN: {
    batchSize: 1024,
    generationThreshold: 4096,
    targetOffsetJump: 1024,
    maxPerComputation: 1_000_000,
  },
  COMPARE: { batchSize: 32, generationThreshold: 192, targetOffsetJump: 32, maxPerComputation: 1000 },
  DIVISION_SECRET_DIVISOR: {
    batchSize: 2,
    generationThreshold: 12,
    targetOffsetJump: 2,
    maxPerComputation: 250,
  },
  EQUALITY_SECRET_OUTPUT: {
    batchSize: 32,
    generationThreshold: 128,
    targetOffsetJump: 32,
    maxPerComputation: 1000,
  },
  EQUALITY_PUBLIC_OUTPUT: {
    batchSize: 256,
    generationThreshold: 1024,
    targetOffsetJump: 256,
    maxPerComputation: 1000,
  },
  MODULO: { batchSize: 32, generationThreshold: 64, targetOffsetJump: 32, maxPerComputation: 250 },
  TRUNC: { batchSize: 32, generationThreshold: 64, targetOffsetJump: 32, maxPerComputation: 1000 },
  TRUNC_PR: { batchSize: 32, generationThreshold: 64, targetOffsetJump: 32, maxPerComputation: 1000 },
  RANDOM_INTEGER: {
    batchSize: 1024,
    generationThreshold: 4096,
    targetOffsetJump: 1024,
    maxPerComputation: 1_000_000,
  },
};
