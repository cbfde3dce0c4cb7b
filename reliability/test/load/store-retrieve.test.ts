// Load: many clients, each with a wallet of its own, start all their store+retrieve pairs at once against
// one devnet — its nodes in this process, then each in a process of its own. Nothing may be lost or
// corrupted, no call may fail or be retried, and the books must balance to the unil and the credit.
import fs from "node:fs";
import { Devnet, type DevnetKey } from "@nillion/devnet";
import type { PaymentMode } from "@nillion/payments";
import type { NadaValues } from "@nillion/types";
import { Network, type RetryEvent } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDITS_PER_OPERATION, UNIL_PER_CREDIT, UNIL_PER_OPERATION } from "../support/devnet-prices.js";
import { mixedValues } from "../support/mixed-values.js";
import { moduleAddress } from "../support/module-address.js";
import { peakRssBytes } from "../support/peak-rss.js";
import { seededRandom } from "../support/seeded-random.js";
import { openUser, type TestUser } from "../support/test-users.js";
import { walletBooks } from "../support/wallet-books.js";
import { watchEventLoop } from "../support/watch-event-loop.js";
import { watchProcess } from "../support/watch-process.js";
import { type LoadMode, loadKnobs } from "./load-knobs.js";
import { loadFailures, percentile } from "./load-report.js";
import { type Joiners, type PairOutcome, runBurst } from "./run-burst.js";
import { storeAndRetrieve } from "./store-retrieve-pair.js";

const OPERATIONS_PER_PAIR = 2n;
const FUNDING_UNIL = 10n ** 12n;

const knobs = loadKnobs();
const replay = (mode: LoadMode) =>
  `LOAD_SEED=${knobs.seed} LOAD_PAIRS=${knobs.pairs} LOAD_CLIENTS=${knobs.clients} LOAD_PER_OPERATION_PAIRS=${knobs.perOperationPairs} LOAD_JOINERS=${knobs.joiners} LOAD_BURSTS=${knobs.bursts} LOAD_MODES=${mode} pnpm exec vitest run --project reliability test/load`;

/** Pairs of client `index` when `pairs` are spread over the clients as evenly as they go. */
function pairsOf(pairs: number, index: number): number {
  return Math.floor(pairs / knobs.clients) + (index < pairs % knobs.clients ? 1 : 0);
}

