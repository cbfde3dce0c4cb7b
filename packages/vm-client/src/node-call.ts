import { Code, ConnectError } from "@connectrpc/connect";
import { rpcErrorDetails, toNillionError } from "@nillion/payments";
import { isNillionError } from "@nillion/types";
import type { CallScope } from "./call-scope.js";
import { backoffDelay, type ResolvedRetryPolicy, type RetryEvent } from "./retry-policy.js";

/**
 * Whether a call may be sent again after a failure:
 * - `idempotent`: repeating it changes nothing (cluster, quotes, results, deletes), so any transient
 *   failure is retried;
 * - `consumes-receipt`: the node marks the receipt used as soon as it reads the request, even if the
 *   call then fails, so only a request that never reached the node is retried;
 * - `once`: never repeated (a payment may have been made even when the call failed).
 */
export type CallKind = "idempotent" | "consumes-receipt" | "once";

/** Which RPC on which node; the words of every error and retry event. */
export interface CallTarget {
  /** The node's endpoint. */
  readonly node: string;
  /** The RPC, e.g. `Values/StoreValues`. */
  readonly method: string;
}

/** What every call needs besides itself: the operation's scope and the client's retry settings. */
export interface CallEnvironment {
  readonly scope: CallScope;
  readonly retry: ResolvedRetryPolicy;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
}

const TRANSIENT = new Set([Code.Unavailable, Code.ResourceExhausted, Code.DeadlineExceeded, Code.Aborted]);
// Failures to open a connection: the request was never sent.
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Runs `call` against one node: with the scope's signal and time left, every failure mapped to the
 * SDK's typed error (naming the node and method, the node's status and message, the cause), and
 * retried as `kind` allows.
 *
 * @param call receives the connect-es call options to pass on
 */
export async function callNode<T>(
  environment: CallEnvironment,
  target: CallTarget,
  kind: CallKind,
  call: (options: { signal?: AbortSignal; timeoutMs?: number }, attempt: number) => Promise<T>,
): Promise<T> {
  const { scope, retry, onRetry } = environment;
  for (let attempt = 1; ; attempt++) {
    scope.throwIfEnded();
    try {
      return await call(scope.callOptions(), attempt);
    } catch (raw) {
      scope.throwIfEnded(raw);
      const error = isNillionError(raw) ? raw : toNillionError(raw, target);
      const connectError = findConnectError(raw);
      if (attempt >= retry.maxAttempts || !retryable(connectError, kind)) throw error;
      const delayMs = backoffDelay(
        retry,
        attempt,
        connectError && rpcErrorDetails(connectError).retryDelayMs,
      );
      const remaining = scope.remainingMs();
      if (remaining !== undefined && delayMs >= remaining) throw error;
      onRetry?.({ ...target, attempt, delayMs, error });
      await scope.sleep(delayMs);
    }
  }
}

function retryable(error: ConnectError | undefined, kind: CallKind): boolean {
  if (kind === "once" || error === undefined || !TRANSIENT.has(error.code)) return false;
  return kind === "idempotent" || neverSent(error);
}

function neverSent(error: ConnectError): boolean {
  const seen = new Set<unknown>();
  for (
    let current: unknown = error;
    current instanceof Error && !seen.has(current);
    current = current.cause
  ) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NOT_CONNECTED.has(code)) return true;
  }
  return false;
}

function findConnectError(error: unknown): ConnectError | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); current = current.cause) {
    if (current instanceof ConnectError) return current;
    seen.add(current);
  }
  return undefined;
}
