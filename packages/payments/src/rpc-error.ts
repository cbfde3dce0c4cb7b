import { Code, ConnectError } from "@connectrpc/connect";
import {
  PreconditionFailureSchema,
  QuotaFailureSchema,
  RetryInfoSchema,
} from "@nillion/proto/google/rpc/error_details";
import {
  InternalError,
  InvalidArgumentError,
  isNillionError,
  type NillionError,
  NotFoundError,
  PaymentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
} from "@nillion/types";
import { abortReason } from "./abort.js";

/**
 * Where an RPC failure came from; it goes into the mapped error's `details` and message.
 *
 * @example
 * ```ts
 * import type { RpcFailureContext } from "@nillion/payments";
 *
 * const context: RpcFailureContext = { node: "http://127.0.0.1:37939", method: "PaymentReceipt", signal };
 * ```
 */
export interface RpcFailureContext {
  /** The node's gRPC endpoint or its id in hex. */
  readonly node?: string;
  /** The RPC, e.g. `"PaymentReceipt"`. */
  readonly method?: string;
  /**
   * The caller's signal. connect-es turns an abort into a CANCELED status and drops the reason; with the
   * signal at hand the reason is rethrown as it was given.
   */
  readonly signal?: AbortSignal;
}

/**
 * One violated precondition of a `google.rpc.PreconditionFailure`, e.g. the node's
 * `{ type: "PAYMENT", subject: "BALANCE" }` for "not enough funds".
 *
 * @example
 * ```ts
 * import type { PreconditionViolation } from "@nillion/payments";
 *
 * const outOfFunds = (v: PreconditionViolation) => v.type === "PAYMENT" && v.subject === "BALANCE";
 * ```
 */
export interface PreconditionViolation {
  readonly type: string;
  readonly subject: string;
  readonly description: string;
}

/**
 * One exceeded quota of a `google.rpc.QuotaFailure`, e.g. subject `"PREPROCESSING"` or `"REQUESTS"`.
 *
 * @example
 * ```ts
 * import type { QuotaViolation } from "@nillion/payments";
 *
 * const preprocessing = (v: QuotaViolation) => v.subject === "PREPROCESSING";
 * ```
 */
export interface QuotaViolation {
  readonly subject: string;
  readonly description: string;
}

/**
 * The google.rpc details a node attached to a failure (`grpc-status-details-bin`), as plain objects.
 *
 * @example
 * ```ts
 * import type { RpcErrorDetails } from "@nillion/payments";
 *
 * const wait = (details: RpcErrorDetails) => details.retryDelayMs ?? 1000;
 * ```
 */
export interface RpcErrorDetails {
  /** Every violation of every `PreconditionFailure` detail. */
  readonly preconditionFailure?: { readonly violations: readonly PreconditionViolation[] };
  /** Every violation of every `QuotaFailure` detail. */
  readonly quotaFailure?: { readonly violations: readonly QuotaViolation[] };
  /** `RetryInfo.retry_delay` in milliseconds. */
  readonly retryDelayMs?: number;
}

/**
 * Decodes the google.rpc details of a ConnectError (PreconditionFailure, QuotaFailure, RetryInfo).
 * Details of other types, and details that do not decode, are left out.
 *
 * @example
 * ```ts
 * import { rpcErrorDetails } from "@nillion/payments";
 *
 * const { preconditionFailure } = rpcErrorDetails(connectError);
 * preconditionFailure?.violations; // [{ type: "PAYMENT", subject: "BALANCE", description: "…" }]
 * ```
 */
export function rpcErrorDetails(error: ConnectError): RpcErrorDetails {
  const preconditions = error
    .findDetails(PreconditionFailureSchema)
    .flatMap((detail) =>
      detail.violations.map(({ type, subject, description }) => ({ type, subject, description })),
    );
  const quotas = error
    .findDetails(QuotaFailureSchema)
    .flatMap((detail) => detail.violations.map(({ subject, description }) => ({ subject, description })));
  const retryDelay = error.findDetails(RetryInfoSchema)[0]?.retryDelay;
  return {
    ...(preconditions.length > 0 ? { preconditionFailure: { violations: preconditions } } : {}),
    ...(quotas.length > 0 ? { quotaFailure: { violations: quotas } } : {}),
    ...(retryDelay
      ? { retryDelayMs: Number(retryDelay.seconds) * 1000 + Math.floor(retryDelay.nanos / 1e6) }
      : {}),
  };
}

// The node's refusals of a payment, whatever status code carries them (wire-protocol.md §4, §7.1; the
// typo in "doens't" is the node's). Matching on text is the only way: only "not enough funds" has a
// structured detail.
const PAYMENT_REFUSALS: ReadonlySet<string> = new Set([
  "not enough funds",
  "nonce already used",
  "quote expired",
  "insufficient payment",
  "nonce in payment doens't match nonce in quote",
  "payment is too small",
  "hash in payment does not match hash of payload",
  "payment transaction has already been processed",
  "invalid leader public key",
]);
// Refusals whose text carries specifics (the devnet names a failed or foreign transaction).
const PAYMENT_REFUSAL_PREFIXES = ["payment transaction ", "invalid payment"] as const;

