// The leader's Payments service, through a connect router transport, paying on the chain emulator.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import { PriceQuoteSchema, type SignedQuote } from "@nillion/proto/nillion/payments/v1/quote";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { UnavailableError } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { callerInterceptor } from "../src/node/caller.js";
import { paymentsService } from "../src/node/payments/payments-service.js";
import { metadataOf } from "../src/node/payments/receipts.js";
import { MemoryStore } from "../src/storage/memory-store.js";
import { broadcastPayment, startTestChain } from "./helpers.js";

const leader = PrivateKey.fromSeed("nillion-devnet:1");
const leaderId = nodeIdFromPublicKey(leader.publicKey);
const user = PrivateKey.fromSeed("payments user");
let clock = new Date();
let chain: NilChain;
let client: Client<typeof Payments>;
let sequence = 0n;
/** When set, the receipt-metadata hook refuses, as compute does when its pools or slots are exhausted. */
let refusal: ConnectError | undefined;
/** When set, the leader cannot reach the chain. */
let chainDown = false;

/** A store whose `releaseClaim` fails while `failRelease` is set, as a store closing under a request would. */
class FailingReleaseStore extends MemoryStore {
  failRelease = false;

  override releaseClaim(...args: Parameters<MemoryStore["releaseClaim"]>) {
    if (this.failRelease) return Promise.reject(new UnavailableError("the node store is closed"));
    return super.releaseClaim(...args);
  }
}

const store = new FailingReleaseStore();

beforeAll(async () => {
  chain = await startTestChain();
  const transport = createRouterTransport(
    (router) =>
      router.service(
        Payments,
        paymentsService({
          leaderKey: leader,
          chain: async (p, d) => {
            if (chainDown) throw new ConnectError("chain unreachable: connection refused", Code.Unavailable);
            return chain.abciQuery(p, d);
          },
          store,
          now: () => clock,
          receiptMetadata: async (quote) => {
            if (refusal) throw refusal;
            return metadataOf(quote);
          },
        }),
      ),
    { router: { interceptors: [callerInterceptor({ nodeId: leaderId, now: () => clock })] } },
  );
  client = createClient(Payments, transport);
});
afterAll(() => chain.stop());

const auth = () => ({
  headers: {
    "x-nillion-token": encodeTokenHeader(
      createSignedToken({ signer: user, targetNodeId: leaderId, now: clock }),
    ),
  },
});

const pay = (resource: Uint8Array, amount: bigint) =>
  broadcastPayment(chain, { keyIndex: 1, sequence: sequence++, amount, resource });

async function failure(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected a failure");
}

const quoteFor = async (): Promise<SignedQuote> =>
  client.priceQuote({
    operation: { case: "retrieveValues", value: { valuesId: new Uint8Array(16).fill(1) } },
  });
const nonceOf = (signed: SignedQuote) => fromBinary(PriceQuoteSchema, signed.quote).nonce;

const balanceOf = async (who = user) =>
  (
    await client.accountBalance(
      {},
      {
        headers: {
          "x-nillion-token": encodeTokenHeader(
            createSignedToken({ signer: who, targetNodeId: leaderId, now: clock }),
          ),
        },
      },
    )
  ).balance;

async function addFunds(unil: bigint, payloadOverrides: Record<string, unknown> = {}) {
  const payload = toBinary(
    AddFundsPayloadSchema,
    create(AddFundsPayloadSchema, {
      recipient: { contents: user.userId.bytes },
      nonce: crypto.getRandomValues(new Uint8Array(32)),
      ...payloadOverrides,
    }),
  );
  const txHash = await pay(sha256(payload), unil);
  return { payload, txHash, call: () => client.addFunds({ payload, txHash }) };
}

