import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { balanceSupported, createPaymentsClient, type PaymentsClient, type Quote } from "@nillion/payments";
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { AddFundsPayloadSchema, type AddFundsRequest } from "@nillion/proto/nillion/payments/v1/balance";
import type { PriceQuoteRequest } from "@nillion/proto/nillion/payments/v1/quote";
import { type PaymentReceiptRequest, ReceiptSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import {
  LIFETIMES,
  MINIMUM_ADD_FUNDS_UNIL as MINIMUM_ADD_FUNDS,
  PRICE,
} from "@nillion/test-kit/devnet-prices";
import { FakeLeader } from "@nillion/test-kit/fake-leader";
import { FakePayer } from "@nillion/test-kit/fake-payer";
import {
  bytesEqual,
  InternalError,
  InvalidArgumentError,
  PaymentError,
  UnavailableError,
  UserId,
} from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterEach, describe, expect, it, vi } from "vitest";

const LEADER = "http://127.0.0.1:37939";
const ME = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
const FRIEND = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
const POOL_STATUS = { operation: { case: "poolStatus", value: {} } } as const;

const { tokens: TOKENS, credits: CREDITS } = PRICE;

function setUp(mode?: "balance" | "per-operation", withPayer = true) {
  const payer = new FakePayer();
  const leader = new FakeLeader({ chain: payer, caller: ME.toHex() });
  const payments = createPaymentsClient({
    transport: leader.transport(),
    leader: LEADER,
    userId: ME,
    ...(withPayer ? { payer } : {}),
    ...(mode === undefined ? {} : { mode }),
  });
  return { payer, leader, payments };
}

/** My balance on the leader, in credits. */
const creditsOf = (leader: FakeLeader) => leader.balances.get(ME.toHex()) ?? 0n;
const fund = (leader: FakeLeader, credits: bigint) => leader.balances.set(ME.toHex(), credits);

/** Freezes the clock of the client and the fake leader (timers keep running) at `at`. */
function freezeClock(at: Date): void {
  vi.useFakeTimers({ toFake: ["Date"], now: at });
}

afterEach(() => {
  vi.useRealTimers();
});

const receiptRequests = (leader: FakeLeader) =>
  leader.calls.filter((c) => c.method === "PaymentReceipt").map((c) => c.request as PaymentReceiptRequest);

