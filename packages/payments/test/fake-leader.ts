// An in-process leader: the Payments service with the devnet's prices, behind connect-es's router
// transport, and a fake payer whose "chain" the leader reads payments from.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createRouterTransport, type Transport } from "@connectrpc/connect";
import type { Payer, SubmitPaymentOptions } from "@nillion/payments";
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import {
  AccountBalanceResponseSchema,
  AddFundsPayloadSchema,
} from "@nillion/proto/nillion/payments/v1/balance";
import { PaymentsConfigResponseSchema } from "@nillion/proto/nillion/payments/v1/config";
import {
  type PriceQuote,
  type PriceQuoteRequest,
  PriceQuoteSchema,
  SignedQuoteSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import { ReceiptSchema, SignedReceiptSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { bytesEqual, bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

export const TOKENS = 1_000_000n;
export const CREDITS = 100n;
export const MINIMUM_ADD_FUNDS = 10_000n;
export const CREDITS_PER_NIL = 100n;
export const SIGNATURE = new Uint8Array(64).fill(9);

/** A payment the fake chain holds. */
export interface ChainPayment {
  readonly amount: bigint;
  readonly resource: Uint8Array;
}

/** A payer that "pays" into a map the fake leader reads. */
export class FakePayer implements Payer {
  readonly walletAddress = "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j";
  readonly chain = new Map<string, ChainPayment>();
  readonly payments: Array<ChainPayment & { txHash: string; options: SubmitPaymentOptions | undefined }> = [];
  /** The options of every call, paid or not. */
  readonly received: Array<SubmitPaymentOptions | undefined> = [];
  /** When set, submitPayment waits for this before paying. */
  gate: Promise<void> | undefined;

  async submitPayment(amount: bigint, resource: Uint8Array, options?: SubmitPaymentOptions): Promise<string> {
    this.received.push(options);
    await this.gate;
    options?.signal?.throwIfAborted();
    const txHash = bytesToHex(sha256(new TextEncoder().encode(`tx-${this.payments.length}`))).toUpperCase();
    this.chain.set(txHash, { amount, resource });
    this.payments.push({ amount, resource, txHash, options });
    return txHash;
  }
}

export interface LeaderCall {
  readonly method: string;
  readonly request: unknown;
}

/** What the fake leader knows and has done. */
export interface FakeLeader {
  readonly transport: Transport;
  readonly calls: LeaderCall[];
  /** The caller's balance in credits. */
  balance: bigint;
  /** Expiry of the quotes it issues. */
  quoteExpiresAt: Date;
  /** Replaces the next call of this method: throw to fail it. */
  readonly failNext: Map<string, () => never>;
  /** When set, PriceQuote waits for it (or for the call's signal). */
  stall: Promise<void> | undefined;
  /** When true, PriceQuote answers with quote bytes that do not decode. */
  corruptQuotes: boolean;
}

export function fakeLeader(chain: Map<string, ChainPayment> = new Map()): FakeLeader {
  const usedNonces = new Set<string>();
  const usedTxs = new Set<string>();
  function enter(method: string, request: unknown) {
    leader.calls.push({ method, request });
    const fail = leader.failNext.get(method);
    leader.failNext.delete(method);
    fail?.();
  }

  function receiptFor(quote: PriceQuote) {
    const request = quote.request?.operation;
    const receipt = toBinary(
      ReceiptSchema,
      create(ReceiptSchema, {
        identifier: crypto.getRandomValues(new Uint8Array(16)),
        metadata: request?.case === "poolStatus" ? { operation: { case: "poolStatus", value: {} } } : {},
        expiresAt: timestampFromDate(new Date(Date.now() + 3600_000)),
      }),
    );
    return create(SignedReceiptSchema, { receipt, signature: SIGNATURE });
  }

  const transport = createRouterTransport((router) => {
    router.service(Payments, {
      async priceQuote(request: PriceQuoteRequest, context) {
        enter("PriceQuote", request);
        if (leader.stall) {
          await Promise.race([
            leader.stall,
            new Promise((_, reject) =>
              context.signal.addEventListener("abort", () => reject(context.signal.reason)),
            ),
          ]);
        }
        const quote = toBinary(
          PriceQuoteSchema,
          create(PriceQuoteSchema, {
            nonce: crypto.getRandomValues(new Uint8Array(32)),
            fees: { tokens: TOKENS, credits: CREDITS },
            request,
            expiresAt: timestampFromDate(leader.quoteExpiresAt),
          }),
        );
        // A length-delimited field 1 that claims five bytes and has none.
        const bytes = leader.corruptQuotes ? new Uint8Array([0x0a, 0x05]) : quote;
        return create(SignedQuoteSchema, { quote: bytes, signature: SIGNATURE });
      },

      paymentReceipt(request) {
        enter("PaymentReceipt", request);
        const quote = fromBinary(PriceQuoteSchema, request.signedQuote?.quote ?? new Uint8Array());
        const nonce = bytesToHex(quote.nonce);
        if (usedNonces.has(nonce)) throw new ConnectError("nonce already used", Code.FailedPrecondition);
        if (request.txHash === "") {
          if (leader.balance < (quote.fees?.credits ?? 0n)) {
            throw new ConnectError("not enough funds", Code.FailedPrecondition, undefined, [
              {
                desc: PreconditionFailureSchema,
                value: {
                  violations: [
                    {
                      type: "PAYMENT",
                      subject: "BALANCE",
                      description: "balance is not enough to cover for operation cost",
                    },
                  ],
                },
              },
            ]);
          }
          leader.balance -= quote.fees?.credits ?? 0n;
        } else {
          const payment = chain.get(request.txHash);
          if (payment === undefined) throw new ConnectError("transaction not found", Code.Unavailable);
          if (!bytesEqual(payment.resource, quote.nonce)) {
            throw new ConnectError("nonce in payment doens't match nonce in quote", Code.InvalidArgument);
          }
          if (payment.amount < (quote.fees?.tokens ?? 0n)) {
            throw new ConnectError("insufficient payment", Code.InvalidArgument);
          }
        }
        usedNonces.add(nonce);
        return receiptFor(quote);
      },

      paymentsConfig(request) {
        enter("PaymentsConfig", request);
        return create(PaymentsConfigResponseSchema, {
          minimumAddFundsPayment: MINIMUM_ADD_FUNDS,
          creditsPerNil: CREDITS_PER_NIL,
        });
      },

      accountBalance(request) {
        enter("AccountBalance", request);
        return create(AccountBalanceResponseSchema, {
          balance: leader.balance,
          lastUpdated: timestampFromDate(new Date(Date.UTC(2025, 0, 1))),
          expiresAt: timestampFromDate(new Date(Date.UTC(2026, 0, 1))),
        });
      },

      addFunds(request) {
        enter("AddFunds", request);
        const payload = fromBinary(AddFundsPayloadSchema, request.payload);
        if (payload.nonce.length !== 32 || payload.recipient?.contents.length !== 20) {
          throw new ConnectError("invalid payload", Code.InvalidArgument);
        }
        const payment = chain.get(request.txHash);
        if (payment === undefined) throw new ConnectError("transaction not found", Code.Unavailable);
        if (!bytesEqual(payment.resource, sha256(request.payload))) {
          throw new ConnectError("hash in payment does not match hash of payload", Code.InvalidArgument);
        }
        if (usedTxs.has(request.txHash)) {
          throw new ConnectError("payment transaction has already been processed", Code.InvalidArgument);
        }
        usedTxs.add(request.txHash);
        leader.balance += (payment.amount * CREDITS_PER_NIL + 999_999n) / 1_000_000n;
        return {};
      },
    });
  });
  const leader: FakeLeader = {
    transport,
    calls: [],
    balance: 0n,
    quoteExpiresAt: new Date(Date.now() + 24 * 3600 * 1000),
    failNext: new Map(),
    stall: undefined,
    corruptQuotes: false,
  };
  return leader;
}
