// An honest unary gRPC call over the raw HTTP/2 client: for health probes, for the checks that need a
// node's or the chain's exact answer (its code, not an SDK error), and for metadata a gRPC library will
// not send (the same key twice).
import { envelope, readEnvelopes } from "./grpc-envelopes.js";
import type { Http2Client, Http2Request } from "./raw-http2.js";
import { CODE_NAMES, rpcOutcome } from "./rpc-outcome.js";

export interface GrpcAnswer {
  /** gRPC code, or -1 when there was no gRPC answer at all. */
  readonly code: number;
  readonly message: string;
  /** The response message, on OK. */
  readonly response?: Uint8Array;
}

/**
 * `request` (an encoded message) to `path`, with `headers` (e.g. a token).
 *
 * @example
 * ```ts
 * const client = new Http2Client(node.url);
 * await grpcCall(client, "/nillion.membership.v1.Membership/Cluster", new Uint8Array(), {
 *   "x-nillion-token": [aliceToken, bobToken],
 * }); // { code: 16, message: "invalid base64 encoded token" }
 * client.close();
 * ```
 */
export async function grpcCall(
  client: Http2Client,
  path: string,
  request: Uint8Array,
  headers: Http2Request["headers"] = {},
  timeoutMs = 5_000,
): Promise<GrpcAnswer> {
  const reply = await client.exchange(
    {
      path,
      headers: { "content-type": "application/grpc", te: "trailers", ...headers },
      body: envelope(0, request),
    },
    timeoutMs,
  );
  const outcome = rpcOutcome(reply, "grpc");
  if (outcome.kind !== "status") {
    const detail =
      outcome.kind === "none"
        ? `${outcome.ending} ${outcome.detail}`
        : outcome.kind === "http"
          ? `HTTP ${outcome.status}`
          : outcome.reason;
    return {
      code: -1,
      message: `no gRPC answer (${detail}${reply.sessionFault ? `, ${reply.sessionFault}` : ""})`,
    };
  }
  if (outcome.code !== 0) return { code: outcome.code, message: outcome.message };
  const [first] = readEnvelopes(reply.body, undefined).envelopes;
  return { code: 0, message: "", response: first?.payload ?? new Uint8Array() };
}

/** `CODE "message"`, for failure texts. */
export function describeAnswer(answer: GrpcAnswer): string {
  return answer.code < 0 ? answer.message : `${CODE_NAMES[answer.code] ?? answer.code} "${answer.message}"`;
}
