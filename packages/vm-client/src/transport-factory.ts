import type { Interceptor, Transport } from "@connectrpc/connect";

/**
 * What a {@link TransportFactory} is asked to connect to: one node of the cluster.
 *
 * @example
 * ```ts
 * import type { TransportTarget } from "@nillion/vm-client";
 *
 * const target: TransportTarget = { baseUrl: "http://127.0.0.1:37939", interceptors: [] };
 * ```
 */
export interface TransportTarget {
  /** The node's gRPC endpoint as the cluster lists it, e.g. `http://127.0.0.1:37939`. */
  readonly baseUrl: string;
  /**
   * The client's interceptors for this node: the auth token for this node's id, then those of
   * `VmClientOptions.interceptors`. A transport that drops them talks to the node anonymously.
   */
  readonly interceptors: Interceptor[];
}

/**
 * Builds the connect-es `Transport` to one node. The default comes from the runtime's build of this
 * package: gRPC over HTTP/2 (`@connectrpc/connect-node`) in Node, gRPC-web over `fetch`
 * (`@connectrpc/connect-web`) in browsers. Pass your own to pick another protocol, add TLS options, or
 * test against in-memory services (`createRouterTransport`).
 *
 * @example
 * ```ts
 * import { createGrpcWebTransport } from "@connectrpc/connect-node";
 * import type { TransportFactory } from "@nillion/vm-client";
 *
 * // gRPC-web over HTTP/1.1 from Node, as the official TS client does.
 * const transport: TransportFactory = ({ baseUrl, interceptors }) =>
 *   createGrpcWebTransport({ baseUrl, interceptors, httpVersion: "1.1" });
 * ```
 */
export type TransportFactory = (target: TransportTarget) => Transport;

/** A transport this package opened itself, with the means to release it. */
export interface OwnedTransport {
  readonly transport: Transport;
  /** Releases the connection; the transport must not be used afterwards. */
  close(): void;
}
