// Incoming messages of one party, buffered by sender and round until the engine asks for them.
import { InvalidArgumentError } from "@nillion/types";

interface Waiter {
  readonly resolve: (elements: readonly bigint[]) => void;
  readonly reject: (reason: Error) => void;
}

/**
 * One party's inbox for one computation. A transport calls `deliver` as messages arrive, in any order
 * and possibly before the engine has started (a node creates the computation lazily when the first
 * peer message comes in); the engine's channel calls `receive`. `close` fails every pending and later
 * `receive`, which is how a transport turns a timeout or a lost peer into a failed computation
 * instead of a hang.
 *
 * @example
 * ```ts
 * import { Mailbox } from "@nillion/mpc";
 *
 * const inbox = new Mailbox();
 * const next = inbox.receive(1, 0); // waits
 * inbox.deliver(1, 0, [42n]);
 * await next; // [42n]
 * inbox.close(new Error("compute timed out")); // later receives reject with this error
 * ```
 */
export class Mailbox {
  readonly #messages = new Map<string, readonly bigint[]>();
  readonly #waiters = new Map<string, Waiter>();
  // Every (sender, round) seen, so a repeated message is refused even after the first was received.
  readonly #seen = new Set<string>();
  #closed: Error | undefined;

  /**
   * Stores the message party `from` sent for `round`, or hands it to a waiting `receive`. Messages that
   * arrive after `close` are dropped: the computation is over.
   *
   * @throws {InvalidArgumentError} if `from` already sent a message for `round`
   */
  deliver(from: number, round: number, elements: readonly bigint[]): void {
    if (this.#closed !== undefined) return;
    const key = keyOf(from, round);
    if (this.#seen.has(key)) {
      throw new InvalidArgumentError(`party ${from} sent a second message for round ${round}`, {
        argument: "round",
        details: { from, round },
      });
    }
    this.#seen.add(key);
    const waiter = this.#waiters.get(key);
    if (waiter === undefined) {
      this.#messages.set(key, elements);
      return;
    }
    this.#waiters.delete(key);
    waiter.resolve(elements);
  }

  /**
   * The message party `from` sent for `round`, as soon as it is delivered.
   *
   * @throws {InvalidArgumentError} (as a rejection) if that message is already being waited for
   */
  receive(from: number, round: number): Promise<readonly bigint[]> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const key = keyOf(from, round);
    const stored = this.#messages.get(key);
    if (stored !== undefined) {
      this.#messages.delete(key);
      return Promise.resolve(stored);
    }
    if (this.#waiters.has(key)) {
      return Promise.reject(
        new InvalidArgumentError(`the message of party ${from} for round ${round} is already awaited`, {
          argument: "round",
          details: { from, round },
        }),
      );
    }
    return new Promise((resolve, reject) => this.#waiters.set(key, { resolve, reject }));
  }

  /** Fails every pending and later `receive` with `reason` and drops buffered messages. */
  close(reason: Error): void {
    if (this.#closed !== undefined) return;
    this.#closed = reason;
    this.#messages.clear();
    for (const waiter of this.#waiters.values()) waiter.reject(reason);
    this.#waiters.clear();
  }
}

function keyOf(from: number, round: number): string {
  return `${from}/${round}`;
}
