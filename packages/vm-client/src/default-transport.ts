// The Node build's default: native gRPC over HTTP/2, the protocol the Rust and Python clients use. Each
// node gets its own session manager, so closing a client closes exactly its connections.
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { OwnedTransport, TransportTarget } from "./transport-factory.js";

/**
 * Opens a gRPC (HTTP/2) transport to one node; `close()` ends its HTTP/2 session. An idle session does
 * not keep the process alive.
 */
export function openDefaultTransport(target: TransportTarget): OwnedTransport {
  const sessionManager = new Http2SessionManager(target.baseUrl);
  return {
    transport: createGrpcTransport({
      baseUrl: target.baseUrl,
      interceptors: target.interceptors,
      sessionManager,
    }),
    close: () => sessionManager.abort(),
  };
}
