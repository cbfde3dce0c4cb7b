import type { NilChain, NodeStore } from "@nillion/devnet";
import { expect } from "vitest";
import { moduleAddress } from "../support/module-address.js";

/** The books at one instant: chain balances, the unil supply and the leader's credit balances. */
export interface Books {
  readonly wallets: ReadonlyMap<string, bigint>;
  /** The meta module account: payments pass through it and are burnt, so it stays empty. */
  readonly module: bigint;
  readonly supply: bigint;
  /** Credits by user id (hex), as the leader's store holds them. */
  readonly credits: ReadonlyMap<string, bigint>;
}

/** What should have changed between two {@link Books}: unil paid per wallet, credits gained per user. */
export interface BookChanges {
  readonly paid?: Readonly<Record<string, bigint>>;
  readonly credits?: Readonly<Record<string, bigint>>;
}

/**
 * Reads the books the suite audits after every attack. Balances come straight from the chain's state and
 * the leader's store, so reading them costs nothing and changes nothing.
 *
 * @example
 * ```ts
 * const ledger = new Ledger(devnet.chain, probe.store(devnet.layout.leaderIndex));
 * const before = await ledger.read([wallet.address], [mallory.userHex]);
 * // … attack …
 * expectBooks(before, await ledger.read([wallet.address], [mallory.userHex]), { paid: { [wallet.address]: 1_000_000n } }, label("…"));
 * ```
 */
export class Ledger {
  readonly #chain: NilChain;
  readonly #leaderStore: NodeStore;

  constructor(chain: NilChain, leaderStore: NodeStore) {
    this.#chain = chain;
    this.#leaderStore = leaderStore;
  }

  async read(wallets: readonly string[], users: readonly string[]): Promise<Books> {
    const credits = new Map<string, bigint>();
    for (const user of users) credits.set(user, (await this.#leaderStore.getBalance(user))?.credits ?? 0n);
    return {
      wallets: new Map(wallets.map((address) => [address, this.#chain.balance(address)])),
      module: this.#chain.balance(moduleAddress("meta")),
      supply: this.#chain.supply(),
      credits,
    };
  }
}

/**
 * Asserts the books moved by exactly `changes` and nothing else: each wallet lost what it paid (gas is
 * free on the devnet), the supply shrank by the total (payments are burnt), the module account stayed
 * empty, and each user's credits moved by exactly their change (zero when not named).
 */
export function expectBooks(before: Books, after: Books, changes: BookChanges, message: string): void {
  const paid = changes.paid ?? {};
  const totalPaid = Object.values(paid).reduce((sum, unil) => sum + unil, 0n);
  const delta = (a: ReadonlyMap<string, bigint>, b: ReadonlyMap<string, bigint>) =>
    Object.fromEntries([...b].map(([key, value]) => [key, value - (a.get(key) ?? 0n)]));
  expect(
    {
      wallets: delta(before.wallets, after.wallets),
      supply: after.supply - before.supply,
      module: [before.module, after.module],
      credits: delta(before.credits, after.credits),
    },
    message,
  ).toEqual({
    wallets: Object.fromEntries(
      [...before.wallets.keys()].map((address) => [address, -(paid[address] ?? 0n)]),
    ),
    supply: -totalPaid,
    module: [0n, 0n],
    credits: Object.fromEntries(
      [...before.credits.keys()].map((user) => [user, changes.credits?.[user] ?? 0n]),
    ),
  });
}
