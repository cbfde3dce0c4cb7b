// Load: many clients, each with a wallet of its own, start all their store+retrieve pairs at once against
// one devnet — its nodes in this process, then each in a process of its own. Nothing may be lost or
// corrupted, no call may fail or be retried, and the books must balance to the unil and the credit.
import fs from "node:fs";
import { Devnet, type DevnetKey } from "@nillion/devnet";
import type { NadaValues } from "@nillion/types";
import { Network, type RetryEvent } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mixedValues } from "../support/mixed-values.js";
import { peakRssBytes } from "../support/peak-rss.js";
import { seededRandom } from "../support/seeded-random.js";
import { openUser, type TestUser } from "../support/test-users.js";
import { walletBooks } from "../support/wallet-books.js";
import { watchEventLoop } from "../support/watch-event-loop.js";
import { watchProcess } from "../support/watch-process.js";
import { type LoadMode, loadKnobs } from "./load-knobs.js";
import { loadFailures, percentile } from "./load-report.js";
import { type PairOutcome, runBurst } from "./run-burst.js";

// The devnet's flat price (packages/devnet/src/node/payments/devnet-pricing.ts): every paid operation costs
// 100 credits from a balance, or 1 NIL on chain; 1 NIL buys 100 credits.
const CREDITS_PER_OPERATION = 100n;
const UNIL_PER_OPERATION = 1_000_000n;
const UNIL_PER_CREDIT = 10_000n;
const OPERATIONS_PER_PAIR = 2n;
const FUNDING_UNIL = 10n ** 12n;

const knobs = loadKnobs();
const replay = `LOAD_SEED=${knobs.seed} LOAD_PAIRS=${knobs.pairs} LOAD_CLIENTS=${knobs.clients} LOAD_PER_OPERATION_PAIRS=${knobs.perOperationPairs} LOAD_BURSTS=${knobs.bursts}`;
// Generous: a stalled burst must fail on its assertions, not on the runner's timeout, at any scale.
const timeoutMs = (pairs: number) => Math.max(120_000, pairs * knobs.bursts * 1_000);

/** Pairs of client `index` when `pairs` are spread over the clients as evenly as they go. */
function pairsOf(pairs: number, index: number): number {
  return Math.floor(pairs / knobs.clients) + (index < pairs % knobs.clients ? 1 : 0);
}

/** Every burst's inputs, `[burst][client][pair]`, drawn in that order from the seed. */
function drawInputs(variant: string, pairs: number): NadaValues[][][] {
  const random = seededRandom(knobs.seed + (variant === "per-operation" ? 1_000_000 : 0));
  return Array.from({ length: knobs.bursts }, () =>
    Array.from({ length: knobs.clients }, (_, client) =>
      Array.from({ length: pairsOf(pairs, client) }, () => mixedValues(random)),
    ),
  );
}

interface Measured {
  readonly outcomes: PairOutcome[];
  readonly burstMs: number[];
  readonly maxLoopGapMs: number;
}

/** Runs every burst one after another, watching this process's event loop. */
async function measure(users: readonly TestUser[], inputs: NadaValues[][][]): Promise<Measured> {
  const outcomes: PairOutcome[] = [];
  const burstMs: number[] = [];
  const loop = watchEventLoop();
  try {
    for (const [burst, burstInputs] of inputs.entries()) {
      const result = await runBurst(
        burst,
        users.map((user) => user.client),
        burstInputs,
      );
      outcomes.push(...result.outcomes);
      burstMs.push(result.durationMs);
    }
  } catch (error) {
    loop.stop();
    throw error;
  }
  return { outcomes, burstMs, maxLoopGapMs: loop.stop().maxGapMs };
}

function writeReport(mode: LoadMode, variant: string, devnet: Devnet, measured: Measured): void {
  if (knobs.report === undefined) return;
  const failures = measured.outcomes.filter((outcome) => outcome.error !== undefined).length;
  const latencies = measured.outcomes.map((outcome) => outcome.latencyMs);
  const line = {
    mode,
    variant,
    clients: knobs.clients,
    pairsPerBurst: measured.outcomes.length / knobs.bursts,
    bursts: knobs.bursts,
    cleanBursts: measured.burstMs.filter(
      (_, burst) => !measured.outcomes.some((o) => o.burst === burst && o.error !== undefined),
    ).length,
    burstMs: measured.burstMs,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
    maxLoopGapMs: measured.maxLoopGapMs,
    peakRssBytes: peakRssBytes(),
    nodePeakRssBytes: devnet.nodeProcesses.map((node) => peakRssBytes(node.pid) ?? null),
    node: process.version,
  };
  fs.appendFileSync(knobs.report, `${JSON.stringify(line)}\n`);
}

