import type { Interceptor } from "@connectrpc/connect";
import type { PaymentMode } from "@nillion/payments";
import type { CallOptions } from "./call-options.js";
import type { RetryEvent, RetryPolicy } from "./retry-policy.js";
import type { TransportFactory } from "./transport-factory.js";

/**
 * Options of `VmClient.create`. `signal`, `timeoutMs` and `deadline` bound the connection itself
 * (fetching the cluster and the leader's version).
 *
 * @example
 * ```ts
 * import type { VmClientOptions } from "@nillion/vm-client";
 *
 * const options: VmClientOptions = {
 *   paymentMode: "per-operation",
 *   defaultTimeoutMs: 60_000,
 *   retry: { maxAttempts: 3 },
 *   onRetry: (event) => console.warn(`retrying ${event.method} on ${event.node}`),
 * };
 * ```
 */
export interface VmClientOptions extends CallOptions {
  /**
   * Builds the transport to each node (default: gRPC over HTTP/2 in Node, gRPC-web over `fetch` in
   * browsers, chosen by the package's `exports` conditions). Transports you build are yours to close.
   */
  readonly transport?: TransportFactory;
  /** Interceptors added to every node call, after the authentication one (e.g. logging). */
  readonly interceptors?: readonly Interceptor[];
  /**
   * `"balance"` (the default) pays from the user's prepaid balance and falls back to paying on chain
   * when it runs short; `"per-operation"` always pays on chain. Leaders older than nilvm 0.8 have no
   * balances, so with them the client pays per operation whatever this says.
   */
  readonly paymentMode?: PaymentMode;
  /** How transient failures are retried; see {@link RetryPolicy}. */
  readonly retry?: RetryPolicy;
  /** Called before each retry. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** The deadline of every operation that does not set its own, in ms (default: none). */
  readonly defaultTimeoutMs?: number;
}
