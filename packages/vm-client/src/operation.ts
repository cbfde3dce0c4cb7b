import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Quote } from "@nillion/payments";
import type { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { CallOptions } from "./call-options.js";
import { type CallEnvironment, callNode } from "./node-call.js";
import type { Session } from "./session.js";

/**
 * An operation the network charges for. `invoke()` quotes, pays and runs it in one go; `quote()` shows
 * the price first and lets you pay and run it yourself.
 *
 * @example
 * ```ts
 * const operation = client.retrieveValues(id);
 * const quoted = await operation.quote();
 * console.log(`costs ${quoted.quote.tokens} unil or ${quoted.quote.credits} credits`);
 * const values = await quoted.invoke();
 * ```
 */
export interface PayableOperation<T> {
  /** The operation's name, e.g. `"storeValues"`. */
  readonly name: string;
  /** Asks the leader for a price. Nothing is paid. */
  quote(options?: CallOptions): Promise<QuotedOperation<T>>;
  /**
   * Quotes, pays (from the balance, or on chain) and runs the operation. A quote too close to its expiry
   * to be paid on chain is replaced by a fresh one rather than paid.
   */
  invoke(options?: CallOptions): Promise<T>;
}

/**
 * An operation with a price.
 *
 * @example
 * ```ts
 * const quoted = await client.poolStatus().quote();
 * if (quoted.quote.tokens < 2_000_000n) await quoted.invoke();
 * ```
 */
export interface QuotedOperation<T> {
  readonly name: string;
  /** The leader's signed quote and its decoded price; it expires at `quote.expiresAt`. */
  readonly quote: Quote;
  /**
   * Pays for the quote and returns the operation with its receipt, ready to run. A quote too close to its
   * expiry to be paid on chain is refused with a `PaymentError` before anything is paid: quote again.
   */
  pay(options?: CallOptions): Promise<PaidOperation<T>>;
  /** Pays, as {@link QuotedOperation.pay} does, and runs the operation. */
  invoke(options?: CallOptions): Promise<T>;
}

/**
 * An operation paid for: its receipt is good for one run.
 *
 * @example
 * ```ts
 * const paid = await (await client.poolStatus().quote()).pay();
 * const status = await paid.invoke();
 * ```
 */
export interface PaidOperation<T> {
  readonly name: string;
  /** The leader's receipt; every node accepts it once. */
  readonly receipt: SignedReceipt;
  /** Runs the operation with the receipt. */
  invoke(options?: CallOptions): Promise<T>;
}

/**
 * An operation the network does not charge for.
 *
 * @example
 * ```ts
 * await client.deleteValues(id).invoke();
 * ```
 */
export interface FreeOperation<T> {
  readonly name: string;
  invoke(options?: CallOptions): Promise<T>;
}

/** What a payable operation is made of. */
export interface OperationSpec<T> {
  readonly name: string;
  /** The quote request; it throws for unusable arguments, before anything is asked or paid. */
  quoteRequest(): MessageInitShape<typeof PriceQuoteRequestSchema>;
  /** Runs the operation with a receipt. */
  run(receipt: SignedReceipt, environment: CallEnvironment): Promise<T>;
}

/** A payable operation over `session`. */
export function payableOperation<T>(session: Session, spec: OperationSpec<T>): PayableOperation<T> {
  return {
    name: spec.name,
    async quote(options) {
      const environment = session.environment(spec.name, options);
      return quotedOperation(session, spec, await requestQuote(session, environment, spec));
    },
    async invoke(options) {
      const environment = session.environment(spec.name, options);
      // Nobody sees this quote's price, so a fresh one may take its place.
      const freshQuote = () => requestQuote(session, environment, spec);
      return spec.run(await pay(session, environment, await freshQuote(), freshQuote), environment);
    },
  };
}

/** A free operation over `session`. */
export function freeOperation<T>(
  session: Session,
  name: string,
  run: (environment: CallEnvironment) => Promise<T>,
): FreeOperation<T> {
  return { name, invoke: (options) => Promise.resolve().then(() => run(session.environment(name, options))) };
}

function quotedOperation<T>(session: Session, spec: OperationSpec<T>, quote: Quote): QuotedOperation<T> {
  return {
    name: spec.name,
    quote,
    async pay(options) {
      const receipt = await pay(session, session.environment(spec.name, options), quote);
      return paidOperation(session, spec, receipt);
    },
    async invoke(options) {
      const environment = session.environment(spec.name, options);
      return spec.run(await pay(session, environment, quote), environment);
    },
  };
}

function paidOperation<T>(
  session: Session,
  spec: OperationSpec<T>,
  receipt: SignedReceipt,
): PaidOperation<T> {
  return {
    name: spec.name,
    receipt,
    invoke: async (options) => spec.run(receipt, session.environment(spec.name, options)),
  };
}

/** Asks the leader for the price of `spec`; quotes are free and single-use, so asking again is safe. */
export function requestQuote(
  session: Session,
  environment: CallEnvironment,
  spec: Pick<OperationSpec<unknown>, "quoteRequest">,
): Promise<Quote> {
  const request = spec.quoteRequest();
  return callNode(
    environment,
    { node: session.leader.node.grpcEndpoint, method: "Payments/PriceQuote" },
    "idempotent",
    (options) => session.payments.requestQuote(request, options),
  );
}

/**
 * Pays for `quote`. Never repeated: a payment that failed may still have been made on chain, and a
 * receipt request consumes the quote.
 *
 * @param renewQuote for a quote the client asked for itself: a fresh quote, paid instead of one that
 *   expires too soon to be paid on chain
 */
export function pay(
  session: Session,
  environment: CallEnvironment,
  quote: Quote,
  renewQuote?: () => Promise<Quote>,
): Promise<SignedReceipt> {
  return callNode(
    environment,
    { node: session.leader.node.grpcEndpoint, method: "Payments/PaymentReceipt" },
    "once",
    (options) => session.payments.pay(quote, renewQuote === undefined ? options : { ...options, renewQuote }),
  );
}
