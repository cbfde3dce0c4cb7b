/**
 * Cancellation and deadline of one operation. They cover everything the operation does: the quote, the
 * payment, every node call and every retry.
 *
 * @example
 * ```ts
 * import type { CallOptions } from "@nillion/vm-client";
 *
 * const options: CallOptions = { signal: AbortSignal.timeout(30_000), timeoutMs: 10_000 };
 * await client.retrieveValues(id).invoke(options);
 * ```
 */
export interface CallOptions {
  /** Aborting it stops the operation, which then rejects with the signal's `reason`. */
  readonly signal?: AbortSignal;
  /** Milliseconds the whole operation may take (default: the client's `defaultTimeoutMs`, else none). */
  readonly timeoutMs?: number;
  /** A moment the operation must finish by; with `timeoutMs` too, the earlier one applies. */
  readonly deadline?: Date;
}
