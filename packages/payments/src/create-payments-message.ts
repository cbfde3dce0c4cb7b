import { type MsgPayForEncodeObject, payForMessage } from "./msg-pay-for.js";
import type { Quote } from "./quote.js";

/**
 * The `MsgPayFor` that pays a quote on chain: its price in unil, for its nonce. The Python client's
 * `create_payments_message`; for a wallet stack of your own (a cosmjs `SigningStargateClient`, a wallet's
 * own transaction builder), which then hands the transaction hash to `PaymentsClient` as a `Payer` would.
 *
 * @throws {InvalidArgumentError} for an empty `payerAddress` or a quote without a price
 *
 * @example
 * ```ts
 * import { createPaymentsMessage } from "@nillion/payments";
 *
 * const message = createPaymentsMessage(quote, "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j");
 * // { typeUrl: "/nillion.meta.v1.MsgPayFor", value: { resource: quote.quote.nonce, amount: [...] } }
 * ```
 */
export function createPaymentsMessage(quote: Quote, payerAddress: string): MsgPayForEncodeObject {
  return payForMessage(quote.quote.nonce, payerAddress, quote.tokens);
}
