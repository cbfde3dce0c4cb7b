import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type CallOptions as ConnectCallOptions, createClient, type Transport } from "@connectrpc/connect";
import { fillRandom } from "@nillion/crypto";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import type { PriceQuoteRequestSchema, SignedQuote } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import {
  bytesToHex,
  InvalidArgumentError,
  isNillionError,
  isUserId,
  PaymentError,
  type UserId,
} from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { throwIfAborted } from "./abort.js";
import { chainPaymentMarginMs, RECEIPT_ALLOWANCE_MS } from "./chain-payment-margin.js";
import type { Payer } from "./payer.js";
import type { PaymentMode } from "./payment-mode.js";
import { openQuote, type Quote } from "./quote.js";
import { type PreconditionViolation, toNillionError } from "./rpc-error.js";

/**
 * Per-call options of the {@link PaymentsClient} methods.
 *
 * @example
 * ```ts
 * import type { CallOptions } from "@nillion/payments";
 *
 * const options: CallOptions = { signal: controller.signal, timeoutMs: 10_000 };
 * ```
 */
export interface CallOptions {
  /** Cancels the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Deadline of each RPC to the leader (not of the chain payment), in milliseconds. */
  readonly timeoutMs?: number;
}

/**
 * Options of {@link PaymentsClient.pay}.
 *
 * @example
 * ```ts
 * // The caller asked for the quote itself, a moment ago, and showed its price to no one.
 * const quote = await payments.requestQuote(request);
 * const receipt = await payments.pay(quote, { renewQuote: () => payments.requestQuote(request) });
 * ```
 */
export interface PayOptions extends CallOptions {
  /**
   * Asks the leader for a new quote of the same request. Pass it only for a quote nobody has agreed to
   * the price of: one too close to its expiry to be paid on chain (see `chainPaymentMarginMs`) is then
   * replaced, once, by the quote this returns, instead of refused.
   */
  readonly renewQuote?: () => Promise<Quote>;
}

/**
 * Options of {@link createPaymentsClient}.
 *
 * @example
 * ```ts
 * import type { PaymentsClientOptions } from "@nillion/payments";
 *
 * const options: PaymentsClientOptions = { transport, payer, mode: "balance", leader: "http://127.0.0.1:37939" };
 * ```
 */
export interface PaymentsClientOptions {
  /** A connect-es transport to the cluster leader, already adding the caller's auth token. */
  readonly transport: Transport;
  /** Pays on nilchain; needed for per-operation payments, the balance fallback and `addFunds`. */
  readonly payer?: Payer;
  /** Default `"balance"`; choose it only for a leader that supports it (see `balanceSupported`). */
  readonly mode?: PaymentMode;
  /** The leader's endpoint, named in errors. */
  readonly leader?: string;
  /** The caller's user id: who `addFunds` credits when no recipient is given. */
  readonly userId?: UserId;
}

/**
 * The leader's payment settings.
 *
 * @example
 * ```ts
 * import type { PaymentsConfig } from "@nillion/payments";
 *
 * const { minimumAddFundsPayment }: PaymentsConfig = await payments.paymentsConfig();
 * ```
 */
export interface PaymentsConfig {
  /** The smallest `addFunds` payment the leader accepts, in unil. */
  readonly minimumAddFundsPayment: bigint;
  /** Credits granted per NIL added to a balance (the NIL price in US cents). */
  readonly creditsPerNil: bigint;
}

/**
 * The caller's prepaid balance.
 *
 * @example
 * ```ts
 * import type { AccountBalance } from "@nillion/payments";
 *
 * const { balance, expiresAt }: AccountBalance = await payments.accountBalance();
 * ```
 */
export interface AccountBalance {
  /** Credits (1 credit = 1 US cent), although the proto comment says unil. */
  readonly balance: bigint;
  /** Last change of the balance; the Unix epoch if it was never funded. */
  readonly lastUpdated: Date;
  /** When the remaining balance lapses. */
  readonly expiresAt: Date;
}

/**
 * Quotes, receipts and balances, from the cluster leader's `Payments` service.
 *
 * @example
 * ```ts
 * const quote = await payments.requestQuote({ operation: { case: "poolStatus", value: {} } });
 * const receipt = await payments.pay(quote); // from the balance, or on chain
 * ```
 */
