// The Cosmos gRPC endpoint (nilchaind's port 26649) for payers that speak gRPC, like the Python client's
// cosmpy: the query services, plus the tx service's BroadcastTx. Messages stay raw bytes on the wire and
// are decoded by the same handlers `abci_query` uses. It runs on the HTTP/2 server the nodes use; the gRPC
// framing is served here because connect's router decodes every request into a protobuf-es schema, and
// these handlers take the bytes themselves (Cosmos types come from cosmjs-types). What a client sees
// (statuses, texts, headers, compression, limits) is what the former grpc-js server answered.
import type http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { TxResponse } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import {
  BroadcastMode,
  BroadcastTxRequest,
  BroadcastTxResponse,
} from "cosmjs-types/cosmos/tx/v1beta1/service";
import { createHttp2Server } from "../transport/create-http2-server.js";
import { type Chain, MempoolError, txHash } from "./chain.js";
import { ERR, GrpcCode, GrpcStatusError, SdkError } from "./errors.js";
import { QUERY_SERVICES, type QueryHandler, RequestDecodeError } from "./query-services.js";
import type { TxResult } from "./run-tx.js";

// The Cosmos SDK's gRPC server default (server/config: max-recv-msg-size 10 MiB), above gRPC's usual 4 MiB.
const COSMOS_MAX_RECEIVE_BYTES = 10 * 1024 * 1024;
const ENVELOPE_HEADER_BYTES = 5;
const COMPRESSED_FLAG = 0x01;
// A well-formed grpc-timeout: up to 8 digits and a unit (the gRPC HTTP/2 spec).
const GRPC_TIMEOUT = /^\d{1,8}[HMSmun]$/;
const CONTENT_TYPE = /^application\/grpc(?:[+;]|$)/;
const inflaters: Readonly<Record<string, (bytes: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
};
const RESPONSE_HEADERS = {
  "content-type": "application/grpc+proto",
  "grpc-accept-encoding": "identity,deflate,gzip",
  "grpc-encoding": "identity",
};

/** What BroadcastTx needs from the running node. */
export interface GrpcNode {
  readonly chain: Chain;
  /** CheckTx, then schedules a block. @throws {MempoolError} */
  submitTx(bytes: Uint8Array): { hash: string; result: TxResult };
}

/** The running server: what {@link stopGrpcServer} stops. */
export interface GrpcServer {
  readonly http2: http2.Http2Server;
  readonly sessions: Set<http2.ServerHttp2Session>;
}

/**
 * Starts the gRPC server on `host:port` (0 for an ephemeral port).
 *
 * @returns the server and its port
 * @throws the listen error (`code: "EADDRINUSE"` for a port in use)
 */
export async function startGrpcServer(
  node: GrpcNode,
  host: string,
  port: number,
): Promise<{ server: GrpcServer; port: number }> {
  const handlers = new Map<string, QueryHandler>([
    ...QUERY_SERVICES,
    ["/cosmos.tx.v1beta1.Service/BroadcastTx", (_chain, request) => broadcastTx(node, request)],
  ]);
  const server = createHttp2Server((request, response) => {
    serveCall(node, handlers, request, response).catch(() => {
      // Only a stream that closed meanwhile fails here; its client is gone.
      if (!response.stream.destroyed) response.stream.close();
    });
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server: { http2: server, sessions }, port: (server.address() as AddressInfo).port };
}

/** Stops `server`, cutting calls still running after a second. */
export function stopGrpcServer(server: GrpcServer): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      for (const session of server.sessions) session.destroy();
    }, 1000);
    server.http2.close(() => {
      clearTimeout(timer);
      resolve();
    });
    for (const session of server.sessions) session.close();
  });
}

/** A gRPC status that ends the call, as trailers-only when no message was sent. */
class CallStatus extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

async function serveCall(
  node: GrpcNode,
  handlers: ReadonlyMap<string, QueryHandler>,
  request: http2.Http2ServerRequest,
  response: http2.Http2ServerResponse,
): Promise<void> {
  if (!CONTENT_TYPE.test(headerOf(request, "content-type") ?? "")) {
    response.writeHead(415);
    response.end();
    return;
  }
  const path = request.url;
  try {
    const handler = handlers.get(path);
    if (handler === undefined) {
      throw new CallStatus(GrpcCode.unimplemented, `The server does not implement the method ${path}`);
    }
    const timeout = headerOf(request, "grpc-timeout");
    if (timeout !== undefined && !GRPC_TIMEOUT.test(timeout)) {
      throw new CallStatus(GrpcCode.internal, `Invalid grpc-timeout value "${timeout}"`);
    }
    const message = await readUnaryMessage(request, path);
    const reply = answer(() => handler(node.chain, message));
    if (response.stream.destroyed) return;
    response.writeHead(200, RESPONSE_HEADERS);
    response.addTrailers({ "grpc-status": "0", "grpc-message": "OK" });
    response.end(envelope(reply));
  } catch (error) {
    if (!(error instanceof CallStatus)) throw error;
    if (response.stream.destroyed) return;
    // Trailers-only: the status in a HEADERS frame that ends the stream, as gRPC clients expect it.
    response.stream.respond(
      {
        ":status": 200,
        "content-type": "application/grpc+proto",
        "grpc-status": String(error.code),
        "grpc-message": percentEncode(error.message),
      },
      { endStream: true },
    );
  }
}

/**
 * The one message of a unary call, decompressed. Refuses, as soon as it can tell, a message above the
 * Cosmos limit or a second message; and a body that ends before a whole message.
 */
