import { InvalidArgumentError, UnavailableError } from "@nillion/types";
import type { CallOptions } from "./call-options.js";

/**
 * The signal and deadline one operation runs under. Every call and wait inside the operation takes its
 * signal and the time left, so the deadline holds across quote, payment, fan-out and retries.
 */
export class CallScope {
  /** Aborts when the caller aborts or the deadline passes; undefined when neither can happen. */
  readonly signal: AbortSignal | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #deadline: number | undefined;
  readonly #operation: string;

  private constructor(operation: string, caller: AbortSignal | undefined, deadline: number | undefined) {
    this.#operation = operation;
    this.#caller = caller;
    this.#deadline = deadline;
    const signals = caller ? [caller] : [];
    if (deadline !== undefined) signals.push(AbortSignal.timeout(Math.max(0, deadline - Date.now())));
    this.signal = signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
  }

  /**
   * The scope for `operation` (named in errors), from the caller's options and the client's default.
   *
   * @throws {InvalidArgumentError} naming `signal`, `timeoutMs` or `deadline` when one is not usable
   */
  static open(operation: string, options: CallOptions = {}, defaultTimeoutMs?: number): CallScope {
    const { signal, timeoutMs = defaultTimeoutMs, deadline } = options;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new InvalidArgumentError(`"signal" expected an AbortSignal`, { argument: "signal" });
    }
    if (
      timeoutMs !== undefined &&
      !(typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs < Infinity)
    ) {
      throw new InvalidArgumentError(`"timeoutMs" must be a positive number, got ${String(timeoutMs)}`, {
        argument: "timeoutMs",
      });
    }
    if (deadline !== undefined && !(deadline instanceof Date && !Number.isNaN(deadline.getTime()))) {
      throw new InvalidArgumentError(`"deadline" expected a valid Date`, { argument: "deadline" });
    }
    const ends = [
      ...(timeoutMs === undefined ? [] : [Date.now() + timeoutMs]),
      ...(deadline === undefined ? [] : [deadline.getTime()]),
    ];
    return new CallScope(operation, signal, ends.length === 0 ? undefined : Math.min(...ends));
  }

  /** Milliseconds until the deadline (at least 1 while it has not passed), or undefined without one. */
  remainingMs(): number | undefined {
    return this.#deadline === undefined ? undefined : Math.max(0, this.#deadline - Date.now());
  }

  /** What one RPC gets: the signal, and the time left (sent to the node as its deadline). */
  callOptions(): { signal?: AbortSignal; timeoutMs?: number } {
    const remaining = this.remainingMs();
    return {
      ...(this.signal ? { signal: this.signal } : {}),
      ...(remaining === undefined ? {} : { timeoutMs: Math.max(1, remaining) }),
    };
  }

  /** Throws the caller's abort reason, or the deadline error, once the scope has ended. */
  throwIfEnded(cause?: unknown): void {
    if (this.#caller?.aborted) throw this.#caller.reason;
    const remaining = this.remainingMs();
    if (remaining !== undefined && remaining <= 0) {
      throw new UnavailableError(`${this.#operation} did not finish before its deadline`, {
        details: { reason: "deadline", deadline: new Date(this.#deadline as number).toISOString() },
        ...(cause === undefined ? {} : { cause }),
      });
    }
  }

  /** Waits `ms`, unless the scope ends first (then it throws as {@link throwIfEnded}). */
  async sleep(ms: number): Promise<void> {
    const signal = this.signal;
    await new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
    this.throwIfEnded();
  }
}
