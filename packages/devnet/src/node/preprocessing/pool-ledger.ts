// The leader's preprocessing bookkeeping (the reference's `preprocessing_offsets` table), kept as one
// record in the node store so that every change to it, across elements, is one atomic step.
import { Code, ConnectError } from "@connectrpc/connect";
import { QuotaFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { PreprocessingElement as Elements, type PreprocessingElementName } from "@nillion/types";
import type { JsonValue, NodeStore } from "../../storage/node-store.js";
import type { PoolConfig } from "./pool-config.js";

const RECORD_KEY = "preprocessing/offsets";

/**
 * Where one element's pool stands. Offsets are a logical, append-only sequence: `[committed, latest)` is
 * ready to be handed out, `[0, committed)` has been handed out, and the batches of `[0, deleted)` are
 * gone from every node.
 *
 * @example
 * ```ts
 * const fresh: ElementOffsets = { latest: 0, committed: 0, target: 0, nextBatchId: 0, deleted: 0, deleteCandidate: 0 };
 * ```
 */
export interface ElementOffsets {
  /** End of what has been generated and stored on every node. */
  readonly latest: number;
  /** End of what has been reserved for computations. */
  readonly committed: number;
  /** What generation is working towards. */
  readonly target: number;
  readonly nextBatchId: number;
  /** End of the offsets whose batches every node has deleted (a batch boundary). */
  readonly deleted: number;
  /** `committed` at the previous cleanup pass: what the next pass may delete. */
  readonly deleteCandidate: number;
}

/**
 * A range reserved for one computation; the same fields as `SelectedPreprocessingOffsets`.
 *
 * @example
 * ```ts
 * const reserved: ReservedOffsets = { element: "RANDOM_INTEGER", start: 96, end: 98, batchSize: 1024 };
 * ```
 */
export interface ReservedOffsets {
  readonly element: PreprocessingElementName;
  readonly start: number;
  readonly end: number;
  readonly batchSize: number;
}

type Ledger = Partial<Record<PreprocessingElementName, ElementOffsets>>;

const EMPTY: ElementOffsets = {
  latest: 0,
  committed: 0,
  target: 0,
  nextBatchId: 0,
  deleted: 0,
  deleteCandidate: 0,
};

/**
 * The element as the reference node names it in its errors (its Rust enum variant: `RandomInteger`,
 * `TruncPr`, …).
 *
 * @example
 * ```ts
 * elementDisplayName("DIVISION_SECRET_DIVISOR"); // "DivisionSecretDivisor"
 * ```
 */
export function elementDisplayName(element: PreprocessingElementName): string {
  return element
    .toLowerCase()
    .split("_")
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join("");
}

/**
 * RESOURCE_EXHAUSTED "not enough <element> elements" with the reference's QuotaFailure detail
 * (subject `PREPROCESSING`).
 *
 * @example
 * ```ts
 * throw notEnoughElements("RANDOM_INTEGER"); // "not enough RandomInteger elements"
 * ```
 */
export function notEnoughElements(element: PreprocessingElementName): ConnectError {
  return new ConnectError(
    `not enough ${elementDisplayName(element)} elements`,
    Code.ResourceExhausted,
    undefined,
    [
      {
        desc: QuotaFailureSchema,
        value: { violations: [{ subject: "PREPROCESSING", description: "preprocessing pool is exhausted" }] },
      },
    ],
  );
}

/**
 * The leader's offsets of every pooled element. Each method is one atomic update of the store record, so
 * concurrent receipts never reserve the same offsets and generation never loses a reservation.
 *
 * @example
 * ```ts
 * const ledger = new PoolLedger(store, DEVNET_POOLS);
 * const { reserved } = await ledger.reserve([{ element: "RANDOM_INTEGER", count: 2 }]);
 * ```
 */
export class PoolLedger {
  readonly #store: NodeStore;
  readonly #configs: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>>;

  constructor(store: NodeStore, configs: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>>) {
    this.#store = store;
    this.#configs = configs;
  }

  /** The offsets of every pooled element, in element-number order. */
  async offsets(): Promise<[PreprocessingElementName, ElementOffsets][]> {
    const ledger = readLedger(await this.#store.getRecord(RECORD_KEY));
    return this.#elements().map((element) => [element, ledger[element] ?? EMPTY]);
  }

  /**
   * Starts the bookkeeping after a (re)start. Batches live in the nodes' memory, so whatever was generated
   * but not handed out before is gone: every pool continues at the next batch boundary past `latest`,
   * with nothing ready and nothing left to delete.
   */
  async restart(): Promise<void> {
    await this.#update((ledger) => {
      for (const element of this.#elements()) {
        const { batchSize } = this.#config(element);
        const current = ledger[element] ?? EMPTY;
        const boundary = Math.ceil(Math.max(current.latest, current.committed) / batchSize) * batchSize;
        ledger[element] = {
          latest: boundary,
          committed: boundary,
          target: boundary,
          nextBatchId: boundary / batchSize,
          deleted: boundary,
          deleteCandidate: boundary,
        };
      }
    });
  }

  /**
   * The batch to generate next for `element`, or undefined once the pool has reached its target. When
   * fewer than the threshold are left beyond `committed`, the target moves to `committed + threshold +
   * jump` first.
   */
  async nextBatch(element: PreprocessingElementName): Promise<number | undefined> {
    const config = this.#config(element);
    let batch: number | undefined;
    await this.#update((ledger) => {
      const current = ledger[element] ?? EMPTY;
      const target = targetOf(current, config);
      ledger[element] = { ...current, target };
      batch = current.latest < target ? current.nextBatchId : undefined;
    });
    return batch;
  }

  /** Records that every node stored batch `batchId` of `element`: its offsets are ready. */
  async commitBatch(element: PreprocessingElementName, batchId: number): Promise<void> {
    const { batchSize } = this.#config(element);
    await this.#update((ledger) => {
      const current = ledger[element] ?? EMPTY;
      if (batchId !== current.nextBatchId) {
        throw new Error(`batch ${batchId} of ${element} is not the next one (${current.nextBatchId})`);
      }
      ledger[element] = { ...current, latest: (batchId + 1) * batchSize, nextBatchId: batchId + 1 };
    });
  }

  /**
   * Reserves `count` ready offsets of each element, all or nothing. Also returns the elements that
   * generation has work for afterwards ({@link nextBatch} would return a batch): the only pools worth
   * waking.
   *
   * @throws {ConnectError} RESOURCE_EXHAUSTED "not enough <element> elements" for the first element
   * without enough ready offsets (nothing is reserved then)
   */
  async reserve(
    requirements: readonly { readonly element: PreprocessingElementName; readonly count: number }[],
  ): Promise<{ reserved: ReservedOffsets[]; refill: PreprocessingElementName[] }> {
    const reserved: ReservedOffsets[] = [];
    const refill: PreprocessingElementName[] = [];
    await this.#update((ledger) => {
      reserved.length = 0;
      refill.length = 0;
      for (const { element, count } of requirements) {
        if (count === 0) continue;
        const config = this.#configs[element];
        const current = ledger[element] ?? EMPTY;
        if (config === undefined || current.latest - current.committed < count)
          throw notEnoughElements(element);
        const start = current.committed;
        const next = { ...current, committed: start + count };
        ledger[element] = next;
        reserved.push({ element, start, end: start + count, batchSize: config.batchSize });
        if (next.latest < targetOf(next, config)) refill.push(element);
      }
    });
    return { reserved, refill };
  }

  /**
   * Raises the target of each of `elements` to cover its requirement beyond `committed`, up to the pool's
   * `maxPerComputation`. Returns whether any target moved (so that waiting can now help).
   */
  async demand(
    requirements: readonly { readonly element: PreprocessingElementName; readonly count: number }[],
    elements: readonly PreprocessingElementName[],
  ): Promise<boolean> {
    let moved = false;
    await this.#update((ledger) => {
      moved = false;
      for (const { element, count } of requirements) {
        const config = this.#configs[element];
        if (config === undefined || !elements.includes(element)) continue;
        if (count > (config.maxPerComputation ?? config.generationThreshold)) continue;
        const current = ledger[element] ?? EMPTY;
        const wanted = current.committed + Math.ceil(count / config.batchSize) * config.batchSize;
        if (wanted > targetOf(current, config)) {
          ledger[element] = { ...current, target: wanted };
          moved = true;
        }
      }
    });
    return moved;
  }

  /**
   * The elements of `requirements` without enough ready offsets, each with whether the target
   * generation works towards (raised as {@link nextBatch} raises it) leaves enough beyond `committed`:
   * `withinTarget` false means no amount of waiting helps (or `element` is not pooled at all).
   */
  async shortfall(
    requirements: readonly { readonly element: PreprocessingElementName; readonly count: number }[],
  ): Promise<{ element: PreprocessingElementName; withinTarget: boolean }[]> {
    const ledger = readLedger(await this.#store.getRecord(RECORD_KEY));
    return requirements
      .filter(({ element, count }) => {
        const current = ledger[element] ?? EMPTY;
        return count > 0 && current.latest - current.committed < count;
      })
      .map(({ element, count }) => {
        const config = this.#configs[element];
        const current = ledger[element] ?? EMPTY;
        return {
          element,
          withinTarget: config !== undefined && count <= targetOf(current, config) - current.committed,
        };
      });
  }

  /**
   * One cleanup pass for `element`, as the reference does it in two phases so that a computation that
   * was reserved offsets but has not read them yet on every node keeps them for a whole interval: the
   * whole batches below the previous pass's `committed` are returned for deletion, and the current
   * `committed` becomes the next pass's candidate.
   */
  async cleanupRange(
    element: PreprocessingElementName,
  ): Promise<{ startChunk: number; endChunk: number } | undefined> {
    const { batchSize } = this.#config(element);
    let range: { startChunk: number; endChunk: number } | undefined;
    await this.#update((ledger) => {
      const current = ledger[element] ?? EMPTY;
      const startChunk = current.deleted / batchSize;
      const endChunk = Math.floor(current.deleteCandidate / batchSize);
      range = endChunk > startChunk ? { startChunk, endChunk } : undefined;
      ledger[element] = { ...current, deleteCandidate: current.committed };
    });
    return range;
  }

  /** Records that every node deleted the batches of `element` below `endChunk`. */
  async markDeleted(element: PreprocessingElementName, endChunk: number): Promise<void> {
    const { batchSize } = this.#config(element);
    await this.#update((ledger) => {
      const current = ledger[element] ?? EMPTY;
      ledger[element] = { ...current, deleted: Math.max(current.deleted, endChunk * batchSize) };
    });
  }

  #elements(): PreprocessingElementName[] {
    return (Object.keys(this.#configs) as PreprocessingElementName[]).sort(
      (a, b) => Elements[a] - Elements[b],
    );
  }

  #config(element: PreprocessingElementName): PoolConfig {
    const config = this.#configs[element];
    if (config === undefined) throw new Error(`${element} is not pooled`);
    return config;
  }

  async #update(change: (ledger: Ledger) => void): Promise<void> {
    await this.#store.updateRecord(RECORD_KEY, (current) => {
      const ledger = readLedger(current);
      change(ledger);
      return ledger as JsonValue;
    });
  }
}

// Where generation is heading: when fewer than the threshold are left beyond `committed`, the target
// moves to `committed + threshold + jump`.
function targetOf(current: ElementOffsets, config: PoolConfig): number {
  return current.target - current.committed < config.generationThreshold
    ? current.committed + config.generationThreshold + config.targetOffsetJump
    : current.target;
}

function readLedger(record: JsonValue | undefined): Ledger {
  return record !== undefined && record !== null && typeof record === "object" && !Array.isArray(record)
    ? ({ ...record } as unknown as Ledger)
    : {};
}
