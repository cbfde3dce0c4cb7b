// One node's preprocessing material, batch by batch, as the leader's dealer handed it out.
import { Code, ConnectError } from "@connectrpc/connect";
import type { PrimeField } from "@nillion/crypto";
import type { PreprocessingMaterial } from "@nillion/mpc";
import type { PreprocessingElementName } from "@nillion/types";
import { decodeElements } from "../compute/field-elements.js";

/**
 * The batches one node holds. Offset `o` of an element lives in batch `o div batchSize` at position
 * `o mod batchSize`, as on the reference node (which keeps each batch as a blob `prep/<element>/<batch>`).
 * Each element is kept as it came over the wire, its field elements in fixed-width little-endian (a
 * bigint costs about three times its width in memory, and a pool of comparison masks holds hundreds of
 * thousands), and decoded when a computation reads it. The batches live in memory: after a restart the
 * leader skips to fresh batches (see `PoolLedger`).
 *
 * @example
 * ```ts
 * const batches = new PreprocessingBatches(field);
 * batches.put("RANDOM_INTEGER", 0, encoded); // from the dealer: one encodeElements(…) per element
 * batches.read("RANDOM_INTEGER", 5, 2, 1024); // offsets 5 and 6, decoded
 * ```
 */
export class PreprocessingBatches {
  readonly #field: PrimeField;
  readonly #batches = new Map<PreprocessingElementName, Map<number, readonly Uint8Array[]>>();

  constructor(field: PrimeField) {
    this.#field = field;
  }

  /** Stores batch `batchId` of `element`, one encoded material per element (replacing a batch sent again). */
  put(element: PreprocessingElementName, batchId: number, encoded: readonly Uint8Array[]): void {
    let batches = this.#batches.get(element);
    if (batches === undefined) {
      batches = new Map();
      this.#batches.set(element, batches);
    }
    batches.set(batchId, encoded);
  }

  /**
   * This node's material of offsets `start … start + count − 1` of `element`, in offset order.
   *
   * @throws {ConnectError} INTERNAL "failed to fetch runtime elements" (the reference node's text) when
   * a batch is missing or shorter than `batchSize` says
   */
  read(
    element: PreprocessingElementName,
    start: number,
    count: number,
    batchSize: number,
  ): PreprocessingMaterial[] {
    const batches = this.#batches.get(element);
    return Array.from({ length: count }, (_, i) => {
      const offset = start + i;
      const encoded = batches?.get(Math.floor(offset / batchSize))?.[offset % batchSize];
      // The service stored only canonical elements, so decoding cannot fail here.
      const material = encoded === undefined ? undefined : decodeElements(this.#field, encoded);
      if (material === undefined) throw new ConnectError("failed to fetch runtime elements", Code.Internal);
      return material;
    });
  }

  /** Deletes batches `startChunk … endChunk − 1` of `element`; returns how many there were. */
  delete(element: PreprocessingElementName, startChunk: number, endChunk: number): number {
    const batches = this.#batches.get(element);
    let deleted = 0;
    for (let batch = startChunk; batch < endChunk; batch++) if (batches?.delete(batch)) deleted += 1;
    return deleted;
  }

  /** The ids of the batches held for `element`, ascending. */
  batchIds(element: PreprocessingElementName): number[] {
    return [...(this.#batches.get(element)?.keys() ?? [])].sort((a, b) => a - b);
  }
}
