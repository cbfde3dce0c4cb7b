// Errors as the Cosmos SDK reports them. Clients parse the ABCI code, codespace and log (cosmjs builds its
// BroadcastTxError from them, the Rust payer looks for "account sequence mismatch"), so the texts follow
// cosmos-sdk v0.50 `types/errors` and the `cosmossdk.io/errors` v1.0.x rules nilchain is built with.
import { SDK_CODESPACE } from "./params.js";

/** An error the SDK registers under a codespace and code. */
export interface RegisteredError {
  readonly codespace: string;
  readonly code: number;
  readonly description: string;
}

function register(code: number, description: string): RegisteredError {
  return Object.freeze({ codespace: SDK_CODESPACE, code, description });
}

/** The SDK's registered errors this chain can return (cosmos-sdk `types/errors/errors.go`). */
export const ERR = Object.freeze({
  txDecode: register(2, "tx parse error"),
  unauthorized: register(4, "unauthorized"),
  insufficientFunds: register(5, "insufficient funds"),
  unknownRequest: register(6, "unknown request"),
  invalidAddress: register(7, "invalid address"),
  invalidPubKey: register(8, "invalid pubkey"),
  unknownAddress: register(9, "unknown address"),
  invalidCoins: register(10, "invalid coins"),
  outOfGas: register(11, "out of gas"),
  memoTooLarge: register(12, "memo too large"),
  insufficientFee: register(13, "insufficient fee"),
  tooManySignatures: register(14, "maximum number of signatures exceeded"),
  noSignatures: register(15, "no signatures supplied"),
  invalidRequest: register(18, "invalid request"),
  txInMempoolCache: register(19, "tx already in mempool"),
  txTooLarge: register(21, "tx too large"),
  keyNotFound: register(22, "key not found"),
  invalidHeight: register(26, "invalid height"),
  txTimeoutHeight: register(30, "tx timeout height"),
  unknownExtensionOptions: register(31, "unknown extension options"),
  wrongSequence: register(32, "incorrect account sequence"),
  logic: register(35, "internal logic error"),
});

/** x/feegrant's "no allowance" error: no fee grant can exist on this chain. */
export const FEEGRANT_NOT_FOUND: RegisteredError = Object.freeze({
  codespace: "feegrant",
  code: 5,
  description: "fee-grant not found",
});

/**
 * A failure inside the state machine. `registered` is the SDK error at the root of the chain of wraps, or
 * undefined when the chain was broken by a plain Go error (`fmt.Errorf("…: %w")`), which the SDK's errors
 * v1 cannot see through: such a failure is reported as code 1, codespace `undefined`, log `internal`.
 */
export class SdkError extends Error {
  override name = "SdkError";

  constructor(
    message: string,
    readonly registered: RegisteredError | undefined,
  ) {
    super(message);
  }
}

/**
 * `errorsmod.Wrap(registered, text)`: the log reads `"<text>: <description>"` and keeps the code.
 *
 * @example
 * ```ts
 * sdkError(ERR.wrongSequence, "account sequence mismatch, expected 1, got 0").message;
 * // "account sequence mismatch, expected 1, got 0: incorrect account sequence"
 * ```
 */
export function sdkError(registered: RegisteredError, text?: string): SdkError {
  const message = text === undefined ? registered.description : `${text}: ${registered.description}`;
  return new SdkError(message, registered);
}

/** `errorsmod.Wrap(err, text)`: a prefix that keeps the code of `err`. */
export function wrapError(err: SdkError, text: string): SdkError {
  return new SdkError(`${text}: ${err.message}`, err.registered);
}

/** A plain Go error (`errors.New`, or `fmt.Errorf("<text>: %w", cause)`): it carries no ABCI code. */
export function plainError(text: string, cause?: SdkError): SdkError {
  return new SdkError(cause === undefined ? text : `${text}: ${cause.message}`, undefined);
}

/** What an ABCI response carries for a failure. */
export interface AbciFailure {
  readonly codespace: string;
  readonly code: number;
  readonly log: string;
}

/** `errorsmod.ABCIInfo(err, debug=false)`: uncoded errors are redacted. */
export function abciInfo(err: SdkError): AbciFailure {
  if (err.registered === undefined) return { codespace: "undefined", code: 1, log: "internal" };
  return { codespace: err.registered.codespace, code: err.registered.code, log: err.message };
}

/** gRPC status codes, numbered as on the wire. */
export const GrpcCode = Object.freeze({
  unknown: 2,
  invalidArgument: 3,
  notFound: 5,
  resourceExhausted: 8,
  failedPrecondition: 9,
  unimplemented: 12,
  internal: 13,
  unauthenticated: 16,
});

const GRPC_CODE_NAMES: Readonly<Record<number, string>> = {
  2: "Unknown",
  3: "InvalidArgument",
  5: "NotFound",
  8: "ResourceExhausted",
  9: "FailedPrecondition",
  12: "Unimplemented",
  13: "Internal",
  16: "Unauthenticated",
};

/** A query service answered with a gRPC status, as the SDK's query servers do (`status.Errorf`). */
export class GrpcStatusError extends Error {
  override name = "GrpcStatusError";

  constructor(
    readonly grpcCode: number,
    readonly details: string,
  ) {
    super(`rpc error: code = ${GRPC_CODE_NAMES[grpcCode] ?? `Code(${grpcCode})`} desc = ${details}`);
  }
}

/**
 * How baseapp reports a failed gRPC query inside `abci_query` (`gRPCErrorToSDKError` + `QueryResult`):
 * NotFound → 22, InvalidArgument/FailedPrecondition → 18, Unauthenticated → 4, other statuses → 6, and
 * an error without a status → 18. The log is the status text followed by the registered description.
 */
export function queryFailure(err: GrpcStatusError | SdkError): AbciFailure {
  if (err instanceof SdkError) return abciInfo(sdkError(ERR.invalidRequest, err.message));
  const registered =
    err.grpcCode === GrpcCode.notFound
      ? ERR.keyNotFound
      : err.grpcCode === GrpcCode.invalidArgument || err.grpcCode === GrpcCode.failedPrecondition
        ? ERR.invalidRequest
        : err.grpcCode === GrpcCode.unauthenticated
          ? ERR.unauthorized
          : ERR.unknownRequest;
  return abciInfo(sdkError(registered, err.message));
}
