import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Quote } from "@nillion/payments";
import type { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { CallOptions } from "./call-options.js";
import type { CallEnvironment } from "./node-call.js";
import { type OperationSpec, pay, requestQuote } from "./operation.js";
import type { Session } from "./session.js";

/**
 * An operation made of several paid operations, each with its own quote and receipt (a node accepts a
 * receipt for one operation only). `invoke()` quotes, pays and runs them all; `quote()` shows every
 * price and their total first.
 *
 * @example
 * ```ts
 * const operation = client.thresholdPublicKey({ keyId, curve: "ecdsa" });
 * const quoted = await operation.quote();
 * console.log(`costs ${quoted.credits} credits in ${quoted.quotes.length} payments`);
 * const publicKey = await quoted.invoke();
 * ```
 */
export interface CompositeOperation<T> {
  /** The operation's name, e.g. `"thresholdPublicKey"`. */
  readonly name: string;
  /** Asks the leader for the price of every part. Nothing is paid. */
  quote(options?: CallOptions): Promise<QuotedCompositeOperation<T>>;
  /**
   * Quotes, pays every part one after the other (from the balance, or on chain) and runs the parts
   * together. A quote too close to its expiry to be paid on chain is replaced by a fresh one.
   */
  invoke(options?: CallOptions): Promise<T>;
}

/**
 * A composite operation with its prices.
 *
 * @example
 * ```ts
 * const quoted = await client.thresholdPublicKey({ keyId, curve: "ecdsa" }).quote();
 * if (quoted.tokens < 2_000_000n) await quoted.invoke();
 * ```
 */
export interface QuotedCompositeOperation<T> {
  readonly name: string;
  /** One quote per part, in the order the parts are paid. */
  readonly quotes: readonly Quote[];
  /** The total in unil when paid on chain. */
  readonly tokens: bigint;
  /** The total in credits when paid from a balance. */
  readonly credits: bigint;
  /** The earliest expiry of the quotes. */
  readonly expiresAt: Date;
  /**
   * Pays for every quote, one after the other. A quote too close to its expiry to be paid on chain is
   * refused with a `PaymentError` before it is paid; quotes paid before it stay paid and unused.
   */
  pay(options?: CallOptions): Promise<PaidCompositeOperation<T>>;
  /** Pays, as {@link QuotedCompositeOperation.pay} does, and runs the operation. */
  invoke(options?: CallOptions): Promise<T>;
}

/**
 * A composite operation paid for: each receipt is good for one run of its part.
 *
 * @example
 * ```ts
 * const paid = await (await client.thresholdPublicKey({ keyId, curve: "ecdsa" }).quote()).pay();
 * const publicKey = await paid.invoke();
 * ```
 */
export interface PaidCompositeOperation<T> {
  readonly name: string;
  /** One receipt per part, in the order of the quotes. */
  readonly receipts: readonly SignedReceipt[];
  /** Runs the parts, each with its receipt. */
  invoke(options?: CallOptions): Promise<T>;
}

/** The parts of a composite operation and what their results make. */
export interface CompositePlan<R, T> {
  readonly parts: readonly OperationSpec<R>[];
  /** The operation's result, from the parts' results in the order of `parts`; it may throw. */
  combine(results: readonly R[]): T;
}

/**
 * A composite operation over `session`.
 *
 * @param plan checks the caller's arguments and plans the parts; it runs once, when the operation is
 *   first quoted, and every part's quote request is made before any is sent, so a refusal comes before
 *   anything is asked or paid
 */
export function compositeOperation<R, T>(
  session: Session,
  name: string,
  plan: () => CompositePlan<R, T>,
): CompositeOperation<T> {
  let planned: { plan: CompositePlan<R, T>; requests: QuoteRequest[] } | undefined;
  const prepare = () => {
    if (planned === undefined) {
      const made = plan();
      planned = { plan: made, requests: made.parts.map((part) => part.quoteRequest()) };
    }
    return planned;
  };
  const quotes = (environment: CallEnvironment) =>
    allOf(prepare().requests.map((request) => quoteFor(session, environment, request)));
  const run = async (receipts: readonly SignedReceipt[], environment: CallEnvironment) => {
    const { parts, combine } = prepare().plan;
    return combine(
      await allOf(parts.map((part, index) => part.run(receipts[index] as SignedReceipt, environment))),
    );
  };
  const paid = (receipts: readonly SignedReceipt[]): PaidCompositeOperation<T> => ({
    name,
    receipts,
    invoke: (options) => run(receipts, session.environment(name, options)),
  });
  const quoted = (priced: readonly Quote[]): QuotedCompositeOperation<T> => ({
    name,
    quotes: priced,
    tokens: priced.reduce((sum, quote) => sum + quote.tokens, 0n),
    credits: priced.reduce((sum, quote) => sum + quote.credits, 0n),
    expiresAt: new Date(Math.min(...priced.map((quote) => quote.expiresAt.getTime()))),
    pay: async (options) => paid(await payAll(session, session.environment(name, options), priced)),
    async invoke(options) {
      const environment = session.environment(name, options);
      return run(await payAll(session, environment, priced), environment);
    },
  });
  return {
    name,
    quote: async (options) => quoted(await quotes(session.environment(name, options))),
    async invoke(options) {
      const environment = session.environment(name, options);
      const { requests } = prepare();
      // Nobody sees these prices, so a fresh quote may take the place of one that expires too soon.
      const renewals = requests.map((request) => () => quoteFor(session, environment, request));
      return run(await payAll(session, environment, await quotes(environment), renewals), environment);
    },
  };
}

type QuoteRequest = MessageInitShape<typeof PriceQuoteRequestSchema>;

function quoteFor(session: Session, environment: CallEnvironment, request: QuoteRequest): Promise<Quote> {
  return requestQuote(session, environment, { quoteRequest: () => request });
}

/** Pays the quotes one after the other: payments from one account must not race for its sequence. */
async function payAll(
  session: Session,
  environment: CallEnvironment,
  quotes: readonly Quote[],
  renewals?: readonly (() => Promise<Quote>)[],
): Promise<SignedReceipt[]> {
  const receipts: SignedReceipt[] = [];
  for (const [index, quote] of quotes.entries()) {
    receipts.push(await pay(session, environment, quote, renewals?.[index]));
  }
  return receipts;
}

/**
 * Waits for every promise, so that nothing is left running when this settles (a failed part does not
 * leave its sibling computing unobserved); rejects with the first failure in order.
 */
async function allOf<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((outcome) => {
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  });
}
