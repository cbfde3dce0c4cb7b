import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { rpcErrorDetails, toNillionError } from "@nillion/payments";
import {
  PreconditionFailureSchema,
  QuotaFailureSchema,
  RetryInfoSchema,
} from "@nillion/proto/google/rpc/error_details";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import {
  type ErrorCode,
  InternalError,
  InvalidArgumentError,
  type NillionError,
  NotFoundError,
  PaymentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

const NODE = "http://127.0.0.1:37939";
const METHOD = "PaymentsConfig";

/** What a client sees when the leader fails PaymentsConfig with `error` (through a real transport). */
async function received(error: ConnectError): Promise<unknown> {
  const transport = createRouterTransport((router) =>
    router.service(Payments, {
      paymentsConfig() {
        throw error;
      },
    }),
  );
  try {
    await createClient(Payments, transport).paymentsConfig({});
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call succeeded");
}

type ErrorClass = abstract new (...args: never[]) => NillionError;

const MAPPING: ReadonlyArray<readonly [Code, string, ErrorClass, ErrorCode]> = [
  [Code.NotFound, "value not found", NotFoundError, "NOT_FOUND"],
  [
    Code.PermissionDenied,
    "user does not have permissions for action",
    PermissionDeniedError,
    "PERMISSION_DENIED",
  ],
  [Code.Unauthenticated, "token expired", UnauthenticatedError, "UNAUTHENTICATED"],
  [
    Code.InvalidArgument,
    "receipt is not for a 'store values' operation",
    InvalidArgumentError,
    "INVALID_ARGUMENT",
  ],
  [Code.OutOfRange, "ttl_days is too high", InvalidArgumentError, "INVALID_ARGUMENT"],
  [Code.AlreadyExists, "already there", InvalidArgumentError, "INVALID_ARGUMENT"],
  [Code.FailedPrecondition, "entity already exists", InvalidArgumentError, "INVALID_ARGUMENT"],
  [Code.FailedPrecondition, "not enough funds", PaymentError, "PAYMENT"],
  [Code.FailedPrecondition, "nonce already used", PaymentError, "PAYMENT"],
  [Code.FailedPrecondition, "quote expired", PaymentError, "PAYMENT"],
  [Code.InvalidArgument, "insufficient payment", PaymentError, "PAYMENT"],
  [Code.InvalidArgument, "nonce in payment doens't match nonce in quote", PaymentError, "PAYMENT"],
  [Code.InvalidArgument, "payment is too small", PaymentError, "PAYMENT"],
  [Code.InvalidArgument, "hash in payment does not match hash of payload", PaymentError, "PAYMENT"],
  [Code.InvalidArgument, "payment transaction has already been processed", PaymentError, "PAYMENT"],
  [Code.InvalidArgument, "invalid leader public key", PaymentError, "PAYMENT"],
  [
    Code.InvalidArgument,
    "payment transaction failed on chain (code 5, sdk): insufficient funds",
    PaymentError,
    "PAYMENT",
  ],
  [
    Code.InvalidArgument,
    "invalid payment: expected exactly one amount in unil or nil",
    PaymentError,
    "PAYMENT",
  ],
  [Code.ResourceExhausted, "not enough PREP_COMPARE elements", ResourceExhaustedError, "RESOURCE_EXHAUSTED"],
  [Code.Unavailable, "transaction not committed", UnavailableError, "UNAVAILABLE"],
  [Code.DeadlineExceeded, "deadline exceeded", UnavailableError, "UNAVAILABLE"],
  [Code.Aborted, "aborted", UnavailableError, "UNAVAILABLE"],
  [Code.Canceled, "node shutting down", UnavailableError, "UNAVAILABLE"],
  [Code.Internal, "internal error", InternalError, "INTERNAL"],
  [Code.Unknown, "something odd", InternalError, "INTERNAL"],
  [Code.DataLoss, "lost", InternalError, "INTERNAL"],
  [Code.Unimplemented, "method not found", InternalError, "INTERNAL"],
];

describe("toNillionError maps every status the node sends", () => {
  it.each(MAPPING)("%s %j → %o", async (code, rawMessage, ErrorClass, errorCode) => {
    const sent = new ConnectError(rawMessage, code);
    const error = toNillionError(await received(sent), { node: NODE, method: METHOD }) as NillionError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.code).toBe(errorCode);
    expect(error.message).toBe(`${METHOD} on ${NODE} failed: ${rawMessage}`);
    expect(error.details).toEqual({
      grpcCode: Code[code].replace(/(?<=[a-z])(?=[A-Z])/g, "_").toLowerCase(),
      rawMessage,
      node: NODE,
      method: METHOD,
    });
    expect(error.cause).toBeInstanceOf(ConnectError);
    expect((error.cause as ConnectError).code).toBe(code);
    expect((error.cause as ConnectError).rawMessage).toBe(rawMessage);
    if (error instanceof InvalidArgumentError) expect(error.argument).toBe("request");
  });

  it("names the status in snake_case as connect does", async () => {
    const error = toNillionError(await received(new ConnectError("x", Code.FailedPrecondition)));
    expect((error as NillionError).details?.["grpcCode"]).toBe("failed_precondition");
  });

  it('keeps the PreconditionFailure of "not enough funds" in details', async () => {
    const sent = new ConnectError("not enough funds", Code.FailedPrecondition, undefined, [
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
    const error = toNillionError(await received(sent), { node: NODE, method: "PaymentReceipt" });
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toEqual({
      grpcCode: "failed_precondition",
      rawMessage: "not enough funds",
      node: NODE,
      method: "PaymentReceipt",
      preconditionFailure: {
        violations: [
          {
            type: "PAYMENT",
            subject: "BALANCE",
            description: "balance is not enough to cover for operation cost",
          },
        ],
      },
    });
  });

  it("treats any PAYMENT precondition as a payment refusal, whatever the text", async () => {
    const sent = new ConnectError("reworded", Code.FailedPrecondition, undefined, [
      { desc: PreconditionFailureSchema, value: { violations: [{ type: "PAYMENT", subject: "BALANCE" }] } },
    ]);
    expect(toNillionError(await received(sent))).toBeInstanceOf(PaymentError);
  });

  it("keeps QuotaFailure and RetryInfo of RESOURCE_EXHAUSTED in details", async () => {
    const sent = new ConnectError("too many requests, try again in 1.5s", Code.ResourceExhausted, undefined, [
      {
        desc: QuotaFailureSchema,
        value: { violations: [{ subject: "REQUESTS", description: "rate limited" }] },
      },
      { desc: RetryInfoSchema, value: { retryDelay: { seconds: 1n, nanos: 500_000_000 } } },
    ]);
    const error = toNillionError(await received(sent), { method: "StoreValues" });
    expect(error).toBeInstanceOf(ResourceExhaustedError);
    expect((error as NillionError).details).toEqual({
      grpcCode: "resource_exhausted",
      rawMessage: "too many requests, try again in 1.5s",
      method: "StoreValues",
      quotaFailure: { violations: [{ subject: "REQUESTS", description: "rate limited" }] },
      retryDelayMs: 1500,
    });
    expect((error as Error).message).toBe("StoreValues failed: too many requests, try again in 1.5s");
  });
});

describe("toNillionError on other failures", () => {
  it("returns SDK errors and AbortErrors unchanged", () => {
    const sdk = new NotFoundError("gone");
    expect(toNillionError(sdk)).toBe(sdk);
    const abort = new DOMException("stopped", "AbortError");
    expect(toNillionError(abort)).toBe(abort);
  });

  it("returns the caller's abort reason when the caller's signal aborted (connect reports CANCELED)", () => {
    const reason = new Error("user gave up");
    const cancelled = new ConnectError("This operation was aborted", Code.Canceled);
    expect(toNillionError(cancelled, { signal: AbortSignal.abort(reason) })).toBe(reason);
    const wrapped = toNillionError(cancelled, { signal: AbortSignal.abort("plain string") });
    expect(wrapped).toBeInstanceOf(DOMException);
    expect((wrapped as DOMException).name).toBe("AbortError");
    expect((wrapped as DOMException).message).toBe("plain string");
  });

  it("ignores a signal that did not abort", () => {
    const error = toNillionError(new ConnectError("x", Code.Unavailable), {
      signal: new AbortController().signal,
    });
    expect(error).toBeInstanceOf(UnavailableError);
  });

  it("maps network failures to UnavailableError", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const fetchFailed = new TypeError("fetch failed", { cause: refused });
    const error = toNillionError(fetchFailed, { node: NODE, method: METHOD });
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as NillionError).details).toEqual({
      grpcCode: "unknown",
      rawMessage: "fetch failed",
      node: NODE,
      method: METHOD,
    });
    expect(((error as NillionError).cause as ConnectError).cause).toBe(fetchFailed);
    expect(toNillionError(new TypeError("Failed to fetch"))).toBeInstanceOf(UnavailableError);
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(
      toNillionError(new ConnectError("socket hang up", Code.Unknown, undefined, undefined, reset)),
    ).toBeInstanceOf(UnavailableError);
  });

  it("maps anything else to InternalError, without context when none is given", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const error = toNillionError(bug);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.message).toBe("call failed: Cannot read properties of undefined (reading 'x')");
    expect((error as NillionError).details).toEqual({
      grpcCode: "unknown",
      rawMessage: "Cannot read properties of undefined (reading 'x')",
    });
    expect(toNillionError("a string")).toBeInstanceOf(InternalError);
  });
});

describe("rpcErrorDetails", () => {
  it("merges the violations of several details and skips details it does not know or cannot decode", () => {
    const precondition = (subject: string) =>
      toBinary(
        PreconditionFailureSchema,
        create(PreconditionFailureSchema, { violations: [{ type: "PAYMENT", subject, description: "" }] }),
      );
    const error = new ConnectError("x", Code.FailedPrecondition);
    error.details = [
      { type: "google.rpc.PreconditionFailure", value: precondition("BALANCE") },
      { type: "google.rpc.PreconditionFailure", value: precondition("NONCE") },
      { type: "google.rpc.PreconditionFailure", value: new Uint8Array([0x0a, 0x05]) },
      { type: "google.rpc.DebugInfo", value: new Uint8Array([0x12, 0x01, 0x61]) },
    ];
    expect(rpcErrorDetails(error)).toEqual({
      preconditionFailure: {
        violations: [
          { type: "PAYMENT", subject: "BALANCE", description: "" },
          { type: "PAYMENT", subject: "NONCE", description: "" },
        ],
      },
    });
  });

  it("is empty for an error without details", () => {
    expect(rpcErrorDetails(new ConnectError("x", Code.Internal))).toEqual({});
  });
});
