import { PrivateKey } from "@nillion/crypto";
import type { DevnetKey } from "@nillion/devnet";
import type { PaymentMode } from "@nillion/payments";
import type { Network, PaidOperation, PayableOperation, RetryEvent, VmClient } from "@nillion/vm-client";
import { UNIL_PER_CREDIT } from "../support/devnet-prices.js";
import { openUser, type TestUser } from "../support/test-users.js";

/**
 * A user of the crash suite: a client that can be opened again on a restarted devnet with the same key and
 * wallet, and a count of its payments, which bounds what its balance and its wallet may show afterwards.
 */
export class CrashUser {
  readonly index: number;
  readonly key = PrivateKey.generate();
  readonly wallet: DevnetKey;
  readonly paymentMode: PaymentMode;
  /** Credits bought before the load, in balance mode. */
  readonly prepaidCredits: bigint;
  /** Payments asked of the leader (and, per operation, of the chain) … */
  started = 0;
  /** … and those the client got a receipt for. */
  receipted = 0;
  readonly retries: RetryEvent[] = [];
  #user: TestUser | undefined;

  constructor(index: number, wallet: DevnetKey, paymentMode: PaymentMode, prepaidCredits: bigint) {
    this.index = index;
    this.wallet = wallet;
    this.paymentMode = paymentMode;
    this.prepaidCredits = prepaidCredits;
  }

  get client(): VmClient {
    if (this.#user === undefined) throw new Error(`user ${this.index} is not connected`);
    return this.#user.client;
  }

  /** Connects to `network` (again), buying the prepaid credits on the first connection only. */
  async connect(network: Network): Promise<void> {
    const first = this.#user === undefined;
    this.#user?.close();
    this.#user = await openUser({
      network,
      wallet: this.wallet,
      key: this.key,
      paymentMode: this.paymentMode,
      onRetry: (event) => this.retries.push(event),
      ...(first && this.prepaidCredits > 0n ? { prepayUnil: this.prepaidCredits * UNIL_PER_CREDIT } : {}),
    });
  }

  /** Quotes and pays for `operation`, counting the payment; the receipt is good for one run. */
  async pay<T>(operation: PayableOperation<T>): Promise<PaidOperation<T>> {
    const quoted = await operation.quote({ timeoutMs: 20_000 });
    this.started += 1;
    const paid = await quoted.pay({ timeoutMs: 20_000 });
    this.receipted += 1;
    return paid;
  }

  close(): void {
    this.#user?.close();
    this.#user = undefined;
  }
}