describe.each(knobs.modes)("load on a devnet with its nodes %s", (mode) => {
  let devnet: Devnet;
  let network: Network;

  beforeAll(async () => {
    devnet = await Devnet.start({
      portBase: 0,
      processes: mode === "processes",
      chain: { blockIntervalMs: 10 },
    });
    network = Network.devnet(devnet.bootnodeUrl, devnet.chain.urls.proxy);
  });
  afterAll(() => devnet?.stop());

  /** Opens one user per wallet, every call's retry recorded. */
  async function openUsers(
    wallets: readonly DevnetKey[],
    options: {
      readonly paymentMode: "balance" | "per-operation";
      readonly prepayUnil?: (client: number) => bigint;
    },
    retries: RetryEvent[],
  ): Promise<TestUser[]> {
    return Promise.all(
      wallets.map((wallet, client) =>
        openUser({
          network,
          wallet,
          paymentMode: options.paymentMode,
          onRetry: (event) => retries.push(event),
          ...(options.prepayUnil ? { prepayUnil: options.prepayUnil(client) } : {}),
        }),
      ),
    );
  }

  it(
    `${knobs.pairs} pairs at once from ${knobs.clients} clients paying from prepaid balances: none lost, corrupted or failed; credits exact`,
    async () => {
      const faults = watchProcess();
      const retries: RetryEvent[] = [];
      const wallets = Array.from({ length: knobs.clients }, () => devnet.chain.createFundedKey(FUNDING_UNIL));
      // One operation's worth more than needed: a balance that ran short would pay on chain instead and
      // hide a wrong charge.
      const operations = (client: number) =>
        BigInt(pairsOf(knobs.pairs, client) * knobs.bursts) * OPERATIONS_PER_PAIR;
      const prepayUnil = (client: number) => (operations(client) + 1n) * UNIL_PER_OPERATION;
      const users = await openUsers(wallets, { paymentMode: "balance", prepayUnil }, retries);
      const supplyBefore = devnet.chain.supply();
      let measured: Measured;
      let credits: bigint[];
      try {
        measured = await measure(users, drawInputs("balance", knobs.pairs));
        credits = await Promise.all(users.map(async (user) => (await user.client.balance()).balance));
      } finally {
        for (const user of users) user.close();
      }
      writeReport(mode, "balance", devnet, measured);

      const failures = loadFailures(replay, measured.outcomes, retries);
      if (failures !== undefined) expect.fail(failures);
      expect(faults.stop()).toEqual([]);
      expect(credits).toEqual(
        wallets.map(
          (_, client) => prepayUnil(client) / UNIL_PER_CREDIT - operations(client) * CREDITS_PER_OPERATION,
        ),
      );
      // Each wallet paid once, for its credits, and nothing more.
      for (const [client, wallet] of wallets.entries()) {
        const books = await walletBooks(devnet.chain.urls.rpc, wallet.address);
        expect(
          books.txs.map((tx) => [tx.code, tx.burnedUnil]),
          `client ${client}`,
        ).toEqual([[0, prepayUnil(client)]]);
        expect(devnet.chain.balance(wallet.address), `client ${client}`).toBe(FUNDING_UNIL - books.spentUnil);
        expect(devnet.chain.account(wallet.address)?.sequence, `client ${client}`).toBe(1n);
      }
      expect(devnet.chain.supply()).toBe(supplyBefore);
    },
    timeoutMs(knobs.pairs),
  );

  it.skipIf(knobs.perOperationPairs === 0)(
    `${knobs.perOperationPairs} pairs at once from ${knobs.clients} clients paying each operation on chain: each paid once, wallets debited exactly`,
    async () => {
      const faults = watchProcess();
      const retries: RetryEvent[] = [];
      const wallets = Array.from({ length: knobs.clients }, () => devnet.chain.createFundedKey(FUNDING_UNIL));
      const users = await openUsers(wallets, { paymentMode: "per-operation" }, retries);
      const supplyBefore = devnet.chain.supply();
      let measured: Measured;
      let credits: bigint[];
      try {
        measured = await measure(users, drawInputs("per-operation", knobs.perOperationPairs));
        credits = await Promise.all(users.map(async (user) => (await user.client.balance()).balance));
      } finally {
        for (const user of users) user.close();
      }
      writeReport(mode, "per-operation", devnet, measured);

      const failures = loadFailures(replay, measured.outcomes, retries);
      if (failures !== undefined) expect.fail(failures);
      expect(faults.stop()).toEqual([]);
      expect(credits).toEqual(wallets.map(() => 0n));
      let burned = 0n;
      for (const [client, wallet] of wallets.entries()) {
        const operations =
          pairsOf(knobs.perOperationPairs, client) * knobs.bursts * Number(OPERATIONS_PER_PAIR);
        const books = await walletBooks(devnet.chain.urls.rpc, wallet.address);
        expect(
          books.txs.map((tx) => [tx.code, tx.burnedUnil]),
          `client ${client}`,
        ).toEqual(Array.from({ length: operations }, () => [0, UNIL_PER_OPERATION]));
        expect(devnet.chain.balance(wallet.address), `client ${client}`).toBe(FUNDING_UNIL - books.spentUnil);
        expect(devnet.chain.account(wallet.address)?.sequence, `client ${client}`).toBe(BigInt(operations));
        burned += books.burnedUnil;
      }
      expect(supplyBefore - devnet.chain.supply()).toBe(burned);
    },
    timeoutMs(knobs.perOperationPairs),
  );
});
