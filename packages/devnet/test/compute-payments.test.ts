// Paying for compute on the leader, with its real preprocessing pools (a scripted dealer), both stores and
// the test chain: a payment the leader refuses reserves no preprocessing elements, a paid quote reserves
// once however often and however concurrently it is replayed, and a reservation the pools or the
// concurrency limit refuse gives the payment back — the credits, and the quote, which stays payable (on
// chain with the same transaction).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import {
  PreprocessingRequirementSchema,
  PriceQuoteSchema,
  type SignedQuote,
} from "@nillion/proto/nillion/payments/v1/quote";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { PreprocessingElement } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { callerInterceptor } from "../src/node/caller.js";
import { computeReceiptMetadata } from "../src/node/compute/compute-receipt-metadata.js";
import { SILENT_LOGGER } from "../src/node/node-logger.js";
import { paymentsService } from "../src/node/payments/payments-service.js";
import { PreprocessingPools } from "../src/node/preprocessing/preprocessing-pools.js";
import { MemoryStore } from "../src/storage/memory-store.js";
import type { NodeStore } from "../src/storage/node-store.js";
import { SqliteStore } from "../src/storage/sqlite-store.js";
import { broadcastPayment, startTestChain } from "./helpers.js";
import { ScriptedDealer } from "./scripted-dealer.js";

const { MODULO } = PreprocessingElement;
/** What the quoted program consumes per computation. */
const NEEDED = 3n;
const leaderKey = PrivateKey.fromSeed("nillion-devnet:1");
const leaderId = nodeIdFromPublicKey(leaderKey.publicKey);
const payer = PrivateKey.fromSeed("compute payer");
const mallory = PrivateKey.fromSeed("compute payer without credits");

const OK = "OK";
const NOT_ENOUGH_FUNDS = "FailedPrecondition: not enough funds";
const NONCE_USED = "FailedPrecondition: nonce already used";
const EXHAUSTED = "ResourceExhausted: not enough Modulo elements";
const TOO_MANY = "Unavailable: too many compute operations running, try again later";

let chain: NilChain;
let sequence = 0n;
const directories: string[] = [];

beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain.stop();
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

const stores: Array<[string, () => Promise<NodeStore>]> = [
  ["MemoryStore", async () => new MemoryStore()],
  [
    "SqliteStore",
    async () => {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "compute-payments-"));
      directories.push(directory);
      return SqliteStore.open(directory);
    },
  ],
];