export interface PaymentsClient {
  /** The payment mode this client uses in {@link PaymentsClient.pay}. */
  readonly mode: PaymentMode;
  /** Asks the leader to price an operation. Never needs the payer. */
  requestQuote(
    request: MessageInitShape<typeof PriceQuoteRequestSchema>,
    options?: CallOptions,
  ): Promise<Quote>;
  /**
   * The receipt for a quote: paid by the chain transaction `txHash`, or from the caller's balance when
   * `txHash` is omitted. Sent once: a refused receipt request is never retried.
   */
  getPaymentReceipt(
    quote: Quote | SignedQuote,
    txHash?: string,
    options?: CallOptions,
  ): Promise<SignedReceipt>;
  /**
   * Pays for a quote as {@link PaymentsClient.mode} says (wire-protocol.md §4.5). In `"balance"` mode it
   * asks for a receipt from the balance, and only when the leader answers "not enough funds" pays the
   * SAME quote on chain (if there is a payer). In `"per-operation"` mode it pays on chain right away.
   *
   * A quote is paid on chain only while it has more than `chainPaymentMarginMs(payer)` left: the leader
   * checks the expiry after the payment, when asked for the receipt. With less, `pay` refuses before
   * paying, or, given `options.renewQuote`, pays a fresh quote instead.
   *
   * @throws {PaymentError} when the quote has too little time left (nothing is paid), or the payment is
   *   refused; after a chain payment, `details.txHash` names the transaction (and `details.quote` the
   *   quote, when it was renewed), so the receipt can be asked for again with
   *   {@link PaymentsClient.getPaymentReceipt}
   */
  pay(quote: Quote, options?: PayOptions): Promise<SignedReceipt>;
  /** The leader's payment settings. */
  paymentsConfig(options?: CallOptions): Promise<PaymentsConfig>;
  /** The caller's balance (the transport's auth token names the caller). */
  accountBalance(options?: CallOptions): Promise<AccountBalance>;
  /**
   * Adds `amountUnil` to a balance: pays it on chain for a fresh `AddFundsPayload{recipient, 32-byte
   * nonce}` (the resource is SHA-256 of the encoded payload) and has the leader credit it.
   *
   * @param recipient whose balance to credit (default: the client's `userId`)
   * @throws {InvalidArgumentError} below the leader's `minimumAddFundsPayment` (nothing is paid)
   * @throws {PaymentError} when the leader refuses the paid transaction (`details.txHash`, `details.payload`)
   */
  addFunds(amountUnil: bigint, recipient?: UserId, options?: CallOptions): Promise<void>;
}

const MODES: ReadonlySet<string> = new Set<PaymentMode>(["balance", "per-operation"]);

/**
 * A {@link PaymentsClient} over a transport to the cluster leader. Every failure is an SDK error (see
 * `toNillionError`), with the leader as `details.node`.
 *
 * @example
 * ```ts
 * import { createPaymentsClient, NilChainPayer } from "@nillion/payments";
 *
 * const payer = await NilChainPayer.connect(network, privateKeyHex);
 * const payments = createPaymentsClient({ transport: leaderTransport, payer, userId });
 * await payments.addFunds(20_000n); // 2 credits on the devnet
 * const quote = await payments.requestQuote({ operation: { case: "poolStatus", value: {} } });
 * const receipt = await payments.pay(quote);
 * ```
 */
