// Verdicts on the chain's answers. The RPC (and the proxy in front of it) must answer every complete
// request in time; a 5xx only as a JSON-RPC error (CometBFT's parse, request, method and params errors
// use 500), never a JavaScript exception passed off as CometBFT's "Internal error". The Cosmos gRPC
// server must answer with a status; INTERNAL only for a request that does not decode as the method's
// request type, UNKNOWN only where the SDK itself answers UNKNOWN.

import { COMPRESSED, readEnvelopes } from "../support/grpc-envelopes.js";
import type { RawReply } from "../support/raw-reply.js";
import { CODE, CODE_NAMES, rpcOutcome } from "../support/rpc-outcome.js";
import type { ChainGrpcInput } from "./chain-grpc-inputs.js";
import type { ChainRpcInput } from "./chain-rpc-inputs.js";
import { breaksFraming } from "./raw-http1.js";

const JSON_RPC_CODES = new Set([-32700, -32600, -32601, -32602, -32603]);
/** `String(error)` of a JavaScript error: what a crash handler would put where CometBFT puts its text. */
const JS_EXCEPTION = /^[A-Za-z]*Error: |\n\s+at /;

/** Why `reply` is not an acceptable answer to `input`; undefined when it is. */
export function judgeChainRpcReply(input: ChainRpcInput, reply: RawReply): string | undefined {
  if (reply.ending === "timeout") return `no complete answer within ${Math.round(reply.ms)} ms`;
  if (reply.ending !== "response" || reply.status === undefined) {
    const broken = input.request.kind === "raw" || breaksFraming(input.request.framing);
    return broken
      ? undefined
      : `no answer: connection ${reply.ending}${reply.detail ? ` (${reply.detail})` : ""}`;
  }
  const text = new TextDecoder().decode(reply.body);
  const json = (reply.headers["content-type"] ?? "").includes("json") && text !== "";
  let parsed: unknown;
  if (json) {
    try {
      parsed = JSON.parse(text);
    } catch {
      return `HTTP ${reply.status} with a JSON content type but no JSON: ${text.slice(0, 80)}`;
    }
  }
  const errors = (Array.isArray(parsed) ? parsed : [parsed])
    .map((item) => (item as { error?: { code?: unknown; data?: unknown } } | undefined)?.error)
    .filter((error) => error !== undefined);
  for (const error of errors) {
    if (typeof error.code !== "number" || !JSON_RPC_CODES.has(error.code))
      return `JSON-RPC error code ${String(error.code)}`;
    if (error.code === -32603 && typeof error.data === "string" && JS_EXCEPTION.test(error.data)) {
      return `an exception reported as "Internal error": ${error.data.slice(0, 120)}`;
    }
  }
  if (reply.status >= 500 && errors.length === 0) return `HTTP ${reply.status} without a JSON-RPC error`;
  return undefined;
}

/**
 * UNKNOWN is what the SDK answers when a query fails with an error that has no gRPC code of its own: an
 * account address that does not decode, the failing tx of Simulate, a hash GetTx cannot decode, a
 * broadcast mode it does not support. Anywhere else, or with another text, it is an exception that
 * escaped.
 */
const UNKNOWN_ALLOWED: Readonly<Record<string, RegExp>> = {
  "/cosmos.auth.v1beta1.Query/Account":
    /^(decoding bech32 failed: |empty address string is not allowed$|codespace \w+ code \d+: )/,
  "/cosmos.tx.v1beta1.Service/Simulate": / With gas wanted: '\d+' and gas used: '\d+' $/,
  "/cosmos.tx.v1beta1.Service/GetTx": /^encoding\/hex: /,
  "/cosmos.tx.v1beta1.Service/BroadcastTx": /^unsupported return type /,
};

/** A well-formed `grpc-timeout`: up to 8 digits and a unit. */
const GRPC_TIMEOUT = /^\d{1,8}[HMSmun]$/;

/** Why `reply` is not an acceptable answer to `input`; undefined when it is. */
export function judgeChainGrpcReply(input: ChainGrpcInput, reply: RawReply): string | undefined {
  if (reply.sessionFault) return `the HTTP/2 session was torn down (${reply.sessionFault})`;
  if (reply.ending === "timeout") return `no complete answer within ${Math.round(reply.ms)} ms`;
  const outcome = rpcOutcome(reply, "grpc");
  switch (outcome.kind) {
    case "none":
      return `no answer: stream ${outcome.ending}${outcome.detail ? ` (${outcome.detail})` : ""}`;
    case "malformed":
      return `malformed answer: ${outcome.reason}`;
    case "http":
      return outcome.status >= 500 ? `HTTP ${outcome.status} without a gRPC status` : undefined;
    case "status": {
      const { code, message } = outcome;
      if (code === CODE.unknown && UNKNOWN_ALLOWED[input.path]?.test(message)) return undefined;
      if (code === CODE.internal && internalIsExplained(input, message)) return undefined;
      if (code === CODE.internal || code === CODE.unknown || code === CODE.dataLoss)
        return `${CODE_NAMES[code]} "${message}"`;
      return undefined;
    }
  }
}

// grpc-js (like grpc-go, which nilchaind runs) answers INTERNAL for a request it cannot read: a message
// that does not unmarshal, a payload that does not decompress, a malformed grpc-timeout header. Each is
// checked here against what was sent. A compressed flag without an encoding is read as plain bytes.
function internalIsExplained(input: ChainGrpcInput, message: string): boolean {
  const { envelopes } = readEnvelopes(input.body, input.encoding);
  if (message.startsWith("grpc: error unmarshalling request")) {
    return (
      input.decode !== undefined &&
      envelopes.some((envelope) => !decodes(input.decode, envelope.payload ?? envelope.raw))
    );
  }
  if (message === "Failed to decompress message") {
    return envelopes.some(
      (envelope) => (envelope.flags & COMPRESSED) !== 0 && envelope.payload === undefined,
    );
  }
  if (message.startsWith("Invalid grpc-timeout value")) {
    const timeout = input.headers["grpc-timeout"];
    return timeout !== undefined && !GRPC_TIMEOUT.test(timeout);
  }
  return false;
}

function decodes(decode: ChainGrpcInput["decode"], payload: Uint8Array): boolean {
  try {
    decode?.(payload);
    return true;
  } catch {
    return false;
  }
}
