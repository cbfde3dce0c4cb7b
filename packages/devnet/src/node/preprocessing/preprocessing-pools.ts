// The leader's preprocessing pools: background generation above each threshold, reservation of offsets
// for compute receipts, PoolStatus, and cleanup of used batches (node-mpc.md §3.2–§3.3).
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { PoolStatusResponseSchema } from "@nillion/proto/nillion/leader_queries/v1/pool_status";
import { PreprocessingElement as Elements, type PreprocessingElementName } from "@nillion/types";
import type { NodeStore } from "../../storage/node-store.js";
import type { NodeLogger } from "../node-logger.js";
import type { PoolConfig } from "./pool-config.js";
import { elementDisplayName, notEnoughElements, PoolLedger, type ReservedOffsets } from "./pool-ledger.js";

/** The reference's retry back-off after a failed generation: 0.5 s, 1 s, 5 s, then 10 s. */
const RETRY_DELAYS_MS = [500, 1000, 5000, 10_000] as const;
/** The reference's cleanup interval. */
const CLEANUP_INTERVAL_MS = 900_000;
/** How long a reservation waits for elements that generation under way will produce. */
const RESERVATION_WAIT_MS = 30_000;

/**
 * What generation and cleanup need from the cluster: every node stores a dealt batch, every node drops
 * used ones. Both resolve only once every node (the leader included) has done it.
 *
 * @example
 * ```ts
 * const dealer: PoolDealer = {
 *   deal: (element, batchId, batchSize) => dealToEveryNode(element, batchId, batchSize),
 *   cleanup: (element, startChunk, endChunk) => cleanUpEveryNode(element, startChunk, endChunk),
 * };
 * ```
 */
export interface PoolDealer {
  deal(element: PreprocessingElementName, batchId: number, batchSize: number): Promise<void>;
  cleanup(element: PreprocessingElementName, startChunk: number, endChunk: number): Promise<void>;
}

/**
 * Options of {@link PreprocessingPools}.
 *
 * @example
 * ```ts
 * const options: PreprocessingPoolsOptions = { store, configs: DEVNET_POOLS, dealer, log };
 * ```
 */
export interface PreprocessingPoolsOptions {
  readonly store: NodeStore;
  readonly configs: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>>;
  readonly dealer: PoolDealer;
  readonly log: NodeLogger;
  /** How often used batches are cleaned up; 900 s by default, as on the reference node. */
  readonly cleanupIntervalMs?: number;
  /** Back-off between failed generation attempts; the reference's 0.5 s, 1 s, 5 s, 10 s by default. */
  readonly retryDelaysMs?: readonly number[];
  /**
   * How long a reservation short of ready elements waits for the batches being generated to cover it
   * before it fails; 30 s by default.
   */
  readonly reservationWaitMs?: number;
}

/** A reservation under way: the elements it takes, and those its last attempt found short. */
interface Reservation {
  readonly elements: ReadonlySet<PreprocessingElementName>;
  short: ReadonlySet<PreprocessingElementName>;
}

/**
 * The leader's pools. Generation runs in the background, one batch at a time per element, yielding to the
 * event loop between batches. A reservation takes what is ready; when that is not enough but the batches
 * being generated will cover it (right after start-up, or after a burst of computations), it waits for
 * them, at most `reservationWaitMs`. The reference fails at once instead; a devnet that refused the first
 * computation after `Devnet.start()` would only be a flaky one. Waiting reservations are served in the
 * order they came: one that waits for an element holds back later ones that take the same element, so a
 * stream of small computations cannot starve a large one.
 *
 * @example
 * ```ts
 * const pools = new PreprocessingPools({ store, configs: DEVNET_POOLS, dealer, log });
 * await pools.start();
 * const offsets = await pools.reserve([{ element: "RANDOM_INTEGER", count: 1 }]);
 * ```
 */
export class PreprocessingPools {
  readonly #ledger: PoolLedger;
  readonly #options: PreprocessingPoolsOptions;
  readonly #filling = new Map<PreprocessingElementName, Promise<void>>();
  // Elements woken up while their loop was finishing: it runs once more.
  readonly #again = new Set<PreprocessingElementName>();
  readonly #retries = new Map<PreprocessingElementName, NodeJS.Timeout>();
  #cleanupTimer: NodeJS.Timeout | undefined;
  #cleaning: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  // Reservations under way, in the order they came.
  readonly #reservations = new Set<Reservation>();
  // Settled, then replaced, whenever something a waiting reservation depends on changed: a batch was
  // committed, a filling loop failed, a reservation that held others back is done, or the pools closed.
  // Never on a loop that ended with nothing to do: a waiter woken for nothing would try again at once.
  #progress = signal();
  #closed = false;