/** Rejection of `promise`, for asserting on the error itself. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("requestQuote", () => {
  it("decodes the leader's signed quote: nonce, fees in unil and credits, expiry, echoed request", async () => {
    const now = new Date("2030-01-01T00:00:00.123Z");
    freezeClock(now);
    const { leader, payments, payer } = setUp();
    const request = {
      operation: { case: "storeValues", value: { secretSharedCount: 2n, payloadSize: 300n } },
    } as const;
    const quote = await payments.requestQuote(request);
    expect(quote.tokens).toBe(TOKENS);
    expect(quote.credits).toBe(CREDITS);
    expect(quote.quote.nonce).toHaveLength(32);
    expect(quote.expiresAt).toEqual(new Date(now.getTime() + LIFETIMES.quoteMs));
    expect(quote.quote.request?.operation).toMatchObject(request.operation);
    expect(quote.signed.signature).toHaveLength(64);
    expect(quote.signed.quote.length).toBeGreaterThan(32);
    const sent = leader.calls[0]?.request as PriceQuoteRequest;
    expect(sent.operation.case).toBe("storeValues");
    expect(payer.payments).toEqual([]);
  });

  it("rejects with an InternalError when the leader's quote does not decode", async () => {
    const { leader, payments } = setUp();
    leader.corruptQuotes = true;
    const error = await rejectionOf(payments.requestQuote(POOL_STATUS));
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe("the leader's quote is not a valid PriceQuote");
  });
});

describe("getPaymentReceipt", () => {
  it("asks for a receipt from the balance with an empty tx hash", async () => {
    const { leader, payments } = setUp();
    fund(leader, 150n);
    const quote = await payments.requestQuote(POOL_STATUS);
    const signed = await payments.getPaymentReceipt(quote);
    const receipt = fromBinary(ReceiptSchema, signed.receipt);
    expect(receipt.identifier).toHaveLength(16);
    expect(receipt.metadata?.operation.case).toBe("poolStatus");
    expect(receiptRequests(leader)).toMatchObject([{ txHash: "" }]);
    expect(
      bytesEqual(receiptRequests(leader)[0]?.signedQuote?.quote ?? new Uint8Array(), quote.signed.quote),
    ).toBe(true);
    expect(creditsOf(leader)).toBe(50n);
  });

  it("sends the tx hash of a chain payment, and takes a bare SignedQuote too", async () => {
    const { leader, payments, payer } = setUp();
    const quote = await payments.requestQuote(POOL_STATUS);
    const txHash = await payer.submitPayment(quote.tokens, quote.quote.nonce);
    await payments.getPaymentReceipt(quote.signed, txHash);
    expect(receiptRequests(leader)).toMatchObject([{ txHash }]);
  });

  it("is sent once: a refusal is not retried", async () => {
    const { leader, payments } = setUp();
    fund(leader, 1000n);
    const quote = await payments.requestQuote(POOL_STATUS);
    await payments.getPaymentReceipt(quote);
    const error = await rejectionOf(payments.getPaymentReceipt(quote));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toMatchObject({ rawMessage: "nonce already used" });
    expect(receiptRequests(leader)).toHaveLength(2);
  });
});

describe("pay, balance mode (the default)", () => {
  it("pays from the balance when it covers the quote and never touches the chain", async () => {
    const { leader, payments, payer } = setUp();
    expect(payments.mode).toBe("balance");
    fund(leader, CREDITS);
    const quote = await payments.requestQuote(POOL_STATUS);
    await payments.pay(quote);
    expect(creditsOf(leader)).toBe(0n);
    expect(payer.payments).toEqual([]);
    expect(receiptRequests(leader)).toMatchObject([{ txHash: "" }]);
  });

  it('on "not enough funds" pays the SAME quote on chain: its nonce as resource, its tokens as amount', async () => {
    const { leader, payments, payer } = setUp();
    fund(leader, CREDITS - 1n);
    const quote = await payments.requestQuote(POOL_STATUS);
    const signed = await payments.pay(quote);
    expect(fromBinary(ReceiptSchema, signed.receipt).identifier).toHaveLength(16);
    expect(payer.payments).toHaveLength(1);
    const [payment] = payer.payments;
    expect(payment?.amount).toBe(TOKENS);
    expect(bytesEqual(payment?.resource ?? new Uint8Array(), quote.quote.nonce)).toBe(true);
    const requests = receiptRequests(leader);
    expect(requests.map((r) => r.txHash)).toEqual(["", payment?.txHash]);
    expect(bytesEqual(requests[1]?.signedQuote?.quote ?? new Uint8Array(), quote.signed.quote)).toBe(true);
    expect(leader.calls.filter((c) => c.method === "PriceQuote")).toHaveLength(1);
    expect(creditsOf(leader)).toBe(CREDITS - 1n);
  });

  it('recognises "not enough funds" by its PAYMENT/BALANCE detail alone', async () => {
    const { leader, payments, payer } = setUp();
    leader.failNext.set("PaymentReceipt", () => {
      throw new ConnectError("balance too low (reworded)", Code.FailedPrecondition, undefined, [
        {
          desc: PreconditionFailureSchema,
          value: { violations: [{ type: "PAYMENT", subject: "BALANCE", description: "" }] },
        },
      ]);
    });
    const quote = await payments.requestQuote(POOL_STATUS);
    await payments.pay(quote);
    expect(payer.payments).toHaveLength(1);
  });

  it('without a payer, the "not enough funds" PaymentError reaches the caller', async () => {
    const { payments } = setUp("balance", false);
    const quote = await payments.requestQuote(POOL_STATUS);
    const error = await rejectionOf(payments.pay(quote));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).message).toBe(`PaymentReceipt on ${LEADER} failed: not enough funds`);
    expect((error as PaymentError).details).toMatchObject({
      grpcCode: "failed_precondition",
      preconditionFailure: { violations: [{ type: "PAYMENT", subject: "BALANCE" }] },
    });
  });

  it("does not fall back on any other refusal: the quote may have been consumed", async () => {
    const { leader, payments, payer } = setUp();
    leader.failNext.set("PaymentReceipt", () => {
      throw new ConnectError("nonce already used", Code.FailedPrecondition);
    });
    const quote = await payments.requestQuote(POOL_STATUS);
    await expect(payments.pay(quote)).rejects.toBeInstanceOf(PaymentError);
    leader.failNext.set("PaymentReceipt", () => {
      throw new ConnectError("connection reset", Code.Unavailable);
    });
    await expect(payments.pay(quote)).rejects.toBeInstanceOf(UnavailableError);
    expect(payer.payments).toEqual([]);
    expect(receiptRequests(leader)).toHaveLength(2);
  });

  it("leaves an expired quote to the leader, which refuses it before charging: no chain payment follows", async () => {
    const { leader, payments, payer } = setUp();
    fund(leader, CREDITS);
    leader.quoteLifetimeMs = () => -1000;
    const quote = await payments.requestQuote(POOL_STATUS);
    const error = await rejectionOf(payments.pay(quote));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toMatchObject({ rawMessage: "quote expired" });
    expect(creditsOf(leader)).toBe(CREDITS);
    expect(payer.payments).toEqual([]);
  });

  it("names the transaction when the receipt after a chain payment fails, so it can be claimed later", async () => {
    const { leader, payments, payer } = setUp();
    const quote = await payments.requestQuote(POOL_STATUS);
    leader.failNext.set("PaymentReceipt", () => {
      throw new ConnectError("not enough funds", Code.FailedPrecondition);
    });
    const original = payer.submitPayment.bind(payer);
    payer.submitPayment = async (...args) => {
      leader.failNext.set("PaymentReceipt", () => {
        throw new ConnectError("transaction not committed", Code.Unavailable);
      });
      return original(...args);
    };
    const error = await rejectionOf(payments.pay(quote));
    const txHash = payer.payments[0]?.txHash;
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toEqual({ txHash });
    expect((error as PaymentError).message).toBe(
      `paid in tx ${txHash}, but PaymentReceipt on ${LEADER} failed: transaction not committed`,
    );
    expect((error as PaymentError).cause).toBeInstanceOf(UnavailableError);
    // The payment is not lost: the receipt can be asked for again with the tx hash.
    await payments.getPaymentReceipt(quote, txHash);
    expect(payer.payments).toHaveLength(1);
  });
});

describe("pay, per-operation mode", () => {
  it("pays every quote on chain, never from the balance", async () => {
    const { leader, payments, payer } = setUp("per-operation");
    fund(leader, 1_000n);
    const quote = await payments.requestQuote(POOL_STATUS);
    await payments.pay(quote);
    expect(payer.payments).toHaveLength(1);
    expect(payer.payments[0]?.amount).toBe(TOKENS);
    expect(bytesEqual(payer.payments[0]?.resource ?? new Uint8Array(), quote.quote.nonce)).toBe(true);
    expect(receiptRequests(leader).map((r) => r.txHash)).toEqual([payer.payments[0]?.txHash]);
    expect(creditsOf(leader)).toBe(1_000n);
  });

  it("does not pay an expired quote on chain, nor ask the leader about it", async () => {
    const { leader, payments, payer } = setUp("per-operation");
    leader.quoteLifetimeMs = () => -1000;
    const quote = await payments.requestQuote(POOL_STATUS);
    const error = await rejectionOf(payments.pay(quote));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as Error).message).toMatch(/^the quote expired at .*; request a new one/);
    expect(payer.received).toEqual([]);
    expect(receiptRequests(leader)).toEqual([]);
  });

  it("needs a payer to pay, though not to quote", async () => {
    const { leader, payments } = setUp("per-operation", false);
    const quote = await payments.requestQuote(POOL_STATUS);
    const error = await rejectionOf(payments.pay(quote));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("options.payer");
    expect(receiptRequests(leader)).toEqual([]);
  });
});

describe("pay, a quote close to its expiry", () => {
  const T = new Date("2030-01-01T00:00:00Z");
  // NilChainPayer's default wait for inclusion, 30.2 s, and 10 s to broadcast and get the receipt.
  const DEFAULT_MARGIN_MS = 40_200;
  const priceQuotes = (leader: FakeLeader) => leader.calls.filter((c) => c.method === "PriceQuote");

  /** A quote asked for at T, with the clock then moved to `leftMs` before it expires. */
  async function quoteWithTimeLeft(payments: PaymentsClient, leftMs: number): Promise<Quote> {
    freezeClock(T);
    const quote = await payments.requestQuote(POOL_STATUS);
    vi.setSystemTime(quote.expiresAt.getTime() - leftMs);
    return quote;
  }

  it.each(["per-operation", "balance"] as const)(
    "%s mode: refuses a quote passed by hand 1 s from expiry before paying, telling to request a new one",
    async (mode) => {
      const { leader, payments, payer } = setUp(mode);
      const quote = await quoteWithTimeLeft(payments, 1_000);
      const error = await rejectionOf(payments.pay(quote));
      expect(error).toBeInstanceOf(PaymentError);
      expect((error as Error).message).toBe(
        `the quote expires at ${quote.expiresAt.toISOString()}, in 1 s, but a chain payment may take up to 40.2 s (the default 30.2 s wait for inclusion, and 10 s to broadcast and get the receipt) and the leader checks the expiry after it; nothing was paid: request a new quote`,
      );
      expect((error as PaymentError).details).toEqual({
        expiresAt: quote.expiresAt,
        remainingMs: 1_000,
        marginMs: DEFAULT_MARGIN_MS,
      });
      expect(payer.received).toEqual([]);
      // Only the balance attempt reached the leader; the chain fallback stopped before paying.
      expect(receiptRequests(leader).map((r) => r.txHash)).toEqual(mode === "balance" ? [""] : []);
      expect(priceQuotes(leader)).toHaveLength(1);
    },
  );

  it("pays a quote with more than the margin left as it is", async () => {
    const { leader, payments, payer } = setUp("per-operation");
    const quote = await quoteWithTimeLeft(payments, DEFAULT_MARGIN_MS + 1);
    await payments.pay(quote, { renewQuote: () => payments.requestQuote(POOL_STATUS) });
    expect(payer.payments.map((p) => p.resource)).toEqual([quote.quote.nonce]);
    // Not renewed: the leader was asked for one quote only.
    expect(priceQuotes(leader)).toHaveLength(1);
  });

  it("keeps as margin the payer's own wait for inclusion, plus 10 s", async () => {
    const payer = Object.assign(new FakePayer(), { inclusionTimeoutMs: 120_000 });
    const leader = new FakeLeader({ chain: payer, caller: ME.toHex() });
    const payments = createPaymentsClient({ transport: leader.transport(), payer, mode: "per-operation" });
    const early = await quoteWithTimeLeft(payments, 129_000);
    const error = await rejectionOf(payments.pay(early));
    expect((error as Error).message).toContain("may take up to 130 s (the payer's 120 s wait for inclusion");
    expect(payer.received).toEqual([]);
    const inTime = await quoteWithTimeLeft(payments, 131_000);
    await payments.pay(inTime);
    expect(payer.payments.map((p) => p.resource)).toEqual([inTime.quote.nonce]);
  });

  it.each(["per-operation", "balance"] as const)(
    "%s mode: given renewQuote, pays a fresh quote instead of one 1 s from expiry, and pays once",
    async (mode) => {
      const { leader, payments, payer } = setUp(mode);
      const stale = await quoteWithTimeLeft(payments, 1_000);
      let fresh: Quote | undefined;
      const signed = await payments.pay(stale, {
        renewQuote: async () => {
          fresh = await payments.requestQuote(POOL_STATUS);
          return fresh;
        },
      });
      expect(priceQuotes(leader)).toHaveLength(2);
      expect(fresh?.expiresAt.getTime()).toBe(Date.now() + LIFETIMES.quoteMs);
      // One payment, for the fresh quote; the stale one is never paid nor sent with a tx hash.
      expect(payer.payments.map((p) => p.resource)).toEqual([fresh?.quote.nonce]);
      const paid = receiptRequests(leader).filter((r) => r.txHash !== "");
      expect(paid.map((r) => r.txHash)).toEqual([payer.payments[0]?.txHash]);
      expect(paid[0]?.signedQuote?.quote).toEqual(fresh?.signed.quote);
      expect(fromBinary(ReceiptSchema, signed.receipt).metadata?.operation.case).toBe("poolStatus");
    },
  );

  it("renews once: a fresh quote that is itself too short-lived is refused, and nothing is paid", async () => {
    const { leader, payments, payer } = setUp("per-operation");
    const stale = await quoteWithTimeLeft(payments, 1_000);
    leader.quoteLifetimeMs = () => 20_000;
    const error = await rejectionOf(
      payments.pay(stale, { renewQuote: () => payments.requestQuote(POOL_STATUS) }),
    );
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as Error).message).toMatch(
      /^the leader's new quote expires in 20 s, sooner than a chain payment may take \(up to 40.2 s .*\); nothing was paid: its quotes live too briefly for this payer/,
    );
    expect(priceQuotes(leader)).toHaveLength(2);
    expect(payer.received).toEqual([]);
    expect(receiptRequests(leader)).toEqual([]);
  });

  it("names the renewed quote beside the tx hash when the receipt fails after the payment", async () => {
    const { leader, payments, payer } = setUp("per-operation");
    const stale = await quoteWithTimeLeft(payments, 1_000);
    leader.failNext.set("PaymentReceipt", () => {
      throw new ConnectError("transaction not committed", Code.Unavailable);
    });
    const error = await rejectionOf(
      payments.pay(stale, { renewQuote: () => payments.requestQuote(POOL_STATUS) }),
    );
    const txHash = payer.payments[0]?.txHash;
    const renewed = (error as PaymentError).details?.["quote"] as Quote;
    expect((error as PaymentError).details).toEqual({ txHash, quote: renewed });
    expect(renewed.quote.nonce).toEqual(payer.payments[0]?.resource);
    // With both, the payment is not lost.
    await payments.getPaymentReceipt(renewed, txHash);
    expect(payer.payments).toHaveLength(1);
  });

  it("refuses a renewQuote that is not a function, or that resolves to something else, before paying", async () => {
    const { payments, payer } = setUp("per-operation");
    const stale = await quoteWithTimeLeft(payments, 1_000);
    await expect(
      payments.pay(stale, { renewQuote: 5 as unknown as () => Promise<Quote> }),
    ).rejects.toMatchObject({
      argument: "options.renewQuote",
    });
    await expect(
      payments.pay(stale, { renewQuote: async () => undefined as unknown as Quote }),
    ).rejects.toMatchObject({ argument: "options.renewQuote" });
    expect(payer.received).toEqual([]);
  });

  it("refuses at creation a payer whose inclusion wait is not a number of milliseconds", () => {
    for (const inclusionTimeoutMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, "30000"]) {
      const payer = Object.assign(new FakePayer(), { inclusionTimeoutMs });
      const transport = new FakeLeader({ chain: payer }).transport();
      expect(() => createPaymentsClient({ transport, payer: payer as never })).toThrow(
        expect.objectContaining({ argument: "payer.inclusionTimeoutMs" }),
      );
    }
  });
});

