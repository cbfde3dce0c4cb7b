// The Node build's default: native gRPC over HTTP/2, the protocol the Rust and Python clients use. Each
// node gets its own connection, so closing a client closes exactly its connections.
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Http2Connection } from "./http2-connection.js";
import type { OwnedTransport, TransportTarget } from "./transport-factory.js";

/**
 * Opens a gRPC (HTTP/2) transport to one node; `close()` ends its HTTP/2 sessions. An idle session does
 * not keep the process alive.
 */
export function openDefaultTransport(target: TransportTarget): OwnedTransport {
  const connection = new Http2Connection(target.baseUrl);
  return {
    transport: createGrpcTransport({
      baseUrl: target.baseUrl,
      interceptors: target.interceptors,
      sessionManager: connection,
    }),
    close: () => connection.close(),
  };
}