  constructor(options: PreprocessingPoolsOptions) {
    this.#options = options;
    this.#ledger = new PoolLedger(options.store, options.configs);
  }

  /** Picks the bookkeeping up after a (re)start, starts filling every pool and the cleanup timer. */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    await this.#ledger.restart();
    for (const element of this.#elements()) this.#fill(element);
    this.#cleanupTimer = setInterval(() => {
      this.cleanup().catch(() => {});
    }, this.#options.cleanupIntervalMs ?? CLEANUP_INTERVAL_MS);
    this.#cleanupTimer.unref();
  }

  /**
   * The quote's requirements for what a program consumes, checked against what the cluster generates.
   *
   * @throws {ConnectError} INVALID_ARGUMENT "cluster is only configured to generate at most <n> <element>
   * preprocessing elements" (n is 0 for an element the devnet does not pool)
   */
  requirements(
    consumed: Readonly<Partial<Record<PreprocessingElementName, number>>>,
  ): { element: PreprocessingElementName; count: number }[] {
    const wanted = (Object.entries(consumed) as [PreprocessingElementName, number][])
      .filter(([, count]) => count > 0)
      .sort(([a], [b]) => Elements[a] - Elements[b]);
    for (const [element, count] of wanted) {
      const config = this.#options.configs[element];
      const threshold = config === undefined ? 0 : (config.maxPerComputation ?? config.generationThreshold);
      if (count > threshold) {
        throw new ConnectError(
          `cluster is only configured to generate at most ${threshold} ${elementDisplayName(element)} preprocessing elements`,
          Code.InvalidArgument,
        );
      }
    }
    return wanted.map(([element, count]) => ({ element, count }));
  }

  /**
   * Reserves offsets for one computation, all or nothing, and wakes generation up where it is short. When
   * too few are ready but the batches being generated will cover the shortfall, it waits for them (at most
   * `reservationWaitMs`), behind any earlier reservation that waits for the same elements. It tries again
   * only when a batch was committed, generation failed or an earlier reservation is done.
   *
   * @throws {ConnectError} RESOURCE_EXHAUSTED "not enough <element> elements" with a QuotaFailure: at
   * once when an element is short beyond what generation is heading for or generation is failing, after
   * the wait when generation did not get there in time
   */
  async reserve(
    requirements: readonly { readonly element: PreprocessingElementName; readonly count: number }[],
  ): Promise<ReservedOffsets[]> {
    await this.#starting?.catch(() => {});
    const deadline = performance.now() + (this.#options.reservationWaitMs ?? RESERVATION_WAIT_MS);
    const reservation: Reservation = {
      elements: new Set(requirements.filter(({ count }) => count > 0).map(({ element }) => element)),
      short: new Set(),
    };
    this.#reservations.add(reservation);
    try {
      for (;;) {
        // Taken before the attempt, so that progress made in between is not missed.
        const progress = this.#progress.promise;
        const heldBackBy = this.#heldBackBy(reservation);
        let refusal = heldBackBy === undefined ? undefined : notEnoughElements(heldBackBy);
        if (refusal === undefined) {
          try {
            const { reserved, refill } = await this.#ledger.reserve(requirements);
            for (const element of refill) this.#fill(element);
            return reserved;
          } catch (error) {
            if (!(error instanceof ConnectError) || error.code !== Code.ResourceExhausted) throw error;
            refusal = error;
          }
        }
        const shortfall = await this.#ledger.shortfall(requirements);
        // A computation larger than a pool keeps ready makes generation head for what it needs.
        const demanded = shortfall.filter(({ withinTarget }) => !withinTarget).map(({ element }) => element);
        if (demanded.length > 0 && (await this.#ledger.demand(requirements, demanded))) continue;
        if (heldBackBy === undefined) reservation.short = new Set(shortfall.map(({ element }) => element));
        // Only the short pools: a full pool's loop would end at once, having done nothing.
        for (const { element, withinTarget } of shortfall) if (withinTarget) this.#fill(element);
        const hopeless = shortfall.find(
          ({ element, withinTarget }) => !withinTarget || !this.#filling.has(element),
        );
        if (hopeless !== undefined) {
          throw heldBackBy === undefined ? refusal : notEnoughElements(hopeless.element);
        }
        if (!(await within(progress, deadline - performance.now()))) throw refusal;
        // Progress may be signalled from microtasks alone (the in-memory store does no I/O): a turn of the
        // event loop before trying again keeps timers and sockets running whatever the retries do.
        await nextTurn();
      }
    } finally {
      this.#reservations.delete(reservation);
      // Whoever it held back may go now.
      if (reservation.short.size > 0) this.#notify();
    }
  }

  /** What `LeaderQueries.PoolStatus` reports: each pool's ready range, and whether any is below threshold. */
  async status(): Promise<MessageInitShape<typeof PoolStatusResponseSchema>> {
    const offsets = await this.#ledger.offsets();
    return {
      offsets: offsets.map(([element, { committed, latest }]) => ({
        element: Elements[element],
        start: BigInt(committed),
        end: BigInt(latest),
      })),
      preprocessingActive: offsets.some(
        ([element, { committed, latest }]) =>
          latest - committed < (this.#options.configs[element]?.generationThreshold ?? 0),
      ),
    };
  }

  /** Resolves once no generation is running (every pool at its target, or waiting to retry). */
  async settled(): Promise<void> {
    while (this.#filling.size > 0) await Promise.allSettled(this.#filling.values());
  }

  /**
   * One cleanup pass over every pool: deletes, on every node, the batches wholly below what was committed
   * at the previous pass. Runs on its timer; concurrent calls share one pass.
   */
  cleanup(): Promise<void> {
    this.#cleaning ??= (async () => {
      try {
        for (const element of this.#elements()) {
          const range = await this.#ledger.cleanupRange(element);
          if (range === undefined || this.#closed) continue;
          await this.#options.dealer.cleanup(element, range.startChunk, range.endChunk);
          await this.#ledger.markDeleted(element, range.endChunk);
          this.#options.log.debug(`deleted ${element} batches ${range.startChunk}…${range.endChunk - 1}`);
        }
      } catch (error) {
        this.#options.log.warn(`preprocessing cleanup failed: ${String(error)}`);
        throw error;
      } finally {
        this.#cleaning = undefined;
      }
    })();
    return this.#cleaning;
  }

  /**
   * Stops generation and cleanup. A batch or pass in flight is not waited for: it may hang on a node
   * that is going away, and whatever it records afterwards fails quietly against the closed store.
   */
  close(): void {
    this.#closed = true;
    this.#notify();
    clearInterval(this.#cleanupTimer);
    for (const timer of this.#retries.values()) clearTimeout(timer);
    this.#retries.clear();
  }

  #elements(): PreprocessingElementName[] {
    return (Object.keys(this.#options.configs) as PreprocessingElementName[]).sort(
      (a, b) => Elements[a] - Elements[b],
    );
  }

  // The element an earlier reservation waits for that `reservation` would take too, if any.
  #heldBackBy(reservation: Reservation): PreprocessingElementName | undefined {
    for (const earlier of this.#reservations) {
      if (earlier === reservation) return undefined;
      for (const element of earlier.short) if (reservation.elements.has(element)) return element;
    }
    return undefined;
  }

  #notify(): void {
    const settled = this.#progress;
    this.#progress = signal();
    settled.resolve();
  }

  // One filling loop per element at a time; a wake-up while it runs makes it run once more.
  #fill(element: PreprocessingElementName, attempt = 0): void {
    if (this.#closed || this.#retries.has(element)) return;
    if (this.#filling.has(element)) {
      this.#again.add(element);
      return;
    }
    const run = (async () => {
      const config = this.#options.configs[element] as PoolConfig;
      for (;;) {
        if (this.#closed) return;
        const batch = await this.#ledger.nextBatch(element);
        if (batch === undefined) return;
        await this.#options.dealer.deal(element, batch, config.batchSize);
        await this.#ledger.commitBatch(element, batch);
        this.#notify();
        attempt = 0;
        // A batch is a burst of CPU in the one process all nodes share: let computations run in between.
        await nextTurn();
      }
    })();
    this.#filling.set(element, run);
    run.then(
      () => {
        this.#filling.delete(element);
        if (this.#again.delete(element)) this.#fill(element);
      },
      (error: unknown) => {
        this.#filling.delete(element);
        this.#again.delete(element);
        this.#notify();
        if (this.#closed) return;
        const delays = this.#options.retryDelaysMs ?? RETRY_DELAYS_MS;
        const delay = delays[Math.min(attempt, delays.length - 1)] ?? 0;
        this.#options.log.warn(`generating ${element} failed (retrying in ${delay} ms): ${String(error)}`);
        const timer = setTimeout(() => {
          this.#retries.delete(element);
          this.#fill(element, attempt + 1);
        }, delay);
        timer.unref();
        this.#retries.set(element, timer);
      },
    );
  }
}

// Resolves on a later phase of the event loop, after pending I/O, with timers due run before the next.
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function signal(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

// Whether `promise` settles within `ms` milliseconds.
async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  if (ms <= 0) return false;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
