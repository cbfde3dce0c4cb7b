import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { NadaValues, ValuesId } from "@nillion/types";
import type { CrashUser } from "./crash-user.js";
import { storeAndCheck } from "./store-and-check.js";

/** A store the client got a values id back for: it must survive any crash. */
export interface AckedStore {
  readonly user: CrashUser;
  readonly valuesId: ValuesId;
  readonly values: NadaValues;
}

/** A receipt a node run was acknowledged with: no node may accept it again. */
export interface UsedReceipt {
  readonly user: CrashUser;
  readonly receipt: SignedReceipt;
  /** The values of a store receipt; absent for a retrieve receipt. */
  readonly values?: NadaValues;
}

/**
 * Store+retrieve pairs, paid one by one, run by a few workers per user until stopped: what a devnet is
 * doing when a crash test kills part of it. Every acknowledged store and every used receipt is recorded;
 * failures are kept, for the test to check they are typed errors.
 */
export class CrashLoad {
  readonly acked: AckedStore[] = [];
  readonly used: UsedReceipt[] = [];
  readonly errors: unknown[] = [];
  /** Values that came back different from what was stored: never acceptable, crash or not. */
  readonly corrupted: string[] = [];
  readonly #workers: Promise<void>[];
  #stopping = false;
  #onAck: (() => void) | undefined;

  constructor(users: readonly CrashUser[], workersPerUser: number, draw: () => NadaValues) {
    this.#workers = users.flatMap((user) =>
      Array.from({ length: workersPerUser }, () => this.#work(user, draw)),
    );
  }

  /** Resolves once `count` stores in all were acknowledged. @throws after `timeoutMs`, with the errors so far */
  async acknowledged(count: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.acked.length < count) {
      if (Date.now() > deadline) {
        throw new Error(
          `only ${this.acked.length} of ${count} stores acknowledged in ${timeoutMs} ms; errors: ${this.errors.map(String).slice(0, 5).join("; ")}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.#onAck = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  /** Lets each worker finish the call it is in, and resolves when all have. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.#workers);
  }

  async #work(user: CrashUser, draw: () => NadaValues): Promise<void> {
    while (!this.#stopping) {
      const values = draw();
      try {
        await storeAndCheck(user, values, {
          stored: (valuesId, receipt) => {
            this.acked.push({ user, valuesId, values });
            this.used.push({ user, receipt, values });
            this.#onAck?.();
          },
          retrieved: (receipt) => this.used.push({ user, receipt }),
          corrupted: (message) => this.corrupted.push(message),
        });
      } catch (error) {
        this.errors.push(error);
        // A node that is down fails calls at once; pausing keeps the workers from spinning on it.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}
