// The browser build's default: gRPC-web over fetch, which nodes serve with permissive CORS. The browser
// owns the connections, so there is nothing to close.
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import type { OwnedTransport, TransportTarget } from "./transport-factory.js";

/** Opens a gRPC-web transport (binary protobuf over `fetch`) to one node. */
export function openDefaultTransport(target: TransportTarget): OwnedTransport {
  return {
    transport: createGrpcWebTransport({
      baseUrl: target.baseUrl,
      interceptors: target.interceptors,
      useBinaryFormat: true,
    }),
    close: () => {},
  };
}