describe("Payments (leader)", () => {
  it("reports the devnet payments config", async () => {
    const config = await client.paymentsConfig({});
    expect([config.minimumAddFundsPayment, config.creditsPerNil]).toEqual([10_000n, 100n]);
  });

  it("charges nothing when the receipt's metadata is refused, on either path (regression)", async () => {
    const credits = async () => (await client.accountBalance({}, auth())).balance;
    await (await addFunds(1_000_000n)).call();
    const before = await credits();
    refusal = new ConnectError("too many compute operations running, try again later", Code.Unavailable);
    try {
      const fromBalance = await quoteFor();
      expect((await failure(client.paymentReceipt({ signedQuote: fromBalance }, auth()))).code).toBe(
        Code.Unavailable,
      );
      expect(await credits()).toBe(before);
      const onChain = await quoteFor();
      const txHash = await pay(nonceOf(onChain), 1_000_000n);
      expect((await failure(client.paymentReceipt({ signedQuote: onChain, txHash }))).code).toBe(
        Code.Unavailable,
      );
      refusal = undefined;
      await client.paymentReceipt({ signedQuote: fromBalance }, auth());
      expect(await credits()).toBe(before - 100n);
      await client.paymentReceipt({ signedQuote: onChain, txHash });
    } finally {
      refusal = undefined;
    }
  });

  it("says so, naming the refusal, when a refused payment cannot be given back", async () => {
    await (await addFunds(1_000_000n)).call();
    refusal = new ConnectError("too many compute operations running, try again later", Code.Unavailable);
    store.failRelease = true;
    try {
      const error = await failure(client.paymentReceipt({ signedQuote: await quoteFor() }, auth()));
      expect(error.code).toBe(Code.Internal);
      expect(error.rawMessage).toMatch(
        /^too many compute operations running, try again later; the payment could not be given back: .*the node store is closed/,
      );
    } finally {
      refusal = undefined;
      store.failRelease = false;
    }
  });

  it("issues a receipt for a quote paid on chain, once", async () => {
    const signedQuote = await quoteFor();
    const txHash = await pay(nonceOf(signedQuote), 1_000_000n);
    const receipt = await client.paymentReceipt({ signedQuote, txHash });
    expect(receipt.receipt.length).toBeGreaterThan(16);
    const again = await failure(client.paymentReceipt({ signedQuote, txHash }));
    expect([again.code, again.rawMessage]).toEqual([Code.FailedPrecondition, "nonce already used"]);
  });

  it("refuses an underpaid quote and a payment for another quote", async () => {
    const signedQuote = await quoteFor();
    const short = await failure(
      client.paymentReceipt({ signedQuote, txHash: await pay(nonceOf(signedQuote), 999_999n) }),
    );
    expect(short.rawMessage).toBe("insufficient payment");
    const other = await failure(
      client.paymentReceipt({ signedQuote, txHash: await pay(nonceOf(await quoteFor()), 1_000_000n) }),
    );
    expect(other.rawMessage).toBe("nonce in payment doens't match nonce in quote");
  });

  it("needs a caller to pay from a balance, and says 'not enough funds' with the PreconditionFailure detail", async () => {
    const signedQuote = await quoteFor();
    const anonymous = await failure(client.paymentReceipt({ signedQuote, txHash: "" }));
    expect([anonymous.code, anonymous.rawMessage]).toEqual([Code.PermissionDenied, "permissions denied"]);
    const poor = await failure(client.paymentReceipt({ signedQuote, txHash: "" }, auth()));
    expect([poor.code, poor.rawMessage]).toEqual([Code.FailedPrecondition, "not enough funds"]);
    expect(poor.findDetails(PreconditionFailureSchema)[0]?.violations).toEqual([
      expect.objectContaining({ type: "PAYMENT", subject: "BALANCE" }),
    ]);
  });

  it("adds funds (20,000 unil is 2 credits, as the official tests expect) and pays from the balance", async () => {
    expect((await client.accountBalance({}, auth())).balance).toBe(0n);
    await (await addFunds(20_000n)).call();
    expect((await client.accountBalance({}, auth())).balance).toBe(2n);
    await (await addFunds(1_000_000n)).call();
    const balance = await client.accountBalance({}, auth());
    expect(balance.balance).toBe(102n);
    expect(Number(balance.expiresAt?.seconds) - Number(balance.lastUpdated?.seconds)).toBe(365 * 24 * 3600);
    await client.paymentReceipt({ signedQuote: await quoteFor(), txHash: "" }, auth());
    expect((await client.accountBalance({}, auth())).balance).toBe(2n);
  });

  it("does not charge for a quote that has expired (stricter than the reference)", async () => {
    await (await addFunds(1_000_000n)).call();
    const before = (await client.accountBalance({}, auth())).balance;
    const signedQuote = await quoteFor();
    clock = new Date(clock.getTime() + 25 * 3600 * 1000);
    try {
      const expired = await failure(client.paymentReceipt({ signedQuote, txHash: "" }, auth()));
      expect([expired.code, expired.rawMessage]).toEqual([Code.FailedPrecondition, "quote expired"]);
      expect((await client.accountBalance({}, auth())).balance).toBe(before);
    } finally {
      clock = new Date(clock.getTime() - 25 * 3600 * 1000);
    }
  });

  it("processes an add-funds transaction once, whatever the case of its hash", async () => {
    const { payload, txHash, call } = await addFunds(50_000n);
    await call();
    const replay = await failure(client.addFunds({ payload, txHash: txHash.toLowerCase() }));
    expect([replay.code, replay.rawMessage]).toEqual([
      Code.InvalidArgument,
      "payment transaction has already been processed",
    ]);
  });

  it.each([
    [
      "a payment for another payload",
      async () => {
        const { txHash } = await addFunds(50_000n);
        const { payload } = await addFunds(50_000n);
        return client.addFunds({ payload, txHash });
      },
      "hash in payment does not match hash of payload",
    ],
    [
      "a payment below 90 % of the minimum",
      async () => (await addFunds(8_999n)).call(),
      "payment is too small",
    ],
    [
      "an undecodable payload",
      async () => client.addFunds({ payload: Uint8Array.of(0xff), txHash: "00" }),
      "invalid payload",
    ],
    [
      "a payload without a 32-byte nonce",
      async () => (await addFunds(50_000n, { nonce: new Uint8Array(31) })).call(),
      "invalid payload",
    ],
    [
      "another leader's key in the payload",
      async () =>
        (await addFunds(50_000n, { leaderPublicKey: { keyType: 1, contents: user.publicKey } })).call(),
      "invalid leader public key",
    ],
  ])("refuses add-funds with %s", async (_label, run, message) => {
    const error = await failure(run());
    expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, message]);
  });
});

