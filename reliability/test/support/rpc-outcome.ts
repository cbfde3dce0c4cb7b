// What a raw reply means at the RPC level: a gRPC status (from headers, trailers, a gRPC-web trailer frame
// or a Connect error body), a plain HTTP answer, or no answer at all.
import { readEnvelopes } from "./grpc-envelopes.js";
import type { RawReply } from "./raw-reply.js";

/** The protocol a request was made in; `plain` is any other content type. */
export type RpcProtocol = "grpc" | "grpc-web" | "connect" | "plain";

export type RpcOutcome =
  | { readonly kind: "status"; readonly code: number; readonly message: string }
  | { readonly kind: "http"; readonly status: number }
  | { readonly kind: "none"; readonly ending: RawReply["ending"]; readonly detail: string }
  /** An answer that breaks its own protocol, e.g. gRPC over HTTP 200 without a status. */
  | { readonly kind: "malformed"; readonly reason: string };

/** gRPC code names, by number. */
export const CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

/** The codes the suites treat specially. */
export const CODE = { unknown: 2, internal: 13, dataLoss: 15 } as const;

/**
 * The outcome of `reply` to a request made in `protocol`.
 *
 * @example
 * ```ts
 * const outcome = rpcOutcome(reply, "grpc-web");
 * if (outcome.kind === "status" && outcome.code === 13) console.log(outcome.message);
 * ```
 */
export function rpcOutcome(reply: RawReply, protocol: RpcProtocol): RpcOutcome {
  if (reply.ending !== "response" || reply.status === undefined) {
    return { kind: "none", ending: reply.ending, detail: reply.detail ?? "" };
  }
  const fromHeaders = statusOf(reply.headers) ?? statusOf(reply.trailers);
  switch (protocol) {
    case "grpc":
      if (fromHeaders) return fromHeaders;
      return reply.status === 200
        ? { kind: "malformed", reason: "gRPC response without grpc-status" }
        : { kind: "http", status: reply.status };
    case "grpc-web":
      if (fromHeaders) return fromHeaders;
      if (reply.status !== 200) return { kind: "http", status: reply.status };
      return (
        grpcWebTrailer(reply.body) ?? { kind: "malformed", reason: "gRPC-web response without a status" }
      );
    case "connect":
      return reply.status === 200 ? { kind: "status", code: 0, message: "" } : connectError(reply);
    case "plain":
      return fromHeaders ?? { kind: "http", status: reply.status };
  }
}

function statusOf(headers: Readonly<Record<string, string>>): RpcOutcome | undefined {
  const raw = headers["grpc-status"];
  if (raw === undefined) return undefined;
  const code = Number(raw);
  if (!Number.isInteger(code) || code < 0 || code > 16) {
    return { kind: "malformed", reason: `grpc-status ${JSON.stringify(raw)}` };
  }
  return { kind: "status", code, message: percentDecoded(headers["grpc-message"] ?? "") };
}

function grpcWebTrailer(body: Uint8Array): RpcOutcome | undefined {
  const { envelopes } = readEnvelopes(body, undefined);
  const trailer = envelopes.find((envelope) => (envelope.flags & 0x80) !== 0);
  if (trailer?.payload === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const line of new TextDecoder().decode(trailer.payload).split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return statusOf(fields);
}

function connectError(reply: RawReply): RpcOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(reply.body));
  } catch {
    return { kind: "http", status: reply.status ?? 0 };
  }
  const { code, message } = (parsed ?? {}) as { code?: unknown; message?: unknown };
  const index = CODE_NAMES.findIndex((name) => name.toLowerCase() === code);
  if (index < 1) return { kind: "http", status: reply.status ?? 0 };
  return { kind: "status", code: index, message: typeof message === "string" ? message : "" };
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