async function readUnaryMessage(request: http2.Http2ServerRequest, path: string): Promise<Uint8Array> {
  const message = await new Promise<{ flags: number; payload: Buffer }>((resolve, reject) => {
    let chunks: Buffer[] = [];
    let buffered = 0;
    let expected: number | undefined; // the payload length of the envelope being read
    let first: { flags: number; payload: Buffer } | undefined;
    // Joined only when a header or a whole payload is there, so a large message is copied once.
    const joined = () => {
      const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, buffered);
      chunks = [all];
      return all;
    };
    const refuse = (code: number, text: string) => {
      request.removeAllListeners("data");
      request.removeAllListeners("end");
      request.resume();
      reject(new CallStatus(code, text));
    };
    request.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      for (;;) {
        if (expected === undefined) {
          if (buffered < ENVELOPE_HEADER_BYTES) return;
          if (first !== undefined) {
            refuse(
              GrpcCode.unimplemented,
              `Received a second request message for server streaming method ${path}`,
            );
            return;
          }
          expected = joined().readUInt32BE(1);
          if (expected > COSMOS_MAX_RECEIVE_BYTES) {
            refuse(
              GrpcCode.resourceExhausted,
              `Received message larger than max (${expected} vs ${COSMOS_MAX_RECEIVE_BYTES})`,
            );
            return;
          }
        }
        const end = ENVELOPE_HEADER_BYTES + expected;
        if (buffered < end) return;
        const all = joined();
        first = { flags: all[0] ?? 0, payload: all.subarray(ENVELOPE_HEADER_BYTES, end) };
        const rest = all.subarray(end);
        chunks = rest.length > 0 ? [rest] : [];
        buffered = rest.length;
        expected = undefined;
      }
    });
    request.once("end", () => {
      if (first === undefined) {
        reject(
          new CallStatus(
            GrpcCode.unimplemented,
            `Received no request message for server streaming method ${path}`,
          ),
        );
      } else resolve(first);
    });
    request.once("error", reject);
  });
  if ((message.flags & COMPRESSED_FLAG) === 0) return message.payload;
  return inflate(message.payload, headerOf(request, "grpc-encoding"));
}

// A compressed flag with no encoding, or `identity`, is read as plain bytes, as grpc-js reads it.
async function inflate(payload: Buffer, encoding: string | undefined): Promise<Uint8Array> {
  if (encoding === undefined || encoding === "identity") return payload;
  const inflater = inflaters[encoding];
  if (inflater === undefined) {
    throw new CallStatus(
      GrpcCode.unimplemented,
      `Received message compressed with unsupported encoding "${encoding}"`,
    );
  }
  try {
    return await inflater(payload, { maxOutputLength: COSMOS_MAX_RECEIVE_BYTES });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new CallStatus(
        GrpcCode.resourceExhausted,
        `Received message that decompresses to a size larger than ${COSMOS_MAX_RECEIVE_BYTES}`,
      );
    }
    throw new CallStatus(GrpcCode.internal, "Failed to decompress message");
  }
}

function headerOf(request: http2.Http2ServerRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function envelope(payload: Uint8Array): Buffer {
  const framed = Buffer.alloc(ENVELOPE_HEADER_BYTES + payload.length);
  framed.writeUInt32BE(payload.length, 1);
  framed.set(payload, ENVELOPE_HEADER_BYTES);
  return framed;
}

// grpc-message is percent-encoded (the gRPC HTTP/2 spec); encodeURI keeps `:` and `/` readable, as grpc-js
// does, and TextDecoder output has no lone surrogate for it to refuse.
function percentEncode(message: string): string {
  return encodeURI(message);
}

function answer(run: () => Uint8Array): Uint8Array {
  try {
    return run();
  } catch (error) {
    if (error instanceof GrpcStatusError) throw new CallStatus(error.grpcCode, error.details);
    // An error without a status of its own reaches the client as Unknown, with its text.
    if (error instanceof SdkError) throw new CallStatus(GrpcCode.unknown, error.message);
    if (error instanceof RequestDecodeError) {
      throw new CallStatus(GrpcCode.internal, `grpc: error unmarshalling request: ${error.message}`);
    }
    throw error;
  }
}

// BroadcastTx (x/auth/tx `TxServiceBroadcast`): SYNC reports CheckTx, ASYNC only the hash; the mempool's
// own refusals become SDK codes 19 and 21 (`CheckCometError`).
function broadcastTx(node: GrpcNode, request: Uint8Array): Uint8Array {
  let decoded: BroadcastTxRequest;
  try {
    decoded = BroadcastTxRequest.decode(request);
  } catch (error) {
    throw new RequestDecodeError((error as Error).message);
  }
  const { txBytes, mode } = decoded;
  if (txBytes.length === 0) throw new GrpcStatusError(GrpcCode.invalidArgument, "invalid empty tx");
  if (mode !== BroadcastMode.BROADCAST_MODE_SYNC && mode !== BroadcastMode.BROADCAST_MODE_ASYNC) {
    throw new GrpcStatusError(
      GrpcCode.unknown,
      "unsupported return type unspecified; supported types: sync, async",
    );
  }
  const response = (fields: Partial<TxResponse>) =>
    BroadcastTxResponse.encode({ txResponse: TxResponse.fromPartial(fields) }).finish();
  try {
    const { hash, result } = node.submitTx(txBytes);
    if (mode === BroadcastMode.BROADCAST_MODE_ASYNC) return response({ txhash: hash });
    return response({ txhash: hash, code: result.code, codespace: result.codespace, rawLog: result.log });
  } catch (error) {
    if (!(error instanceof MempoolError)) throw error;
    const refused = error.message.includes("already exists in cache") ? ERR.txInMempoolCache : ERR.txTooLarge;
    return response({ txhash: txHash(txBytes), code: refused.code, codespace: refused.codespace });
  }
}
