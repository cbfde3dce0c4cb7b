// The leader's preprocessing pools over a MemoryStore with a scripted dealer: generation up to threshold +
// jump in ordered batches, all-or-nothing reservation of consecutive offsets, reservations that wait for
// the batches being generated (and those that cannot) without retrying in a loop or starving the event
// loop, served in the order they came, exhaustion with its QuotaFailure, PoolStatus, two-phase cleanup,
// restarts, and retries after a failed batch.
import { Code } from "@connectrpc/connect";
import { QuotaFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { PreprocessingElement, type PreprocessingElementName } from "@nillion/types";
import { afterEach, describe, expect, it } from "vitest";
import { SILENT_LOGGER } from "../src/node/node-logger.js";
import type { PoolConfig } from "../src/node/preprocessing/pool-config.js";
import {
  PreprocessingPools,
  type PreprocessingPoolsOptions,
} from "../src/node/preprocessing/preprocessing-pools.js";
import { MemoryStore } from "../src/storage/memory-store.js";
import { failure } from "./compute-helpers.js";
import { ScriptedDealer } from "./scripted-dealer.js";

const SMALL: PoolConfig = { batchSize: 4, generationThreshold: 6, targetOffsetJump: 2 };

const open: PreprocessingPools[] = [];
afterEach(() => {
  for (const pools of open.splice(0)) pools.close();
});

async function startPools(
  configs: Partial<Record<PreprocessingElementName, PoolConfig>> = { RANDOM_INTEGER: SMALL },
  store = new MemoryStore(),
  dealer = new ScriptedDealer(),
  options: Partial<PreprocessingPoolsOptions> & { settle?: boolean } = {},
) {
  const pools = new PreprocessingPools({
    store,
    configs,
    dealer,
    log: SILENT_LOGGER,
    retryDelaysMs: [1],
    ...options,
  });
  open.push(pools);
  await pools.start();
  if (options.settle !== false) await pools.settled();
  return { pools, dealer, store };
}

/** A MemoryStore that counts the reads and updates of records: what each try of a reservation costs. */
class CountingStore extends MemoryStore {
  recordCalls = 0;

  override getRecord(...args: Parameters<MemoryStore["getRecord"]>) {
    this.recordCalls += 1;
    return super.getRecord(...args);
  }

  override updateRecord(...args: Parameters<MemoryStore["updateRecord"]>) {
    this.recordCalls += 1;
    return super.updateRecord(...args);
  }
}

/** Resolves once `element`'s pool has generated up to `end`, letting timers run meanwhile. */
async function generatedUpTo(pools: PreprocessingPools, element: PreprocessingElementName, end: bigint) {
  for (;;) {
    const { offsets = [] } = await pools.status();
    const range = offsets.find((offsets) => offsets.element === PreprocessingElement[element]);
    if ((range?.end ?? 0n) >= end) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const ranges = (status: Awaited<ReturnType<PreprocessingPools["status"]>>) =>
  (status.offsets ?? []).map(({ element, start, end }) => [element, start, end]);

describe("generation", () => {
  it("fills each pool to threshold + jump, batch after batch, and reports it", async () => {
    const { pools, dealer } = await startPools({
      RANDOM_INTEGER: SMALL,
      RANDOM_BOOLEAN: { ...SMALL, batchSize: 8 },
    });
    expect(dealer.dealt).toEqual(["RANDOM_BOOLEAN 0 ×8", "RANDOM_INTEGER 0 ×4", "RANDOM_INTEGER 1 ×4"]);
    const status = await pools.status();
    expect(ranges(status)).toEqual([
      [PreprocessingElement.RANDOM_BOOLEAN, 0n, 8n],
      [PreprocessingElement.RANDOM_INTEGER, 0n, 8n],
    ]);
    expect(status.preprocessingActive).toBe(false);
  });

  it("refills once fewer than the threshold are left beyond what is committed", async () => {
    const { pools, dealer } = await startPools();
    await pools.reserve([{ element: "RANDOM_INTEGER", count: 2 }]); // 8 − 2 = 6 left: not below 6
    await pools.settled();
    expect(dealer.dealt).toHaveLength(2);
    await pools.reserve([{ element: "RANDOM_INTEGER", count: 1 }]); // 5 left: target = 3 + 6 + 2 = 11
    await pools.settled();
    expect(dealer.dealt).toEqual(["RANDOM_INTEGER 0 ×4", "RANDOM_INTEGER 1 ×4", "RANDOM_INTEGER 2 ×4"]);
    expect(ranges(await pools.status())).toEqual([[PreprocessingElement.RANDOM_INTEGER, 3n, 12n]]);
  });

  it("retries a batch that failed, and reports the pool active until it is full again", async () => {
    const dealer = new ScriptedDealer();
    dealer.failures = 2;
    const { pools } = await startPools(undefined, undefined, dealer);
    // The first attempt failed and a retry is pending: wait for the pool to fill.
    while (dealer.dealt.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await pools.settled();
    expect(dealer.dealt).toEqual(["RANDOM_INTEGER 0 ×4", "RANDOM_INTEGER 1 ×4"]);
    expect(dealer.failures).toBe(0);
    expect((await pools.status()).preprocessingActive).toBe(false);
  });
});

describe("reservation", () => {
  it("hands out consecutive offsets with the batch size, never the same twice", async () => {
    const { pools } = await startPools();
    const reserved = await Promise.all(
      [1, 2, 3].map(() => pools.reserve([{ element: "RANDOM_INTEGER", count: 2 }])),
    );
    const starts = reserved.map(([range]) => range?.start).sort();
    expect(starts).toEqual([0, 2, 4]);
    for (const [range] of reserved) expect(range).toMatchObject({ element: "RANDOM_INTEGER", batchSize: 4 });
    expect(reserved.every(([range]) => range !== undefined && range.end - range.start === 2)).toBe(true);
  });

  it("fails with RESOURCE_EXHAUSTED and a QuotaFailure, reserving nothing, when elements run out", async () => {
    const { pools, dealer } = await startPools({ RANDOM_INTEGER: SMALL, RANDOM_BOOLEAN: SMALL });
    dealer.hold(); // generation cannot keep up
    const error = await failure(
      pools.reserve([
        { element: "RANDOM_BOOLEAN", count: 3 },
        { element: "RANDOM_INTEGER", count: 9 },
      ]),
    );
    expect([error.code, error.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomInteger elements",
    ]);
    expect(error.findDetails(QuotaFailureSchema)).toEqual([
      expect.objectContaining({
        violations: [
          expect.objectContaining({
            subject: "PREPROCESSING",
            description: "preprocessing pool is exhausted",
          }),
        ],
      }),
    ]);
    // All or nothing: the booleans were not taken either.
    expect(ranges(await pools.status())).toEqual([
      [PreprocessingElement.RANDOM_BOOLEAN, 0n, 8n],
      [PreprocessingElement.RANDOM_INTEGER, 0n, 8n],
    ]);
    // What is ready is handed out at once, while generation is stuck.
    const [range] = await pools.reserve([{ element: "RANDOM_INTEGER", count: 8 }]);
    expect(range).toMatchObject({ start: 0, end: 8 });
    expect((await pools.status()).preprocessingActive).toBe(true);
    dealer.release();
    await pools.settled();
    expect(ranges(await pools.status())).toContainEqual([PreprocessingElement.RANDOM_INTEGER, 8n, 16n]);
  });

  it("checks quote requirements against what the cluster generates", async () => {
    const { pools } = await startPools();
    expect(pools.requirements({ RANDOM_INTEGER: 6, COMPARE: 0 })).toEqual([
      { element: "RANDOM_INTEGER", count: 6 },
    ]);
    const tooMany = await failure(Promise.resolve().then(() => pools.requirements({ RANDOM_INTEGER: 7 })));
    expect([tooMany.code, tooMany.rawMessage]).toEqual([
      Code.InvalidArgument,
      "cluster is only configured to generate at most 6 RandomInteger preprocessing elements",
    ]);
    expect(() => pools.requirements({ TRUNC_PR: 1 })).toThrow(
      "cluster is only configured to generate at most 0 TruncPr preprocessing elements",
    );
  });
});

describe("computations larger than a pool keeps ready (maxPerComputation)", () => {
  const LARGE: PoolConfig = { ...SMALL, maxPerComputation: 30 };

  it("quotes up to maxPerComputation and refuses beyond it", async () => {
    const { pools } = await startPools({ RANDOM_INTEGER: LARGE });
    expect(pools.requirements({ RANDOM_INTEGER: 30 })).toEqual([{ element: "RANDOM_INTEGER", count: 30 }]);
    const tooMany = await failure(Promise.resolve().then(() => pools.requirements({ RANDOM_INTEGER: 31 })));
    expect([tooMany.code, tooMany.rawMessage]).toEqual([
      Code.InvalidArgument,
      "cluster is only configured to generate at most 30 RandomInteger preprocessing elements",
    ]);
  });

  it("generates what a larger computation needs on demand, then keeps only the usual pool", async () => {
    const { pools, dealer } = await startPools({ RANDOM_INTEGER: LARGE });
    expect(ranges(await pools.status())).toEqual([[PreprocessingElement.RANDOM_INTEGER, 0n, 8n]]);
    const [range] = await pools.reserve([{ element: "RANDOM_INTEGER", count: 27 }]);
    expect(range).toMatchObject({ start: 0, end: 27 });
    await pools.settled();
    // Up to 28 (whole batches of 4) for the computation, then threshold 6 + jump 2 beyond it: 36.
    expect(ranges(await pools.status())).toEqual([[PreprocessingElement.RANDOM_INTEGER, 27n, 36n]]);
    expect(dealer.dealt).toHaveLength(9);
  });

  it("still fails at once beyond maxPerComputation", async () => {
    const { pools } = await startPools({ RANDOM_INTEGER: LARGE });
    const beyond = await failure(pools.reserve([{ element: "RANDOM_INTEGER", count: 31 }]));
    expect([beyond.code, beyond.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomInteger elements",
    ]);
  });
});

describe("reservation while generation is under way (a devnet deviation)", () => {
  it("waits for the batches being generated when they will cover it", async () => {
    const dealer = new ScriptedDealer();
    dealer.hold(); // start-up: nothing dealt yet
    const { pools } = await startPools(undefined, undefined, dealer, { settle: false });
    const events: string[] = [];
    const reservation = pools.reserve([{ element: "RANDOM_INTEGER", count: 6 }]).then((reserved) => {
      events.push("reserved");
      return reserved;
    });
    events.push("released");
    dealer.release();
    const [range] = await reservation;
    // Nothing was ready before the release, so the reservation waited for two batches of 4.
    expect(events).toEqual(["released", "reserved"]);
    expect(dealer.dealt).toEqual(["RANDOM_INTEGER 0 ×4", "RANDOM_INTEGER 1 ×4"]);
    expect(range).toMatchObject({ element: "RANDOM_INTEGER", start: 0, end: 6, batchSize: 4 });
  });

  it("fails at once when the shortfall is beyond what generation is heading for", async () => {
    const dealer = new ScriptedDealer();
    dealer.hold(); // never released: a reservation that waited would time the test out
    const { pools } = await startPools(undefined, undefined, dealer, { settle: false });
    // Generation is heading for offset 8 (threshold 6 + jump 2, in batches of 4): 9 can never be ready.
    const beyond = await failure(pools.reserve([{ element: "RANDOM_INTEGER", count: 9 }]));
    expect([beyond.code, beyond.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomInteger elements",
    ]);
    const unpooled = await failure(pools.reserve([{ element: "COMPARE", count: 1 }]));
    expect([unpooled.code, unpooled.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough Compare elements",
    ]);
  });

  it("fails at once while generation is failing and waits to retry", async () => {
    const dealer = new ScriptedDealer();
    dealer.failures = 1;
    const { pools } = await startPools(undefined, undefined, dealer, { retryDelaysMs: [3_600_000] });
    const error = await failure(pools.reserve([{ element: "RANDOM_INTEGER", count: 1 }]));
    expect([error.code, error.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomInteger elements",
    ]);
    expect(dealer.dealt).toEqual([]);
  });

  it("fails with RESOURCE_EXHAUSTED once reservationWaitMs has passed, reserving nothing", async () => {
    const dealer = new ScriptedDealer();
    dealer.hold();
    const { pools } = await startPools({ RANDOM_INTEGER: SMALL, RANDOM_BOOLEAN: SMALL }, undefined, dealer, {
      settle: false,
      reservationWaitMs: 1,
    });
    const error = await failure(
      pools.reserve([
        { element: "RANDOM_BOOLEAN", count: 1 },
        { element: "RANDOM_INTEGER", count: 1 },
      ]),
    );
    expect([error.code, error.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomBoolean elements",
    ]);
    expect(error.findDetails(QuotaFailureSchema)).toHaveLength(1);
    dealer.release();
    await pools.settled();
    expect(ranges(await pools.status())).toEqual([
      [PreprocessingElement.RANDOM_BOOLEAN, 0n, 8n],
      [PreprocessingElement.RANDOM_INTEGER, 0n, 8n],
    ]);
  });
});

describe("reservation waiting for one pool while another is full (fresh-devnet livelock)", () => {
  // The reservation below needs a full RANDOM_INTEGER pool and a RANDOM_BOOLEAN pool whose first batch is
  // still being dealt. Waking the full pool's loop on every try, and taking the end of that loop (which had
  // nothing to do) for progress, made the reservation retry in microtasks only until its deadline: no
  // timer ran, so the batch it waited for, like the real dealer's slices, never came.
  const FULL_AND_FILLING = { RANDOM_INTEGER: SMALL, RANDOM_BOOLEAN: SMALL };

  it("gets the batch dealt on a timer and succeeds", async () => {
    const dealer = new ScriptedDealer();
    dealer.hold("RANDOM_BOOLEAN");
    // The wait bounds the old spin, which no test timeout could interrupt.
    const { pools } = await startPools(FULL_AND_FILLING, undefined, dealer, {
      settle: false,
      reservationWaitMs: 1_000,
    });
    await generatedUpTo(pools, "RANDOM_INTEGER", 8n);
    const reservation = pools.reserve([
      { element: "RANDOM_BOOLEAN", count: 1 },
      { element: "RANDOM_INTEGER", count: 1 },
    ]);
    setTimeout(() => dealer.release(), 0);
    expect(await reservation).toEqual([
      { element: "RANDOM_BOOLEAN", start: 0, end: 1, batchSize: 4 },
      { element: "RANDOM_INTEGER", start: 0, end: 1, batchSize: 4 },
    ]);
  });

  it("neither retries nor starves timers while nothing is generated, then fails", async () => {
    const store = new CountingStore();
    const dealer = new ScriptedDealer();
    dealer.hold("RANDOM_BOOLEAN"); // never released
    const { pools } = await startPools(FULL_AND_FILLING, store, dealer, {
      settle: false,
      reservationWaitMs: 200,
    });
    await generatedUpTo(pools, "RANDOM_INTEGER", 8n);
    let ticks = 0;
    const interval = setInterval(() => {
      ticks += 1;
    }, 10);
    const before = store.recordCalls;
    const error = await failure(
      pools.reserve([
        { element: "RANDOM_BOOLEAN", count: 1 },
        { element: "RANDOM_INTEGER", count: 1 },
      ]),
    );
    clearInterval(interval);
    expect([error.code, error.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomBoolean elements",
    ]);
    // A try or two (each reads the ledger twice), not one per microtask; and the interval, due long
    // before the deadline, ran first.
    expect(store.recordCalls - before).toBeLessThanOrEqual(4);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe("reservations competing for a short pool", () => {
  it("are served in the order they came: a later small one does not take what an earlier one waits for", async () => {
    const dealer = new ScriptedDealer();
    dealer.hold();
    const { pools } = await startPools(undefined, undefined, dealer, { settle: false });
    const served: string[] = [];
    const large = pools.reserve([{ element: "RANDOM_INTEGER", count: 6 }]).then(([range]) => {
      served.push("large");
      return range;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const small = pools.reserve([{ element: "RANDOM_INTEGER", count: 1 }]).then(([range]) => {
      served.push("small");
      return range;
    });
    dealer.release();
    dealer.hold(); // lets exactly the batch being dealt through
    await generatedUpTo(pools, "RANDOM_INTEGER", 4n);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // 4 are ready: enough for the small one, which still waits behind the large one.
    expect(served).toEqual([]);
    dealer.release();
    expect(await large).toMatchObject({ start: 0, end: 6 });
    expect(await small).toMatchObject({ start: 6, end: 7 });
    expect(served).toEqual(["large", "small"]);
  });

  it("fail at once, every one, when generation fails or the request is beyond the pool", async () => {
    const dealer = new ScriptedDealer();
    dealer.hold();
    const { pools } = await startPools(undefined, undefined, dealer, {
      settle: false,
      retryDelaysMs: [3_600_000],
    });
    const waiting = [6, 1].map((count) => failure(pools.reserve([{ element: "RANDOM_INTEGER", count }])));
    // Generation is heading for offset 8: 9 can never be ready, whoever waits ahead.
    const beyond = await failure(pools.reserve([{ element: "RANDOM_INTEGER", count: 9 }]));
    expect([beyond.code, beyond.rawMessage]).toEqual([
      Code.ResourceExhausted,
      "not enough RandomInteger elements",
    ]);
    dealer.failures = 1;
    dealer.release();
    // Both would otherwise wait 30 s, beyond the test's timeout.
    for (const error of await Promise.all(waiting)) {
      expect([error.code, error.rawMessage]).toEqual([
        Code.ResourceExhausted,
        "not enough RandomInteger elements",
      ]);
    }
    expect(dealer.dealt).toEqual([]);
  });
});

describe("cleanup", () => {
  it("deletes whole used batches one pass after they were committed, on every node", async () => {
    const { pools, dealer } = await startPools();
    await pools.reserve([{ element: "RANDOM_INTEGER", count: 5 }]);
    await pools.cleanup(); // marks offsets below 5 as candidates; deletes nothing yet
    expect(dealer.cleaned).toEqual([]);
    await pools.reserve([{ element: "RANDOM_INTEGER", count: 4 }]); // committed 9
    await pools.cleanup(); // batch 0 (offsets 0…3) lies below the previous candidate 5
    expect(dealer.cleaned).toEqual(["RANDOM_INTEGER 0…1"]);
    await pools.cleanup(); // candidate 9: batch 1 (4…7) goes
    await pools.cleanup(); // nothing new: batch 2 (8…11) is still in use
    expect(dealer.cleaned).toEqual(["RANDOM_INTEGER 0…1", "RANDOM_INTEGER 1…2"]);
  });
});

describe("restart", () => {
  it("continues at the next batch boundary: batches lived in the nodes' memory", async () => {
    const store = new MemoryStore();
    const first = await startPools(undefined, store);
    await first.pools.reserve([{ element: "RANDOM_INTEGER", count: 3 }]); // refills to offset 12
    await first.pools.settled();
    first.pools.close();
    const dealer = new ScriptedDealer();
    dealer.hold();
    const second = new PreprocessingPools({
      store,
      configs: { RANDOM_INTEGER: SMALL },
      dealer,
      log: SILENT_LOGGER,
    });
    open.push(second);
    await second.start();
    // Nothing from before the restart is handed out again.
    expect(ranges(await second.status())).toEqual([[PreprocessingElement.RANDOM_INTEGER, 12n, 12n]]);
    dealer.release();
    await second.settled();
    expect(dealer.dealt).toEqual(["RANDOM_INTEGER 3 ×4", "RANDOM_INTEGER 4 ×4"]);
    expect(ranges(await second.status())).toEqual([[PreprocessingElement.RANDOM_INTEGER, 12n, 20n]]);
  });
});