export function createPaymentsClient(options: PaymentsClientOptions): PaymentsClient {
  const { payer, leader, userId } = options;
  if (typeof options.transport?.unary !== "function") {
    throw new InvalidArgumentError("options.transport must be a connect-es Transport to the leader", {
      argument: "options.transport",
    });
  }
  const mode = options.mode ?? "balance";
  if (!MODES.has(mode)) {
    throw new InvalidArgumentError(`options.mode must be "balance" or "per-operation", got ${String(mode)}`, {
      argument: "options.mode",
    });
  }
  if (userId !== undefined && !isUserId(userId)) {
    throw new InvalidArgumentError("options.userId must be a UserId", { argument: "options.userId" });
  }
  // A payer's inclusion wait that cannot be used fails here, not once a quote is to be paid.
  if (payer !== undefined) chainPaymentMarginMs(payer);
  const rpc = createClient(Payments, options.transport);

  async function call<T>(
    method: string,
    callOptions: CallOptions | undefined,
    run: (connectOptions: ConnectCallOptions) => Promise<T>,
  ): Promise<T> {
    const signal = callOptions?.signal;
    throwIfAborted(signal);
    try {
      return await run({
        ...(signal === undefined ? {} : { signal }),
        ...(callOptions?.timeoutMs === undefined ? {} : { timeoutMs: callOptions.timeoutMs }),
      });
    } catch (error) {
      throw toNillionError(error, {
        method,
        ...(leader === undefined ? {} : { node: leader }),
        ...(signal === undefined ? {} : { signal }),
      });
    }
  }

  function requirePayer(purpose: string): Payer {
    if (payer === undefined) {
      throw new InvalidArgumentError(`${purpose} needs a payer: pass options.payer to createPaymentsClient`, {
        argument: "options.payer",
      });
    }
    return payer;
  }

  /** Runs the leader call that turns a chain payment into what was paid for; names the tx if it fails. */
  async function afterPayment<T>(
    txHash: string,
    extra: Record<string, unknown>,
    signal: AbortSignal | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (signal?.aborted || !isNillionError(error)) throw error;
      throw new PaymentError(`paid in tx ${txHash}, but ${error.message}`, {
        cause: error,
        details: { txHash, ...extra },
      });
    }
  }

  const getPaymentReceipt: PaymentsClient["getPaymentReceipt"] = async (quote, txHash, callOptions) => {
    if (txHash !== undefined && typeof txHash !== "string") {
      throw new InvalidArgumentError("txHash must be a hex string", { argument: "txHash" });
    }
    const signedQuote = signedQuoteOf(quote);
    return call("PaymentReceipt", callOptions, (connectOptions) =>
      rpc.paymentReceipt({ signedQuote, txHash: txHash ?? "" }, connectOptions),
    );
  };

  async function payOnChain(quote: Quote, options: PayOptions | undefined): Promise<SignedReceipt> {
    const chainPayer = requirePayer("paying on chain");
    const margin = { marginMs: chainPaymentMarginMs(chainPayer), payer: chainPayer };
    let payable = quote;
    if (!leavesTimeToPay(payable, margin.marginMs)) {
      if (options?.renewQuote === undefined) throw tooLateToPay(payable, margin);
      payable = await options.renewQuote();
      if (typeof payable !== "object" || payable === null || !("signed" in payable)) {
        throw new InvalidArgumentError("options.renewQuote must resolve to a Quote from requestQuote", {
          argument: "options.renewQuote",
        });
      }
      if (!leavesTimeToPay(payable, margin.marginMs)) throw renewedTooShort(payable, margin);
    }
    const signal = options?.signal;
    const txHash = await chainPayer.submitPayment(
      payable.tokens,
      payable.quote.nonce,
      signal ? { signal } : {},
    );
    // A renewed quote is known to no one else: the error must carry it for the receipt to be claimed.
    const extra = payable === quote ? {} : { quote: payable };
    return afterPayment(txHash, extra, signal, () => getPaymentReceipt(payable, txHash, options));
  }

  const paymentsConfig: PaymentsClient["paymentsConfig"] = async (callOptions) => {
    const config = await call("PaymentsConfig", callOptions, (connectOptions) =>
      rpc.paymentsConfig({}, connectOptions),
    );
    return { minimumAddFundsPayment: config.minimumAddFundsPayment, creditsPerNil: config.creditsPerNil };
  };

  return {
    mode,

    async requestQuote(request, callOptions) {
      const signed = await call("PriceQuote", callOptions, (connectOptions) =>
        rpc.priceQuote(request, connectOptions),
      );
      return openQuote(signed);
    },

    getPaymentReceipt,

    async pay(quote, payOptions) {
      if (typeof quote !== "object" || quote === null || !("signed" in quote)) {
        throw new InvalidArgumentError("quote must be a Quote from requestQuote", { argument: "quote" });
      }
      const renewQuote = payOptions?.renewQuote;
      if (renewQuote !== undefined && typeof renewQuote !== "function") {
        throw new InvalidArgumentError(
          `options.renewQuote must be a function that returns a new Quote, got ${typeof renewQuote}`,
          { argument: "options.renewQuote" },
        );
      }
      if (mode === "per-operation") return payOnChain(quote, payOptions);
      try {
        return await getPaymentReceipt(quote, undefined, payOptions);
      } catch (error) {
        // The leader takes the credits and claims the quote in one step, so after "not enough funds" the
        // quote is still unpaid; any other failure may have consumed it and is not retried.
        if (payer === undefined || !isOutOfFunds(error)) throw error;
      }
      return payOnChain(quote, payOptions);
    },

    paymentsConfig,

    async accountBalance(callOptions) {
      const response = await call("AccountBalance", callOptions, (connectOptions) =>
        rpc.accountBalance({}, connectOptions),
      );
      const epoch = new Date(0);
      return {
        balance: response.balance,
        lastUpdated: response.lastUpdated ? timestampDate(response.lastUpdated) : epoch,
        expiresAt: response.expiresAt ? timestampDate(response.expiresAt) : epoch,
      };
    },

    async addFunds(amountUnil, recipient = userId, callOptions) {
      if (typeof amountUnil !== "bigint" || amountUnil <= 0n) {
        throw new InvalidArgumentError(`amountUnil must be a positive bigint, got ${String(amountUnil)}`, {
          argument: "amountUnil",
        });
      }
      if (recipient === undefined) {
        throw new InvalidArgumentError("addFunds needs a recipient, or options.userId on the client", {
          argument: "recipient",
        });
      }
      if (!isUserId(recipient)) {
        throw new InvalidArgumentError("recipient must be a UserId", { argument: "recipient" });
      }
      const chainPayer = requirePayer("addFunds");
      const { minimumAddFundsPayment } = await paymentsConfig(callOptions);
      if (amountUnil < minimumAddFundsPayment) {
        throw new InvalidArgumentError(
          `amountUnil is ${amountUnil}, below the leader's minimum add-funds payment of ${minimumAddFundsPayment} unil`,
          { argument: "amountUnil", details: { minimum: minimumAddFundsPayment, amount: amountUnil } },
        );
      }
      const payload = toBinary(
        AddFundsPayloadSchema,
        create(AddFundsPayloadSchema, {
          recipient: { contents: recipient.bytes },
          nonce: fillRandom(new Uint8Array(32)),
        }),
      );
      const signal = callOptions?.signal;
      const txHash = await chainPayer.submitPayment(amountUnil, sha256(payload), signal ? { signal } : {});
      await afterPayment(txHash, { payload: bytesToHex(payload) }, signal, () =>
        call("AddFunds", callOptions, (connectOptions) => rpc.addFunds({ payload, txHash }, connectOptions)),
      );
    },
  };
}