describe("balance mode queries", () => {
  it("paymentsConfig gives the minimum add-funds payment and credits per NIL", async () => {
    const { payments } = setUp();
    expect(await payments.paymentsConfig()).toEqual({
      minimumAddFundsPayment: MINIMUM_ADD_FUNDS,
      creditsPerNil: 100n,
    });
  });

  it("accountBalance gives credits and dates: the epoch for a balance never funded", async () => {
    const { payments } = setUp();
    expect(await payments.accountBalance()).toEqual({
      balance: 0n,
      lastUpdated: new Date(0),
      expiresAt: new Date(LIFETIMES.balanceMs),
    });
    const fundedAt = new Date("2030-01-01T00:00:00Z");
    freezeClock(fundedAt);
    await payments.addFunds(420_000n);
    expect(await payments.accountBalance()).toEqual({
      balance: 42n,
      lastUpdated: fundedAt,
      expiresAt: new Date(fundedAt.getTime() + LIFETIMES.balanceMs),
    });
  });
});

describe("addFunds", () => {
  const addFundsRequests = (leader: FakeLeader) =>
    leader.calls.filter((c) => c.method === "AddFunds").map((c) => c.request as AddFundsRequest);

  it("pays SHA-256 of the encoded AddFundsPayload{recipient, 32-byte nonce} and has the leader credit it", async () => {
    const { leader, payments, payer } = setUp();
    await payments.addFunds(20_000n, FRIEND);
    const [request] = addFundsRequests(leader);
    const [payment] = payer.payments;
    expect(request?.txHash).toBe(payment?.txHash);
    expect(payment?.amount).toBe(20_000n);
    expect(
      bytesEqual(payment?.resource ?? new Uint8Array(), sha256(request?.payload ?? new Uint8Array())),
    ).toBe(true);
    const payload = fromBinary(AddFundsPayloadSchema, request?.payload ?? new Uint8Array());
    expect(new UserId(payload.recipient?.contents ?? new Uint8Array()).equals(FRIEND)).toBe(true);
    expect(payload.nonce).toHaveLength(32);
    expect(payload.leaderPublicKey).toBeUndefined();
    // 20,000 unil at 100 credits per NIL, for the recipient alone.
    expect(leader.balances.get(FRIEND.toHex())).toBe(2n);
    expect(creditsOf(leader)).toBe(0n);
    expect(leader.calls.map((c) => c.method)).toEqual(["PaymentsConfig", "AddFunds"]);
  });

  it("credits the client's own user id by default, with a fresh nonce every time", async () => {
    const { leader, payments } = setUp();
    await payments.addFunds(10_000n);
    await payments.addFunds(10_000n);
    const payloads = addFundsRequests(leader).map((r) => fromBinary(AddFundsPayloadSchema, r.payload));
    for (const payload of payloads) {
      expect(new UserId(payload.recipient?.contents ?? new Uint8Array()).equals(ME)).toBe(true);
    }
    expect(bytesEqual(payloads[0]?.nonce ?? new Uint8Array(), payloads[1]?.nonce ?? new Uint8Array())).toBe(
      false,
    );
    expect(creditsOf(leader)).toBe(2n);
  });

  it("refuses an amount below the leader's minimum before paying anything", async () => {
    const { payments, payer } = setUp();
    const error = await rejectionOf(payments.addFunds(MINIMUM_ADD_FUNDS - 1n));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("amountUnil");
    expect((error as InvalidArgumentError).details).toEqual({ minimum: MINIMUM_ADD_FUNDS, amount: 9_999n });
    expect(payer.payments).toEqual([]);
  });

  it("checks its arguments and needs a payer", async () => {
    const { payments } = setUp();
    for (const amount of [0n, -5n, 10_000 as unknown as bigint]) {
      await expect(payments.addFunds(amount)).rejects.toMatchObject({ argument: "amountUnil" });
    }
    await expect(payments.addFunds(10_000n, "me" as unknown as UserId)).rejects.toMatchObject({
      argument: "recipient",
    });
    const leader = new FakeLeader({ chain: new FakePayer() });
    const anonymous = createPaymentsClient({ transport: leader.transport(), payer: new FakePayer() });
    await expect(anonymous.addFunds(10_000n)).rejects.toMatchObject({ argument: "recipient" });
    const payerless = createPaymentsClient({ transport: leader.transport(), userId: ME });
    await expect(payerless.addFunds(10_000n)).rejects.toMatchObject({ argument: "options.payer" });
  });

  it("names the transaction and payload when the leader refuses a paid top-up", async () => {
    const { leader, payments, payer } = setUp();
    leader.failNext.set("AddFunds", () => {
      throw new ConnectError("payment transaction has already been processed", Code.InvalidArgument);
    });
    const error = await rejectionOf(payments.addFunds(10_000n));
    expect(error).toBeInstanceOf(PaymentError);
    const [request] = addFundsRequests(leader);
    expect((error as PaymentError).details).toEqual({
      txHash: payer.payments[0]?.txHash,
      payload: Buffer.from(request?.payload ?? []).toString("hex"),
    });
  });
});

