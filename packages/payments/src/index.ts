/**
 * @nillion/payments — Paying for operations: the Payer interface, NilChainPayer, quotes, receipts and balance mode.
 *
 * This entry point is the package's whole public API.
 *
 * @packageDocumentation
 */
export {
  chainPaymentMarginMs,
  DEFAULT_INCLUSION_TIMEOUT_MS,
  RECEIPT_ALLOWANCE_MS,
} from "./chain-payment-margin.js";
export { createPaymentsMessage } from "./create-payments-message.js";
export {
  MSG_PAY_FOR_TYPE_URL,
  type MsgPayForEncodeObject,
  msgPayForType,
} from "./msg-pay-for.js";
export {
  type ChainNetwork,
  NilChainPayer,
  type NilChainPayerOptions,
} from "./nil-chain-payer.js";
export type { Payer, SubmitPaymentOptions } from "./payer.js";
export { balanceSupported, type NodeVersionLike, type PaymentMode } from "./payment-mode.js";
export {
  type AccountBalance,
  type CallOptions,
  createPaymentsClient,
  type PaymentsClient,
  type PaymentsClientOptions,
  type PaymentsConfig,
  type PayOptions,
} from "./payments-client.js";
export type { Quote } from "./quote.js";
export {
  type PreconditionViolation,
  type QuotaViolation,
  type RpcErrorDetails,
  type RpcFailureContext,
  rpcErrorDetails,
  toNillionError,
} from "./rpc-error.js";