/** "OK", or the refusal's code name and message. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return OK;
  } catch (error) {
    const refusal = ConnectError.from(error);
    return `${Code[refusal.code]}: ${refusal.rawMessage}`;
  }
}

const auth = (user: PrivateKey) => ({
  headers: {
    "x-nillion-token": encodeTokenHeader(createSignedToken({ signer: user, targetNodeId: leaderId })),
  },
});

describe.each(stores)("compute payments over a %s", (_name, openStore) => {
  const running: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of running.splice(0)) await stop();
  });

  /**
   * The leader's Payments service with a MODULO pool; with `held`, the dealer delivers nothing until
   * released, and a reservation gives up after a short wait.
   */
  async function startLeader(options: { held?: boolean } = {}) {
    const store = await openStore();
    const dealer = new ScriptedDealer();
    if (options.held) dealer.hold();
    const pools = new PreprocessingPools({
      store,
      configs: { MODULO: { batchSize: 4, generationThreshold: 8, targetOffsetJump: 4 } },
      dealer,
      log: SILENT_LOGGER,
      retryDelaysMs: [1],
      reservationWaitMs: options.held ? 20 : 30_000,
    });
    running.push(async () => {
      pools.close();
      await store.close();
    });
    await pools.start();
    if (!options.held) await pools.settled();
    const computations = { active: 0 };
    const transport = createRouterTransport(
      (router) =>
        router.service(
          Payments,
          paymentsService({
            leaderKey,
            chain: async (requestPath, data) => chain.abciQuery(requestPath, data),
            store,
            computeRequirements: async () => ({
              preprocessingRequirements: [
                create(PreprocessingRequirementSchema, { element: MODULO, count: NEEDED }),
              ],
              auxiliaryMaterialRequirements: [],
            }),
            receiptMetadata: computeReceiptMetadata({
              pools,
              activeComputations: () => computations.active,
              maxConcurrent: 1,
            }),
          }),
        ),
      { router: { interceptors: [callerInterceptor({ nodeId: leaderId })] } },
    );
    const client = createClient(Payments, transport);
    return {
      dealer,
      pools,
      computations,
      client,
      /** Where the MODULO pool's unreserved offsets start. */
      committed: async () =>
        (await pools.status()).offsets?.find((offset) => offset.element === MODULO)?.start,
      quote: () => client.priceQuote({ operation: { case: "invokeCompute", value: { programId: "p" } } }),
      fromBalance: (user: PrivateKey, signedQuote: SignedQuote) =>
        client.paymentReceipt({ signedQuote, txHash: "" }, auth(user)),
      onChain: (signedQuote: SignedQuote, txHash: string) => client.paymentReceipt({ signedQuote, txHash }),
      credits: async (user: PrivateKey) => (await client.accountBalance({}, auth(user))).balance,
      /** Buys the user 1,000 credits. */
      async fund(user: PrivateKey) {
        const payload = toBinary(
          AddFundsPayloadSchema,
          create(AddFundsPayloadSchema, {
            recipient: { contents: user.userId.bytes },
            nonce: crypto.getRandomValues(new Uint8Array(32)),
          }),
        );
        const txHash = await pay(sha256(payload), 10_000_000n);
        await client.addFunds({ payload, txHash });
      },
      /** Pays the quote on chain; resolves the transaction hash. */
      payOnChain: (signedQuote: SignedQuote) =>
        pay(fromBinary(PriceQuoteSchema, signedQuote.quote).nonce, 1_000_000n),
    };
  }

  const pay = (resource: Uint8Array, amount: bigint) =>
    broadcastPayment(chain, { keyIndex: 1, sequence: sequence++, amount, resource });

  it("refused for want of credits, a compute payment reserves nothing (regression)", async () => {
    const leader = await startLeader();
    const start = await leader.committed();
    const quote = await leader.quote();
    for (let attempt = 0; attempt < 8; attempt++) {
      expect(await outcome(leader.fromBalance(mallory, quote)), `attempt ${attempt}`).toBe(NOT_ENOUGH_FUNDS);
    }
    const racing = await Promise.all(
      Array.from({ length: 20 }, () => outcome(leader.fromBalance(mallory, quote))),
    );
    expect(racing).toEqual(Array(20).fill(NOT_ENOUGH_FUNDS));
    expect(await leader.committed()).toBe(start);
    // The quote is still payable, and reserves one computation's worth.
    const txHash = await leader.payOnChain(quote);
    expect(await outcome(leader.onChain(quote, txHash))).toBe(OK);
    expect(await leader.committed()).toBe((start ?? 0n) + NEEDED);
  });

  it("a paid compute quote reserves once, replayed one after another or 20 at once (regression)", async () => {
    const leader = await startLeader();
    await leader.fund(payer);
    const credits = await leader.credits(payer);
    const start = (await leader.committed()) ?? 0n;
    const quote = await leader.quote();
    expect(await outcome(leader.fromBalance(payer, quote))).toBe(OK);
    for (let attempt = 0; attempt < 8; attempt++) {
      expect(await outcome(leader.fromBalance(payer, quote)), `replay ${attempt}`).toBe(NONCE_USED);
    }
    const replays = await Promise.all(
      Array.from({ length: 20 }, () => outcome(leader.fromBalance(payer, quote))),
    );
    expect(replays).toEqual(Array(20).fill(NONCE_USED));
    expect(await outcome(leader.onChain(quote, await leader.payOnChain(quote)))).toBe(NONCE_USED);
    expect(await leader.committed()).toBe(start + NEEDED);
    // A fresh quote paid 20 times at once: one receipt, one reservation, one charge.
    const fresh = await leader.quote();
    const racing = await Promise.all(
      Array.from({ length: 20 }, () => outcome(leader.fromBalance(payer, fresh))),
    );
    expect(racing.filter((answer) => answer === OK)).toHaveLength(1);
    expect(racing.filter((answer) => answer === NONCE_USED)).toHaveLength(19);
    expect(await leader.committed()).toBe(start + 2n * NEEDED);
    expect(await leader.credits(payer)).toBe(credits - 200n);
  });

  it("pools that cannot deliver refuse with RESOURCE_EXHAUSTED, charge nothing, and leave the quote payable", async () => {
    const leader = await startLeader({ held: true });
    await leader.fund(payer);
    const credits = await leader.credits(payer);
    const quote = await leader.quote();
    expect(await outcome(leader.fromBalance(payer, quote))).toBe(EXHAUSTED);
    expect(await leader.credits(payer)).toBe(credits);
    // Twenty at once: whichever held the quote while the pools failed gave it back; none is charged.
    const racing = await Promise.all(
      Array.from({ length: 20 }, () => outcome(leader.fromBalance(payer, quote))),
    );
    expect(racing).toContain(EXHAUSTED);
    for (const answer of racing) expect([EXHAUSTED, NONCE_USED]).toContain(answer);
    expect(await leader.credits(payer)).toBe(credits);
    expect(await leader.committed()).toBe(0n);
    leader.dealer.release();
    await leader.pools.settled();
    expect(await outcome(leader.fromBalance(payer, quote))).toBe(OK);
    expect(await leader.credits(payer)).toBe(credits - 100n);
    expect(await leader.committed()).toBe(NEEDED);
  });

  it("a quote paid on chain while the pools cannot deliver gets its receipt later, with the same transaction", async () => {
    const leader = await startLeader({ held: true });
    const quote = await leader.quote();
    const txHash = await leader.payOnChain(quote);
    expect(await outcome(leader.onChain(quote, txHash))).toBe(EXHAUSTED);
    expect(await outcome(leader.onChain(quote, txHash))).toBe(EXHAUSTED);
    leader.dealer.release();
    await leader.pools.settled();
    expect(await outcome(leader.onChain(quote, txHash))).toBe(OK);
    expect(await outcome(leader.onChain(quote, txHash))).toBe(NONCE_USED);
    expect(await leader.committed()).toBe(NEEDED);
  });

  it("at the concurrency limit a compute payment is refused, charged nothing and stays payable", async () => {
    const leader = await startLeader();
    await leader.fund(payer);
    const credits = await leader.credits(payer);
    const start = (await leader.committed()) ?? 0n;
    const fromBalance = await leader.quote();
    const onChain = await leader.quote();
    const txHash = await leader.payOnChain(onChain);
    leader.computations.active = 1;
    expect(await outcome(leader.fromBalance(payer, fromBalance))).toBe(TOO_MANY);
    expect(await outcome(leader.onChain(onChain, txHash))).toBe(TOO_MANY);
    expect(await leader.credits(payer)).toBe(credits);
    expect(await leader.committed()).toBe(start);
    leader.computations.active = 0;
    expect(await outcome(leader.fromBalance(payer, fromBalance))).toBe(OK);
    expect(await outcome(leader.onChain(onChain, txHash))).toBe(OK);
    expect(await leader.credits(payer)).toBe(credits - 100n);
    expect(await leader.committed()).toBe(start + 2n * NEEDED);
  });
});
