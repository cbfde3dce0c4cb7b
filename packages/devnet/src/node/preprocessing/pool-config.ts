// Which preprocessing elements the devnet pools, how big their batches are and how far ahead the leader
// generates them (node-mpc.md §3.2).
import { fillRandom, type PrimeField } from "@nillion/crypto";
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
 * How the dealer samples `count` elements of one kind in the clear: for each element, the values it
 * deals, each with a fresh polynomial of degree T. One node's material of an element is its shares of
 * those values, in this order (the layout the consuming protocol reads).
 *
 * @example
 * ```ts
 * const randomInteger: ElementSampler = (field, count) => field.randomElements(count).map((r) => [r]);
 * ```
 */
export type ElementSampler = (field: PrimeField, count: number) => bigint[][];

/**
 * The elements whose layout is defined so far, with their samplers: one share of a uniform element
 * (RAN) and one share of a uniform bit (RAN-BIT). The other kinds join as the protocols that consume
 * them are implemented; a program needing one of them is refused at quote time.
 *
 * @example
 * ```ts
 * const [[r]] = ELEMENT_SAMPLERS.RANDOM_INTEGER?.(field, 1) ?? []; // one uniform element, in the clear
 * ```
 */
export const ELEMENT_SAMPLERS: Readonly<Partial<Record<PreprocessingElementName, ElementSampler>>> = {
  RANDOM_INTEGER: (field, count) => field.randomElements(count).map((value) => [value]),
  RANDOM_BOOLEAN: (_field, count) => {
    const bytes = fillRandom(new Uint8Array(count));
    return Array.from(bytes, (byte) => [BigInt(byte & 1)]);
  },
};

/**
 * The devnet's pools. The reference devnet asks for a million random elements ahead of time, which it
 * can afford only because it copies one element over and over; these pools hold fresh elements, so
 * they are sized to what one computation may use (the program auditor allows 1,000 per element).
 *
 * @example
 * ```ts
 * const pools = { ...DEVNET_POOLS, RANDOM_BOOLEAN: { batchSize: 64, generationThreshold: 256, targetOffsetJump: 64 } };
 * ```
 */
export const DEVNET_POOLS: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>> = {
  RANDOM_INTEGER: { batchSize: 1024, generationThreshold: 4096, targetOffsetJump: 1024 },
  RANDOM_BOOLEAN: { batchSize: 1024, generationThreshold: 4096, targetOffsetJump: 1024 },
};