// Node.js system errors that mean the peer could not be reached.
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/**
 * Maps an error thrown by a connect-es call to the SDK's error hierarchy, keeping the facts in `details`
 * (`grpcCode` as connect's snake_case name, `rawMessage`, `node`, `method`, and any
 * `preconditionFailure`, `quotaFailure`, `retryDelayMs`) and the ConnectError as `cause`. The message
 * reads `"<method> on <node> failed: <rawMessage>"`.
 *
 * | status | error |
 * | --- | --- |
 * | NOT_FOUND | `NotFoundError` |
 * | PERMISSION_DENIED | `PermissionDeniedError` |
 * | UNAUTHENTICATED | `UnauthenticatedError` |
 * | FAILED_PRECONDITION, INVALID_ARGUMENT with a payment refusal ("not enough funds", "nonce already used", "quote expired", "insufficient payment", …) or a PAYMENT precondition | `PaymentError` |
 * | other INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION, ALREADY_EXISTS | `InvalidArgumentError` (argument `"request"`) |
 * | RESOURCE_EXHAUSTED | `ResourceExhaustedError` |
 * | UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, CANCELED not caused by the caller, network failures | `UnavailableError` |
 * | INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED, anything else | `InternalError` |
 *
 * An SDK error is returned as it is. An abort by the caller comes back as the signal's reason (or the
 * `AbortError` itself), unchanged, so callers can tell cancellation from failure.
 *
 * @example
 * ```ts
 * import { toNillionError } from "@nillion/payments";
 *
 * try {
 *   await payments.paymentReceipt(request, { signal });
 * } catch (error) {
 *   throw toNillionError(error, { node: leaderUrl, method: "PaymentReceipt", signal });
 * }
 * ```
 */
export function toNillionError(error: unknown, context: RpcFailureContext = {}): NillionError | Error {
  if (context.signal?.aborted) return abortReason(context.signal);
  if (isNillionError(error) || isAbortError(error)) return error;
  const connectError = ConnectError.from(error);
  const rawMessage = connectError.rawMessage;
  const details = {
    grpcCode: codeName(connectError.code),
    rawMessage,
    ...(context.node === undefined ? {} : { node: context.node }),
    ...(context.method === undefined ? {} : { method: context.method }),
    ...rpcErrorDetails(connectError),
  };
  const message = `${context.method ?? "call"}${context.node === undefined ? "" : ` on ${context.node}`} failed: ${rawMessage}`;
  const options = { cause: connectError, details };
  switch (connectError.code) {
    case Code.NotFound:
      return new NotFoundError(message, options);
    case Code.PermissionDenied:
      return new PermissionDeniedError(message, options);
    case Code.Unauthenticated:
      return new UnauthenticatedError(message, options);
    case Code.ResourceExhausted:
      return new ResourceExhaustedError(message, options);
    case Code.FailedPrecondition:
    case Code.InvalidArgument:
      if (isPaymentRefusal(rawMessage, details.preconditionFailure?.violations)) {
        return new PaymentError(message, options);
      }
      return new InvalidArgumentError(message, { ...options, argument: "request" });
    case Code.OutOfRange:
    case Code.AlreadyExists:
      return new InvalidArgumentError(message, { ...options, argument: "request" });
    case Code.Unavailable:
    case Code.DeadlineExceeded:
    case Code.Aborted:
    case Code.Canceled:
      return new UnavailableError(message, options);
    default:
      return isNetworkFailure(connectError.cause)
        ? new UnavailableError(message, options)
        : new InternalError(message, options);
  }
}

function isPaymentRefusal(
  rawMessage: string,
  violations: readonly PreconditionViolation[] | undefined,
): boolean {
  return (
    PAYMENT_REFUSALS.has(rawMessage) ||
    PAYMENT_REFUSAL_PREFIXES.some((prefix) => rawMessage.startsWith(prefix)) ||
    (violations ?? []).some((violation) => violation.type === "PAYMENT")
  );
}

/** connect's snake_case name of a status code, e.g. `"failed_precondition"`. */
function codeName(code: Code): string {
  return (Code[code] ?? "unknown").replace(/(?<=[a-z])(?=[A-Z])/g, "_").toLowerCase();
}

function isAbortError(error: unknown): error is Error {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

// fetch rejects with a TypeError carrying one of these texts when the network fails; Node's undici adds
// the system error as its cause.
const FETCH_FAILURES: ReadonlySet<string> = new Set([
  "fetch failed",
  "Failed to fetch",
  "NetworkError when attempting to fetch resource.",
  "Load failed",
  "The Internet connection appears to be offline.",
]);

function isNetworkFailure(error: unknown): boolean {
  // Causes may form a loop; a network failure is never buried deep.
  let cause: unknown = error;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_ERROR_CODES.has(code)) return true;
    if (cause instanceof TypeError && FETCH_FAILURES.has(cause.message)) return true;
    cause = cause.cause;
  }
  return false;
}
