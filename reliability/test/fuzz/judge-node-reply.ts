// The verdict on one node reply. A node must answer every complete request in time, with a status of
// its protocol or a plain HTTP client error, and its HTTP/2 session must survive. INTERNAL is allowed
// only where the body really is undecodable, checked here independently of the node:
// - "parse binary: …": some message the node read fails to decode as the method's request type (the
//   reference, tonic with prost, answers INTERNAL for the same; a recursion too deep to decode counts);
// - "received compressed envelope, but do not know how to decompress": an envelope is flagged
//   compressed and the request names no encoding (the gRPC compression spec mandates INTERNAL);
// - "decompression failed": a compressed envelope does not inflate with the named encoding;
// - "invalid uuid": a compute id that is not 16 bytes (wire-protocol.md §7.1, as the reference).
// UNKNOWN and DATA_LOSS are never allowed, nor is a 5xx without an RPC status.
import { fromBinary } from "@bufbuild/protobuf";
import { COMPRESSED, readEnvelopes } from "../support/grpc-envelopes.js";
import type { RawReply } from "../support/raw-reply.js";
import { CODE, CODE_NAMES, rpcOutcome } from "../support/rpc-outcome.js";
import type { NodeInput } from "./node-inputs.js";
import { bodyAsRead, breaksFraming } from "./raw-http1.js";

/** Why `reply` is not an acceptable answer to `input`; undefined when it is. */
export function judgeNodeReply(input: NodeInput, reply: RawReply): string | undefined {
  if (reply.sessionFault) return `the HTTP/2 session was torn down (${reply.sessionFault})`;
  if (reply.ending === "timeout") return `no complete answer within ${Math.round(reply.ms)} ms`;
  const outcome = rpcOutcome(reply, input.protocol);
  switch (outcome.kind) {
    case "none":
      if (input.transport === "h1" && breaksFraming(input.framing) && outcome.ending !== "timeout")
        return undefined;
      return `no answer: connection ${outcome.ending}${outcome.detail ? ` (${outcome.detail})` : ""}`;
    case "malformed":
      return `malformed answer: ${outcome.reason}`;
    case "http":
      return outcome.status >= 500 ? `HTTP ${outcome.status} without an RPC status` : undefined;
    case "status": {
      const { code, message } = outcome;
      if (code !== CODE.internal && code !== CODE.unknown && code !== CODE.dataLoss) return undefined;
      if (code === CODE.internal && internalIsExplained(input, message)) return undefined;
      return `${CODE_NAMES[code]} "${message}"`;
    }
  }
}

function internalIsExplained(input: NodeInput, message: string): boolean {
  const schema = input.target?.method.input;
  const payloads = sentMessages(input);
  if (message.startsWith("parse binary:")) {
    return (
      schema !== undefined && payloads.some((payload) => payload !== undefined && !decodes(schema, payload))
    );
  }
  if (message === "received compressed envelope, but do not know how to decompress") {
    const known = input.encoding === "gzip" || input.encoding === "br";
    return !known && envelopesOf(input).some((envelope) => (envelope.flags & COMPRESSED) !== 0);
  }
  if (message === "decompression failed") {
    return envelopesOf(input).some(
      (envelope) => (envelope.flags & COMPRESSED) !== 0 && envelope.payload === undefined,
    );
  }
  if (
    message === "invalid uuid" &&
    schema !== undefined &&
    /\/(RetrieveResults|StreamCompute)$/.test(input.path)
  ) {
    const first = payloads[0];
    if (first === undefined || !decodes(schema, first)) return false;
    const { computeId } = fromBinary(schema, first) as { computeId?: Uint8Array };
    return computeId !== undefined && computeId.length !== 16;
  }
  return false;
}

/** The request messages as the node read them; undefined for one that did not decompress. */
function sentMessages(input: NodeInput): (Uint8Array | undefined)[] {
  if (input.protocol === "connect") return [bodyRead(input)];
  return envelopesOf(input).map((envelope) => envelope.payload);
}

function envelopesOf(input: NodeInput) {
  return readEnvelopes(bodyRead(input), input.encoding).envelopes;
}

function bodyRead(input: NodeInput): Uint8Array {
  return input.transport === "h1" ? bodyAsRead(input.body, input.framing) : input.body;
}

function decodes(schema: Parameters<typeof fromBinary>[0], payload: Uint8Array): boolean {
  try {
    fromBinary(schema, payload);
    return true;
  } catch {
    return false;
  }
}
