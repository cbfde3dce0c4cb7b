import { fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type PriceQuote,
  type PriceQuoteRequestSchema,
  PriceQuoteSchema,
  type SignedQuote,
} from "@nillion/proto/nillion/payments/v1/quote";
import { ReceiptSchema, type SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { TokenHeaders } from "./actor.js";
import type { RawNode } from "./raw-node.js";

/** A quote as the leader signed it, and decoded. */
export interface Quoted {
  readonly signed: SignedQuote;
  readonly quote: PriceQuote;
  /** `fees.tokens`: what a chain payment must pay at least, in unil. */
  readonly unil: bigint;
  /** `fees.credits`: what a balance payment takes. */
  readonly credits: bigint;
}

type QuoteRequest = MessageInitShape<typeof PriceQuoteRequestSchema>;

/** Quote requests for the operations the suite pays for. */
export const quoteRequests = {
  storeValues: (publicValues = 1n): QuoteRequest => ({
    operation: {
      case: "storeValues",
      value: { publicValuesCount: publicValues, ttlDays: 1, payloadSize: 64n * publicValues },
    },
  }),
  retrieveValues: (valuesId: Uint8Array): QuoteRequest => ({
    operation: { case: "retrieveValues", value: { valuesId } },
  }),
  poolStatus: (): QuoteRequest => ({ operation: { case: "poolStatus", value: {} } }),
  invokeCompute: (programId: string): QuoteRequest => ({
    operation: { case: "invokeCompute", value: { programId, valuesPayloadSize: 0n } },
  }),
};

/** Asks the leader for a quote (free, no token needed). */
export async function requestQuote(leader: RawNode, request: QuoteRequest): Promise<Quoted> {
  const signed = await leader.payments.priceQuote(request);
  const quote = fromBinary(PriceQuoteSchema, signed.quote);
  return { signed, quote, unil: quote.fees?.tokens ?? 0n, credits: quote.fees?.credits ?? 0n };
}

/** `PaymentReceipt` with an empty tx hash: the credits come from the caller's balance. */
export function receiptFromBalance(
  leader: RawNode,
  quoted: Quoted,
  auth: TokenHeaders,
): Promise<SignedReceipt> {
  return leader.payments.paymentReceipt({ signedQuote: quoted.signed, txHash: "" }, auth);
}

/** `PaymentReceipt` for a quote paid on chain by `txHash` (no token needed). */
export function receiptOnChain(leader: RawNode, quoted: Quoted, txHash: string): Promise<SignedReceipt> {
  return leader.payments.paymentReceipt({ signedQuote: quoted.signed, txHash });
}

/** The 16-byte identifier of a receipt: the values id or compute id it creates. */
export function receiptIdentifier(receipt: SignedReceipt): Uint8Array {
  return fromBinary(ReceiptSchema, receipt.receipt).identifier;
}
