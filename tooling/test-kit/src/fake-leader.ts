// The cluster leader's `nillion.payments.v1.Payments` service in memory, with the devnet's rules, refusal
// texts and order of checks (packages/devnet/src/node/payments/: payments-service.ts, quotes.ts,
// receipts.ts, chain-payments.ts). Left out on purpose: signatures (quotes and receipts carry fixed bytes
// and nothing verifies them), the leader key an add-funds payload may name, balance expiry, and the
// preprocessing a compute receipt reserves.
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  Code,
  ConnectError,
  createRouterTransport,
  type HandlerContext,
  type ServiceImpl,
  type Transport,
} from "@connectrpc/connect";
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import {
  AccountBalanceResponseSchema,
  type AddFundsPayload,
  AddFundsPayloadSchema,
} from "@nillion/proto/nillion/payments/v1/balance";
import { PaymentsConfigResponseSchema } from "@nillion/proto/nillion/payments/v1/config";
import {
  type PriceQuote,
  type PriceQuoteRequest,
  PriceQuoteSchema,
  type SignedQuote,
  SignedQuoteSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import {
  type OperationMetadataSchema,
  ReceiptSchema,
  type SignedReceipt,
  SignedReceiptSchema,
} from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { bytesEqual, bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { CREDITS_PER_NIL, creditsFor, LIFETIMES, MINIMUM_ADD_FUNDS_UNIL, PRICE } from "./devnet-prices.js";
import type { ChainPayment, FakeChain } from "./fake-payer.js";

/** The methods of the Payments service, as calls are recorded. */
export type PaymentsMethod =
  | "PriceQuote"
  | "PaymentReceipt"
  | "PaymentsConfig"
  | "AccountBalance"
  | "AddFunds";

/** One call the leader received. */
export interface LeaderCall {
  readonly method: PaymentsMethod;
  readonly request: unknown;
}

/**
 * Options of {@link FakeLeader}.
 *
 * @example
 * ```ts
 * const leader = new FakeLeader({ chain: payer, caller: user.toHex() });
 * ```
 */
export interface FakeLeaderOptions {
  /** Where chain payments are looked up. */
  readonly chain: FakeChain;
  /** The leader's clock. Default: the system clock. */
  readonly now?: () => Date;
  /**
   * Authenticates a call: returns the caller's user id (hex), or undefined for an anonymous call. It runs
   * first in every method, so it may also record the call or throw to fail it. Default: `caller`.
   */
  readonly enter?: (method: PaymentsMethod, request: unknown, context: HandlerContext) => string | undefined;
  /** Who calls when there is no `enter` (hex). Default: nobody, every call is anonymous. */
  readonly caller?: string;
}

/** The bytes quotes and receipts carry where the leader's signature goes. */
export const FAKE_SIGNATURE = new Uint8Array(64).fill(9);

/** The largest payload a node accepts: a quote for more is refused. */
const MAX_PAYLOAD_SIZE = 6n * 1024n * 1024n;

/**
 * The leader's Payments service over a {@link FakeChain}: quotes at the devnet's prices, receipts paid from
 * a balance or by a chain payment (one per quote), add-funds, balances and the payments config.
 *
 * @example
 * ```ts
 * const payer = new FakePayer();
 * const leader = new FakeLeader({ chain: payer, caller: userId.toHex() });
 * const payments = createPaymentsClient({ transport: leader.transport(), payer });
 * leader.balances.set(userId.toHex(), 100n);
 * ```
 */
export class FakeLeader {
  /** The service, to register on a router beside other services. */
  readonly service: ServiceImpl<typeof Payments>;
  /** Every call, in order, before any check. */
  readonly calls: LeaderCall[] = [];
  /** Replaces the next call of a method: throw to fail it. */
  readonly failNext = new Map<PaymentsMethod, () => never>();
  /** Credits per user (hex). */
  readonly balances = new Map<string, bigint>();
  /** Lifetime in milliseconds of the `index`-th quote issued (from 0). Default: 24 hours, as on the devnet. */
  quoteLifetimeMs: (index: number) => number = () => LIFETIMES.quoteMs;
  /** When set, PriceQuote waits for it (or for the call's abort). */
  stall: Promise<void> | undefined;
  /** When true, PriceQuote answers with quote bytes that do not decode. */
  corruptQuotes = false;
  readonly #chain: FakeChain;
  readonly #now: () => Date;
  readonly #authenticate: (
    method: PaymentsMethod,
    request: unknown,
    context: HandlerContext,
  ) => string | undefined;
  readonly #lastUpdated = new Map<string, Date>();
  // Single-use markers: quote nonces (hex), add-funds transaction hashes (lower case).
  readonly #claimedQuotes = new Set<string>();
  readonly #claimedTxs = new Set<string>();
  #quotesIssued = 0;

  constructor(options: FakeLeaderOptions) {
    this.#chain = options.chain;
    this.#now = options.now ?? (() => new Date());
    this.#authenticate = options.enter ?? (() => options.caller);
    this.service = this.#service();
  }

  /** An in-memory transport to this leader alone. */
  transport(): Transport {
    return createRouterTransport((router) => {
      router.service(Payments, this.service);
    });
  }

  #enter(method: PaymentsMethod, request: unknown, context: HandlerContext): string | undefined {
    this.calls.push({ method, request });
    const fail = this.failNext.get(method);
    this.failNext.delete(method);
    fail?.();
    return this.#authenticate(method, request, context);
  }

  #service(): ServiceImpl<typeof Payments> {
    return {
      priceQuote: async (request, context) => {
        this.#enter("PriceQuote", request, context);
        if (this.stall) await untilAborted(this.stall, context.signal);
        return this.#quote(request);
      },

      paymentReceipt: (request, context) => {
        const caller = this.#enter("PaymentReceipt", request, context);
        const quote = openQuote(request.signedQuote);
        const clock = this.#now();
        // Expired quotes are refused before anything is charged, on both paths (the reference skips the
        // check for a balance payment; the devnet does not).
        const expiresAt = quote.expiresAt ? timestampDate(quote.expiresAt) : new Date(0);
        if (expiresAt < clock) throw new ConnectError("quote expired", Code.FailedPrecondition);
        const nonce = bytesToHex(quote.nonce);
        const fees = { credits: quote.fees?.credits ?? 0n, tokens: quote.fees?.tokens ?? 0n };
        if (request.txHash === "") {
          if (caller === undefined) throw permissionsDenied();
          if (this.#claimedQuotes.has(nonce)) throw nonceUsed();
          const balance = this.balances.get(caller) ?? 0n;
          if (balance < fees.credits) throw notEnoughFunds();
          this.#claimedQuotes.add(nonce);
          this.balances.set(caller, balance - fees.credits);
          this.#lastUpdated.set(caller, clock);
        } else {
          const payment = this.#payment(request.txHash);
          if (!bytesEqual(payment.resource, quote.nonce)) {
            // The node's text, typo included: clients match on it.
            throw new ConnectError("nonce in payment doens't match nonce in quote", Code.InvalidArgument);
          }
          if (payment.amount < fees.tokens)
            throw new ConnectError("insufficient payment", Code.InvalidArgument);
          if (this.#claimedQuotes.has(nonce)) throw nonceUsed();
          this.#claimedQuotes.add(nonce);
        }
        return receiptFor(quote, clock);
      },

      paymentsConfig: (request, context) => {
        this.#enter("PaymentsConfig", request, context);
        return create(PaymentsConfigResponseSchema, {
          minimumAddFundsPayment: MINIMUM_ADD_FUNDS_UNIL,
          creditsPerNil: CREDITS_PER_NIL,
        });
      },

      accountBalance: (request, context) => {
        const caller = this.#enter("AccountBalance", request, context);
        if (caller === undefined) throw permissionsDenied();
        const lastUpdated = this.#lastUpdated.get(caller) ?? new Date(0);
        return create(AccountBalanceResponseSchema, {
          balance: this.balances.get(caller) ?? 0n,
          lastUpdated: timestampFromDate(lastUpdated),
          expiresAt: timestampFromDate(new Date(lastUpdated.getTime() + LIFETIMES.balanceMs)),
        });
      },

      addFunds: (request, context) => {
        this.#enter("AddFunds", request, context);
        const payload = openAddFundsPayload(request.payload);
        const payment = this.#payment(request.txHash);
        if (!bytesEqual(payment.resource, sha256(request.payload))) {
          throw new ConnectError("hash in payment does not match hash of payload", Code.InvalidArgument);
        }
        // The leader accepts 90 % of its advertised minimum, as the reference does.
        if (payment.amount * 10n < MINIMUM_ADD_FUNDS_UNIL * 9n) {
          throw new ConnectError("payment is too small", Code.InvalidArgument);
        }
        const key = request.txHash.toLowerCase();
        if (this.#claimedTxs.has(key)) {
          throw new ConnectError("payment transaction has already been processed", Code.InvalidArgument);
        }
        this.#claimedTxs.add(key);
        const recipient = bytesToHex(payload.recipient?.contents ?? new Uint8Array());
        this.balances.set(recipient, (this.balances.get(recipient) ?? 0n) + creditsFor(payment.amount));
        this.#lastUpdated.set(recipient, this.#now());
        return {};
      },
    };
  }

  #quote(request: PriceQuoteRequest): SignedQuote {
    const operation = request.operation;
    if (operation.case === undefined) throw parsingError("'operation' not set");
    const payloadSize =
      operation.case === "storeValues"
        ? operation.value.payloadSize
        : operation.case === "invokeCompute"
          ? operation.value.valuesPayloadSize
          : 0n;
    if (payloadSize > MAX_PAYLOAD_SIZE) {
      throw new ConnectError(
        `payload size (${payloadSize}) exceeds maximum (${MAX_PAYLOAD_SIZE})`,
        Code.InvalidArgument,
      );
    }
    if (operation.case === "storeProgram" && !operation.value.metadata)
      throw parsingError("'metadata' not set");
    const lifetimeMs = this.quoteLifetimeMs(this.#quotesIssued++);
    const quote = toBinary(
      PriceQuoteSchema,
      create(PriceQuoteSchema, {
        nonce: crypto.getRandomValues(new Uint8Array(32)),
        fees: PRICE,
        request,
        expiresAt: timestampFromDate(new Date(this.#now().getTime() + lifetimeMs)),
      }),
    );
    // A length-delimited field 1 that claims five bytes and has none.
    const bytes = this.corruptQuotes ? new Uint8Array([0x0a, 0x05]) : quote;
    return create(SignedQuoteSchema, { quote: bytes, signature: FAKE_SIGNATURE });
  }

  /** The payment `txHash` names, as the leader reads it from the chain. */
  #payment(txHash: string): ChainPayment {
    // Text that is not 32 bytes of hex names no transaction.
    const payment = /^[0-9a-fA-F]{64}$/.test(txHash) ? this.#chain.transaction(txHash) : undefined;
    if (payment === undefined) throw new ConnectError("transaction not found", Code.Unavailable);
    if (payment.amount <= 0n) {
      throw new ConnectError(
        "invalid payment: expected exactly one positive amount in unil or nil",
        Code.InvalidArgument,
      );
    }
    return payment;
  }
}

function openQuote(signed: SignedQuote | undefined): PriceQuote {
  if (signed === undefined) throw parsingError("'signed_quote' not set");
  try {
    return fromBinary(PriceQuoteSchema, signed.quote);
  } catch (error) {
    throw parsingError((error as Error).message);
  }
}

function openAddFundsPayload(bytes: Uint8Array): AddFundsPayload {
  let payload: AddFundsPayload;
  try {
    payload = fromBinary(AddFundsPayloadSchema, bytes);
  } catch {
    throw new ConnectError("invalid payload", Code.InvalidArgument);
  }
  if (payload.nonce.length !== 32 || payload.recipient?.contents.length !== 20) {
    throw new ConnectError("invalid payload", Code.InvalidArgument);
  }
  return payload;
}

/** The receipt for a paid quote: its operation echoed (compute's wrapped), a fresh UUIDv4 identifier. */
function receiptFor(quote: PriceQuote, now: Date): SignedReceipt {
  const operation = quote.request?.operation;
  if (operation?.case === undefined) throw parsingError("'operation' not set");
  const metadata: MessageInitShape<typeof OperationMetadataSchema> = {
    operation:
      operation.case === "invokeCompute"
        ? { case: "invokeCompute", value: { quote: operation.value } }
        : // The other cases carry the same messages in the quote request and the receipt.
          (operation as NonNullable<MessageInitShape<typeof OperationMetadataSchema>["operation"]>),
  };
  const identifier = crypto.getRandomValues(new Uint8Array(16));
  identifier[6] = ((identifier[6] as number) & 0x0f) | 0x40; // version 4
  identifier[8] = ((identifier[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const receipt = toBinary(
    ReceiptSchema,
    create(ReceiptSchema, {
      identifier,
      metadata,
      expiresAt: timestampFromDate(new Date(now.getTime() + LIFETIMES.receiptMs)),
    }),
  );
  return create(SignedReceiptSchema, { receipt, signature: FAKE_SIGNATURE });
}

/** Waits for `gate`, or rejects with the call's abort reason. */
function untilAborted(gate: Promise<void>, signal: AbortSignal): Promise<void> {
  return Promise.race([
    gate,
    new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    }),
  ]);
}

function parsingError(reason: string): ConnectError {
  return new ConnectError(`protobuf parsing error: ${reason}`, Code.InvalidArgument);
}

function permissionsDenied(): ConnectError {
  return new ConnectError("permissions denied", Code.PermissionDenied);
}

function nonceUsed(): ConnectError {
  return new ConnectError("nonce already used", Code.FailedPrecondition);
}

/** The refusal a client answers with a chain payment: its text and detail are both matched on. */
function notEnoughFunds(): ConnectError {
  return new ConnectError("not enough funds", Code.FailedPrecondition, undefined, [
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
