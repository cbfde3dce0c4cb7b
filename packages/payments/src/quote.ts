import { fromBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import {
  type PriceQuote,
  PriceQuoteSchema,
  type SignedQuote,
} from "@nillion/proto/nillion/payments/v1/quote";
import { InternalError } from "@nillion/types";

/**
 * A quote as the leader signed it, with its contents decoded.
 *
 * @example
 * ```ts
 * import type { Quote } from "@nillion/payments";
 *
 * const quote: Quote = await payments.requestQuote({ operation: { case: "poolStatus", value: {} } });
 * quote.tokens; // 1_000_000n unil on the devnet
 * quote.credits; // 100n credits
 * ```
 */
export interface Quote {
  /** The quote as signed by the leader: what a receipt request sends back. */
  readonly signed: SignedQuote;
  /** `signed.quote`, decoded. */
  readonly quote: PriceQuote;
  /** The price in unil when paid on chain (`fees.tokens`). */
  readonly tokens: bigint;
  /** The price in credits when paid from a balance (`fees.credits`). */
  readonly credits: bigint;
  /** After this instant the leader no longer accepts the quote for a chain payment. */
  readonly expiresAt: Date;
}

/** Decodes a signed quote; a quote that does not decode is the leader's fault. */
export function openQuote(signed: SignedQuote): Quote {
  let quote: PriceQuote;
  try {
    quote = fromBinary(PriceQuoteSchema, signed.quote);
  } catch (cause) {
    throw new InternalError("the leader's quote is not a valid PriceQuote", { cause });
  }
  return Object.freeze({
    signed,
    quote,
    tokens: quote.fees?.tokens ?? 0n,
    credits: quote.fees?.credits ?? 0n,
    expiresAt: quote.expiresAt === undefined ? new Date(0) : timestampDate(quote.expiresAt),
  });
}