describe("AddFunds credits", () => {
  // The reference credits ceil(unil / 10^6 × NIL price in cents): at $1, one credit per started 10,000 unil.
  it.each([
    [9_000n, 1n], // 90 % of the minimum: the least the leader accepts
    [9_999n, 1n],
    [10_000n, 1n], // the minimum
    [10_001n, 2n],
    [15_000n, 2n],
    [19_999n, 2n],
    [20_000n, 2n], // exactly divisible
    [20_001n, 3n],
    [999_999n, 100n],
    [1_000_000n, 100n],
    [1_234_567n, 124n],
  ])("credits %i unil as %i credits, rounded up", async (unil, credits) => {
    const before = await balanceOf();
    await (await addFunds(unil)).call();
    expect((await balanceOf()) - before).toBe(credits);
  });

  it("answers a balance that would overflow with FAILED_PRECONDITION and leaves the transaction unused", async () => {
    const rich = PrivateKey.fromSeed("payments: rich user");
    const now = { now: clock, expiresAt: new Date(clock.getTime() + 24 * 3600 * 1000) };
    await store.addCredits(rich.userId.toHex(), 2n ** 63n - 1n, now);
    const { call } = await addFunds(10_000n, { recipient: { contents: rich.userId.bytes } });
    const refused = await failure(call());
    expect([refused.code, refused.rawMessage]).toEqual([
      Code.FailedPrecondition,
      "payment of 10000 unil (1 credits) refused: the balance would exceed 9223372036854775807 credits",
    ]);
    await store.deductCredits(rich.userId.toHex(), 5n, now);
    await call();
    expect(await balanceOf(rich)).toBe(2n ** 63n - 5n);
  });

  it("leaves the transaction unused when the leader cannot reach the chain", async () => {
    const { call } = await addFunds(10_000n);
    const before = await balanceOf();
    chainDown = true;
    try {
      const refused = await failure(call());
      expect(refused.code).toBe(Code.Unavailable);
    } finally {
      chainDown = false;
    }
    await call();
    expect((await balanceOf()) - before).toBe(1n);
  });
});
