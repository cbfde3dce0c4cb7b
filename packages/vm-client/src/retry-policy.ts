import { InvalidArgumentError } from "@nillion/types";

/**
 * How calls that may safely be repeated are retried when a node answers with a transient failure
 * (`UNAVAILABLE`, `RESOURCE_EXHAUSTED`, `DEADLINE_EXCEEDED`, `ABORTED`): exponential backoff with
 * jitter, at least as long as the node's `RetryInfo` asks, and never past the operation's deadline.
 *
 * Calls that carry a payment receipt are single-use at every node, so they are retried only when the
 * request provably never reached the node (connection refused, host not found).
 *
 * @example
 * ```ts
 * import type { RetryPolicy } from "@nillion/vm-client";
 *
 * const patient: RetryPolicy = { maxAttempts: 8, initialDelayMs: 500, maxDelayMs: 10_000 };
 * const never: RetryPolicy = { maxAttempts: 1 };
 * ```
 */
export interface RetryPolicy {
  /** Attempts per call, the first included (default 5; 1 turns retries off). */
  readonly maxAttempts?: number;
  /** The first backoff in ms (default 250); it doubles with each retry. */
  readonly initialDelayMs?: number;
  /** The longest backoff in ms (default 5,000); a node's `RetryInfo` may ask for longer. */
  readonly maxDelayMs?: number;
}

/**
 * A retry about to happen, for logs and metrics.
 *
 * @example
 * ```ts
 * import type { RetryEvent } from "@nillion/vm-client";
 *
 * const onRetry = (event: RetryEvent) =>
 *   console.warn(`${event.method} on ${event.node}: attempt ${event.attempt} failed, retrying in ${event.delayMs} ms`);
 * ```
 */
export interface RetryEvent {
  /** The RPC, e.g. `Membership/Cluster`. */
  readonly method: string;
  /** The node's endpoint. */
  readonly node: string;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
  /** Why the attempt failed. */
  readonly error: Error;
}

/** A {@link RetryPolicy} with every default filled in. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

const DEFAULTS: ResolvedRetryPolicy = { maxAttempts: 5, initialDelayMs: 250, maxDelayMs: 5_000 };

/**
 * `policy` with its defaults, checked.
 *
 * @throws {InvalidArgumentError} (`argument: "retry.<field>"`) for a field that is not a usable number
 */
export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  const resolved = { ...DEFAULTS, ...policy };
  if (!Number.isSafeInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new InvalidArgumentError(`"retry.maxAttempts" must be an integer ≥ 1`, {
      argument: "retry.maxAttempts",
    });
  }
  for (const key of ["initialDelayMs", "maxDelayMs"] as const) {
    const value = resolved[key];
    if (typeof value !== "number" || !(value >= 0) || value === Infinity) {
      throw new InvalidArgumentError(`"retry.${key}" must be a non-negative number of milliseconds`, {
        argument: `retry.${key}`,
      });
    }
  }
  return Object.freeze(resolved);
}

/**
 * The wait before retry number `attempt` (1 for the first retry): the capped exponential backoff,
 * jittered uniformly over its upper half so that clients that failed together do not retry together,
 * and never shorter than the node asked (`RetryInfo`).
 */
export function backoffDelay(policy: ResolvedRetryPolicy, attempt: number, retryDelayMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  return Math.max(jittered, retryDelayMs ?? 0);
}