/** Every burst's inputs, `[burst][client][pair]`, drawn in that order from the seed. */
function drawInputs(variant: PaymentMode, pairs: number): NadaValues[][][] {
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
async function measure(
  users: readonly TestUser[],
  inputs: NadaValues[][][],
  joiners: (burst: number) => Joiners,
): Promise<Measured> {
  const outcomes: PairOutcome[] = [];
  const burstMs: number[] = [];
  const loop = watchEventLoop();
  for (const [burst, burstInputs] of inputs.entries()) {
    // runBurst settles every pair itself: nothing here throws before the watcher is stopped.
    const result = await runBurst(
      burst,
      users.map((user) => user.client),
      burstInputs,
      joiners(burst),
    );
    outcomes.push(...result.outcomes);
    burstMs.push(result.durationMs);
  }
  return { outcomes, burstMs, maxLoopGapMs: loop.stop().maxGapMs };
}

function writeReport(mode: LoadMode, variant: PaymentMode, devnet: Devnet, measured: Measured): void {
  if (knobs.report === undefined) return;
  const failures = measured.outcomes.filter((outcome) => outcome.error !== undefined).length;
  const latencies = measured.outcomes.map((outcome) => outcome.latencyMs);
  const line = {
    mode,
    variant,
    clients: knobs.clients,
    pairsPerBurst:
      measured.outcomes.filter((outcome) => outcome.who.startsWith("client")).length / knobs.bursts,
    joined: measured.outcomes.filter((outcome) => outcome.who.startsWith("joiner")).length,
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

/** How a variant's users pay, and what their credits and wallets must show after `operations` operations. */
interface Variant {
  readonly paymentMode: PaymentMode;
  readonly pairs: number;
  /** unil of credits bought before the load. */
  prepayUnil(operations: bigint): bigint;
  /** Each of the wallet's txs, as [result code, unil burned]. */
  txs(operations: bigint): [number, bigint][];
  credits(operations: bigint): bigint;
}

const VARIANTS: readonly Variant[] = [
  {
    paymentMode: "balance",
    pairs: knobs.pairs,
    // One operation's worth more than needed: a balance that ran short would pay on chain instead, and
    // the books would show it.
    prepayUnil: (operations) => (operations + 1n) * UNIL_PER_OPERATION,
    txs: (operations) => [[0, (operations + 1n) * UNIL_PER_OPERATION]],
    credits: (operations) =>
      ((operations + 1n) * UNIL_PER_OPERATION) / UNIL_PER_CREDIT - operations * CREDITS_PER_OPERATION,
  },
  {
    paymentMode: "per-operation",
    pairs: knobs.perOperationPairs,
    prepayUnil: () => 0n,
    txs: (operations) => Array.from({ length: Number(operations) }, () => [0, UNIL_PER_OPERATION]),
    credits: () => 0n,
  },
];

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

  for (const variant of VARIANTS) {
    it.skipIf(variant.pairs === 0)(
      `${variant.pairs} pairs at once from ${knobs.clients} clients paying ${variant.paymentMode === "balance" ? "from prepaid balances" : "each operation on chain"}: none lost, corrupted, failed or retried; credits and wallets exact`,
      async () => {
        const faults = watchProcess();
        const retries: RetryEvent[] = [];
        const operations = Array.from(
          { length: knobs.clients },
          (_, client) => BigInt(pairsOf(variant.pairs, client) * knobs.bursts) * OPERATIONS_PER_PAIR,
        );
        const wallets = operations.map(() => devnet.chain.createFundedKey(FUNDING_UNIL));
        // Before any of these wallets' txs: the fee collector must gain exactly the fees they pay.
        const feesBefore = devnet.chain.balance(moduleAddress("fee_collector"));
        const users = await Promise.all(
          wallets.map((wallet, client) => {
            const prepayUnil = variant.prepayUnil(operations[client] as bigint);
            return openUser({
              network,
              wallet,
              paymentMode: variant.paymentMode,
              onRetry: (event) => retries.push(event),
              ...(prepayUnil > 0n ? { prepayUnil } : {}),
            });
          }),
        );
        const supplyBefore = devnet.chain.supply();
        // Joiners pay the same way, for their one pair; their wallets and credits are checked like the others'.
        const joinerWallets: DevnetKey[] = [];
        const joinerCredits: bigint[] = [];
        const joiners = (burst: number): Joiners => ({
          limit: knobs.joiners,
          values: (index) => mixedValues(seededRandom(knobs.seed + 2_000_000 + burst * 1_000 + index)),
          async join(values) {
            const wallet = devnet.chain.createFundedKey(FUNDING_UNIL);
            joinerWallets.push(wallet);
            const prepayUnil = variant.prepayUnil(OPERATIONS_PER_PAIR);
            const joiner = await openUser({
              network,
              wallet,
              paymentMode: variant.paymentMode,
              onRetry: (event) => retries.push(event),
              ...(prepayUnil > 0n ? { prepayUnil } : {}),
            });
            try {
              await storeAndRetrieve(joiner.client, values);
              joinerCredits.push((await joiner.client.balance()).balance);
            } finally {
              joiner.close();
            }
          },
        });
        let measured: Measured;
        let credits: bigint[];
        try {
          measured = await measure(users, drawInputs(variant.paymentMode, variant.pairs), joiners);
          credits = await Promise.all(users.map(async (user) => (await user.client.balance()).balance));
        } finally {
          for (const user of users) user.close();
        }
        writeReport(mode, variant.paymentMode, devnet, measured);

        const failures = loadFailures(replay(mode), measured.outcomes, retries);
        if (failures !== undefined) expect.fail(failures);
        expect(faults.stop()).toEqual([]);
        expect(credits).toEqual(operations.map((count) => variant.credits(count)));
        expect(joinerCredits).toEqual(joinerWallets.map(() => variant.credits(OPERATIONS_PER_PAIR)));
        let burned = 0n;
        let fees = 0n;
        const everyone = [
          ...wallets.map((wallet, client) => ({
            wallet,
            who: `client ${client}`,
            count: operations[client] as bigint,
          })),
          ...joinerWallets.map((wallet, index) => ({
            wallet,
            who: `joiner ${index}`,
            count: OPERATIONS_PER_PAIR,
          })),
        ];
        for (const { wallet, who, count } of everyone) {
          const books = await walletBooks(devnet.chain.urls.rpc, wallet.address);
          const at = `${who}, ${count} operations`;
          expect(
            books.txs.map((tx) => [tx.code, tx.burnedUnil]),
            at,
          ).toEqual(variant.txs(count));
          expect(devnet.chain.balance(wallet.address), at).toBe(FUNDING_UNIL - books.spentUnil);
          expect(devnet.chain.account(wallet.address)?.sequence, at).toBe(BigInt(books.txs.length));
          burned += books.burnedUnil;
          fees += books.feeUnil;
        }
        // Payments are burned, the faucet mints: since `supplyBefore`, the supply fell by what the wallets'
        // txs burned, less the clients' credits bought before it, and rose by the joiners' funding.
        const boughtBefore = wallets.reduce(
          (total, _, client) => total + variant.prepayUnil(operations[client] as bigint),
          0n,
        );
        const minted = FUNDING_UNIL * BigInt(joinerWallets.length);
        expect(supplyBefore - devnet.chain.supply()).toBe(burned - boughtBefore - minted);
        expect(devnet.chain.balance(moduleAddress("meta"))).toBe(0n);
        expect(devnet.chain.balance(moduleAddress("fee_collector")) - feesBefore).toBe(fees);
      },
      // Generous: a stalled burst must fail on its assertions, not on the runner's timeout, at any scale.
      Math.max(120_000, variant.pairs * knobs.bursts * 1_000),
    );
  }
});