describe("cancellation and deadlines", () => {
  it("rejects with the signal's reason before calling when already aborted", async () => {
    const { leader, payments } = setUp();
    const reason = new Error("user gave up");
    await expect(payments.requestQuote(POOL_STATUS, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(leader.calls).toEqual([]);
  });

  it("rejects with the signal's reason when aborted during a call", async () => {
    const { leader, payments } = setUp();
    leader.stall = new Promise(() => undefined);
    const controller = new AbortController();
    const reason = new DOMException("stop", "AbortError");
    const pending = payments.requestQuote(POOL_STATUS, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("passes the signal to the payer and stops before asking for a receipt", async () => {
    const { leader, payments, payer } = setUp("per-operation");
    const quote: Quote = await payments.requestQuote(POOL_STATUS);
    const controller = new AbortController();
    let open: () => void = () => undefined;
    payer.gate = new Promise((resolve) => {
      open = resolve;
    });
    const pending = payments.pay(quote, { signal: controller.signal });
    controller.abort();
    open();
    const error = await rejectionOf(pending);
    expect((error as Error).name).toBe("AbortError");
    expect(payer.received[0]?.signal).toBe(controller.signal);
    expect(payer.payments).toEqual([]);
    expect(receiptRequests(leader)).toEqual([]);
  });

  it("maps a missed deadline (timeoutMs) to UnavailableError", async () => {
    const { leader, payments } = setUp();
    leader.stall = new Promise(() => undefined);
    const error = await rejectionOf(payments.requestQuote(POOL_STATUS, { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).details).toMatchObject({
      grpcCode: "deadline_exceeded",
      node: LEADER,
      method: "PriceQuote",
    });
  });
});

describe("createPaymentsClient options", () => {
  it("rejects a missing transport, an unknown mode and a user id that is not one", () => {
    expect(() => createPaymentsClient({} as never)).toThrow(
      expect.objectContaining({ argument: "options.transport" }),
    );
    const transport = new FakeLeader({ chain: new FakePayer() }).transport();
    expect(() => createPaymentsClient({ transport, mode: "credit" as unknown as "balance" })).toThrow(
      expect.objectContaining({ argument: "options.mode" }),
    );
    expect(() => createPaymentsClient({ transport, userId: "me" as unknown as UserId })).toThrow(
      expect.objectContaining({ argument: "options.userId" }),
    );
  });
});

describe("quote arguments", () => {
  it("getPaymentReceipt and pay name a missing or wrong quote", async () => {
    const { payments } = setUp();
    await expect(payments.getPaymentReceipt(undefined as unknown as Quote)).rejects.toMatchObject({
      argument: "quote",
    });
    const quote = await payments.requestQuote(POOL_STATUS);
    await expect(payments.pay(quote.signed as unknown as Quote)).rejects.toMatchObject({ argument: "quote" });
    await expect(payments.getPaymentReceipt(quote, 12 as unknown as string)).rejects.toMatchObject({
      argument: "txHash",
    });
  });
});

describe("balanceSupported", () => {
  const version = (major: bigint, minor: bigint) => ({ version: { major, minor } });

  it("is true from nilvm 0.8 on, and when the node reports no version", () => {
    expect(balanceSupported(version(0n, 8n))).toBe(true);
    expect(balanceSupported(version(0n, 10n))).toBe(true);
    expect(balanceSupported(version(1n, 0n))).toBe(true);
    expect(balanceSupported({})).toBe(true);
    expect(balanceSupported(undefined)).toBe(true);
  });

  it("is false before 0.8", () => {
    expect(balanceSupported(version(0n, 7n))).toBe(false);
    expect(balanceSupported(version(0n, 0n))).toBe(false);
  });
});