/** Whether `quote` outlives a chain payment started now. */
function leavesTimeToPay(quote: Quote, marginMs: number): boolean {
  return quote.expiresAt.getTime() - Date.now() > marginMs;
}

interface Margin {
  readonly marginMs: number;
  readonly payer: Payer;
}

/** How the margin is made up, in the words of an error message. */
function describeMargin({ marginMs, payer }: Margin): string {
  const inclusionMs = marginMs - RECEIPT_ALLOWANCE_MS;
  const source = payer.inclusionTimeoutMs === undefined ? "the default" : "the payer's";
  return `up to ${seconds(marginMs)} s (${source} ${seconds(inclusionMs)} s wait for inclusion, and ${seconds(RECEIPT_ALLOWANCE_MS)} s to broadcast and get the receipt)`;
}

/** The refusal of a quote someone chose to pay, too close to its expiry for a chain payment. */
function tooLateToPay(quote: Quote, margin: Margin): PaymentError {
  const remainingMs = quote.expiresAt.getTime() - Date.now();
  const expiresAt = quote.expiresAt.toISOString();
  if (remainingMs <= 0) {
    return new PaymentError(`the quote expired at ${expiresAt}; request a new one instead of paying for it`, {
      details: { expiresAt: quote.expiresAt, marginMs: margin.marginMs },
    });
  }
  return new PaymentError(
    `the quote expires at ${expiresAt}, in ${seconds(remainingMs)} s, but a chain payment may take ${describeMargin(margin)} and the leader checks the expiry after it; nothing was paid: request a new quote`,
    { details: { expiresAt: quote.expiresAt, remainingMs, marginMs: margin.marginMs } },
  );
}

/** The refusal of a fresh quote that is already too short-lived: the leader's quotes are. */
function renewedTooShort(quote: Quote, margin: Margin): PaymentError {
  const remainingMs = quote.expiresAt.getTime() - Date.now();
  return new PaymentError(
    `the leader's new quote expires in ${seconds(remainingMs)} s, sooner than a chain payment may take (${describeMargin(margin)}); nothing was paid: its quotes live too briefly for this payer, whose wait for inclusion (NilChainPayer's queryTimeoutSeconds) would have to be shorter`,
    { details: { expiresAt: quote.expiresAt, remainingMs, marginMs: margin.marginMs } },
  );
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function signedQuoteOf(quote: Quote | SignedQuote): SignedQuote {
  if (typeof quote !== "object" || quote === null) {
    throw new InvalidArgumentError("quote must be a Quote from requestQuote, or a SignedQuote", {
      argument: "quote",
    });
  }
  return "signed" in quote ? quote.signed : quote;
}

/** The leader's "not enough funds" refusal of a balance payment (by its detail or, failing that, its text). */
function isOutOfFunds(error: unknown): boolean {
  if (!(error instanceof PaymentError) || error.details?.["grpcCode"] !== "failed_precondition") return false;
  const violations = (
    error.details["preconditionFailure"] as { violations?: PreconditionViolation[] } | undefined
  )?.violations;
  return (
    error.details["rawMessage"] === "not enough funds" ||
    (violations ?? []).some((violation) => violation.type === "PAYMENT" && violation.subject === "BALANCE")
  );
}
