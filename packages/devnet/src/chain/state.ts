// Application state with cheap branches. The SDK runs every tx on a cache of the store and writes the cache
// back only when the step succeeds (ante handler, then messages); CheckTx and Simulate work on branches of
// the committed state that are thrown away. A branch here is an overlay map with tombstones.

const DELETED: unique symbol = Symbol("deleted");

/** A key-value layer: the committed root, or a branch over another layer. */
export class Layer<V> {
  readonly #parent: Layer<V> | undefined;
  readonly #entries = new Map<string, V | typeof DELETED>();

  constructor(parent?: Layer<V>) {
    this.#parent = parent;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === DELETED) return undefined;
    return value !== undefined ? value : this.#parent?.get(key);
  }

  set(key: string, value: V): void {
    this.#entries.set(key, value);
  }

  delete(key: string): void {
    if (this.#parent === undefined) this.#entries.delete(key);
    else this.#entries.set(key, DELETED);
  }

  /** Every live entry, the overlay winning over the layers below. */
  *entries(): IterableIterator<[string, V]> {
    const seen = new Set<string>();
    for (const [key, value] of this.#entries) {
      seen.add(key);
      if (value !== DELETED) yield [key, value];
    }
    if (this.#parent === undefined) return;
    for (const [key, value] of this.#parent.entries()) if (!seen.has(key)) yield [key, value];
  }

  /** Applies this branch's changes to its parent and empties it. */
  write(): void {
    const parent = this.#parent;
    if (parent === undefined) return;
    for (const [key, value] of this.#entries) {
      if (value === DELETED) parent.delete(key);
      else parent.set(key, value);
    }
    this.#entries.clear();
  }
}

/** x/auth's view of an account. Records are replaced, never mutated, so branches stay isolated. */
export interface AccountRecord {
  readonly address: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  /** 33-byte compressed secp256k1 key, set by the account's first signed tx. */
  readonly pubKey: Uint8Array | undefined;
  /** Present for module accounts (`meta`, `fee_collector`). */
  readonly module: { readonly name: string; readonly permissions: readonly string[] } | undefined;
}

/** The stores of the emulated app: x/auth, x/bank, x/meta. */
export class ChainState {
  readonly accounts: Layer<AccountRecord>;
  /** Keyed by {@link balanceKey}. */
  readonly balances: Layer<bigint>;
  /** Total supply by denom. */
  readonly supply: Layer<bigint>;
  /** x/meta resources, keyed by payer address and hex SHA-256 of the resource. */
  readonly resources: Layer<Uint8Array>;
  /** The next account number x/auth hands out, under key `""`. */
  readonly nextAccountNumber: Layer<bigint>;
  readonly #isBranch: boolean;

  constructor(parent?: ChainState) {
    this.accounts = new Layer(parent?.accounts);
    this.balances = new Layer(parent?.balances);
    this.supply = new Layer(parent?.supply);
    this.resources = new Layer(parent?.resources);
    this.nextAccountNumber = new Layer(parent?.nextAccountNumber);
    this.#isBranch = parent !== undefined;
  }

  /** A cache over this state; nothing reaches this state until {@link ChainState.write}. */
  branch(): ChainState {
    return new ChainState(this);
  }

  /** Writes a branch's changes into the state it was taken from. */
  write(): void {
    if (!this.#isBranch) return;
    this.accounts.write();
    this.balances.write();
    this.supply.write();
    this.resources.write();
    this.nextAccountNumber.write();
  }
}

/** The key of one balance in {@link ChainState.balances}. */
export function balanceKey(address: string, denom: string): string {
  return `${address}/${denom}`;
}
