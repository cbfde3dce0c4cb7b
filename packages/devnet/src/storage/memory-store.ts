// The default store: everything in maps, gone when the process ends. Each method does all its work
// synchronously inside one call, so JavaScript's single thread makes every read-modify-write atomic without
// locks. It copies bytes in and out and keeps JSON as text, so it behaves exactly as the durable store does.
import { InvalidArgumentError, UnavailableError } from "@nillion/types";
import type {
  Balance,
  BalanceChange,
  ComputeResultRecord,
  JsonValue,
  NodeStore,
  Refund,
  SweepCounts,
  ValuesRecord,
} from "./node-store.js";
import {
  type CheckedClaim,
  checkBytes,
  checkedChange,
  checkedClaim,
  checkedRefund,
  checkedTime,
  checkMarker,
  checkValuesRecord,
  creditedTotal,
  jsonText,
} from "./store-arguments.js";

interface StoredValues {
  readonly valuesBytes: readonly Uint8Array[];
  readonly permissionsBytes: Uint8Array;
  readonly expiresAt: number;
  readonly prime: number;
}

interface StoredResult {
  readonly result: Uint8Array;
  readonly expiresAt: number;
}

interface StoredBalance {
  readonly credits: bigint;
  readonly lastUpdated: number;
  readonly expiresAt: number;
}

/**
 * A {@link NodeStore} in memory: the store a node uses without `--data-dir`.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.createValues({ id, valuesBytes, permissionsBytes, expiresAt, prime });
 * (await store.getValues(id))?.prime; // prime
 * await store.close();
 * ```
 */
export class MemoryStore implements NodeStore {
  readonly #values = new Map<string, StoredValues>();
  readonly #programs = new Map<string, Uint8Array>();
  readonly #results = new Map<string, StoredResult>();
  /** namespace → key → expiry. */
  readonly #markers = new Map<string, Map<string, number>>();
  readonly #balances = new Map<string, StoredBalance>();
  readonly #records = new Map<string, string>();
  #closed = false;

  async getValues(id: string): Promise<ValuesRecord | undefined> {
    this.#open();
    const stored = this.#values.get(id);
    return stored === undefined ? undefined : valuesRecord(id, stored);
  }

  async createValues(record: ValuesRecord): Promise<boolean> {
    this.#open();
    const expiresAt = checkValuesRecord(record);
    if (this.#values.has(record.id)) return false;
    this.#values.set(record.id, storedValues(record, expiresAt));
    return true;
  }

  async updateValues(
    id: string,
    update: (current: ValuesRecord) => ValuesRecord,
  ): Promise<ValuesRecord | undefined> {
    this.#open();
    const current = this.#values.get(id);
    if (current === undefined) return undefined;
    const next = update(valuesRecord(id, current));
    if (next.id !== id) {
      throw new InvalidArgumentError(`an update cannot change the values id ${id}`, { argument: "update" });
    }
    const stored = storedValues(next, checkValuesRecord(next));
    this.#values.set(id, stored);
    return valuesRecord(id, stored);
  }

  async deleteValues(id: string, authorize?: (current: ValuesRecord) => void): Promise<boolean> {
    this.#open();
    const stored = this.#values.get(id);
    if (stored === undefined) return false;
    authorize?.(valuesRecord(id, stored));
    return this.#values.delete(id);
  }

  async getProgram(id: string): Promise<Uint8Array | undefined> {
    this.#open();
    const program = this.#programs.get(id);
    return program === undefined ? undefined : new Uint8Array(program);
  }

  async createProgram(id: string, program: Uint8Array): Promise<boolean> {
    this.#open();
    checkBytes(program, "program");
    if (this.#programs.has(id)) return false;
    this.#programs.set(id, new Uint8Array(program));
    return true;
  }

  async getResult(id: string): Promise<ComputeResultRecord | undefined> {
    this.#open();
    const stored = this.#results.get(id);
    if (stored === undefined) return undefined;
    return { id, result: new Uint8Array(stored.result), expiresAt: new Date(stored.expiresAt) };
  }

  async putResult(record: ComputeResultRecord): Promise<void> {
    this.#open();
    checkBytes(record.result, "record.result");
    const expiresAt = checkedTime(record.expiresAt, "record.expiresAt");
    this.#results.set(record.id, { result: new Uint8Array(record.result), expiresAt });
  }

  async deleteResult(id: string): Promise<boolean> {
    this.#open();
    return this.#results.delete(id);
  }

  async claim(namespace: string, key: string, expiresAt: Date): Promise<boolean> {
    this.#open();
    return this.#claim(checkedClaim({ namespace, key, expiresAt }));
  }

  async getBalance(user: string): Promise<Balance | undefined> {
    this.#open();
    const stored = this.#balances.get(user);
    return stored === undefined ? undefined : balance(stored);
  }

  async addCredits(
    user: string,
    amount: bigint,
    change: BalanceChange,
  ): Promise<Balance | "already-claimed"> {
    this.#open();
    const { lastUpdated, expiresAt, claim } = checkedChange(amount, change);
    const credits = creditedTotal(this.#liveBalance(user, lastUpdated)?.credits ?? 0n, amount);
    if (claim !== undefined && !this.#claim(claim)) return "already-claimed";
    const stored = { credits, lastUpdated, expiresAt };
    this.#balances.set(user, stored);
    return balance(stored);
  }

  async deductCredits(
    user: string,
    amount: bigint,
    change: BalanceChange,
  ): Promise<Balance | "insufficient-funds" | "already-claimed"> {
    this.#open();
    const { lastUpdated, expiresAt, claim } = checkedChange(amount, change);
    if (claim !== undefined && this.#markers.get(claim.namespace)?.has(claim.key)) return "already-claimed";
    const current = this.#liveBalance(user, lastUpdated);
    if (current === undefined || current.credits < amount) return "insufficient-funds";
    if (claim !== undefined) this.#claim(claim);
    const stored = { credits: current.credits - amount, lastUpdated, expiresAt };
    this.#balances.set(user, stored);
    return balance(stored);
  }

  async releaseClaim(namespace: string, key: string, refund?: Refund): Promise<Balance | undefined> {
    this.#open();
    checkMarker(namespace, key);
    let refunded: { user: string; stored: StoredBalance } | undefined;
    if (refund !== undefined) {
      const { user, amount, lastUpdated, expiresAt } = checkedRefund(refund);
      const credits = creditedTotal(
        this.#liveBalance(user, lastUpdated)?.credits ?? 0n,
        amount,
        "refund.amount",
      );
      refunded = { user, stored: { credits, lastUpdated, expiresAt } };
    }
    // Everything that can refuse has run: from here on both changes happen.
    const keys = this.#markers.get(namespace);
    keys?.delete(key);
    if (keys?.size === 0) this.#markers.delete(namespace);
    if (refunded === undefined) return undefined;
    this.#balances.set(refunded.user, refunded.stored);
    return balance(refunded.stored);
  }

  async getRecord(key: string): Promise<JsonValue | undefined> {
    this.#open();
    const text = this.#records.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
  }

  async putRecord(key: string, value: JsonValue): Promise<void> {
    this.#open();
    this.#records.set(key, jsonText(value));
  }

  async updateRecord(key: string, update: (current: JsonValue | undefined) => JsonValue): Promise<JsonValue> {
    this.#open();
    const text = this.#records.get(key);
    const next = jsonText(update(text === undefined ? undefined : (JSON.parse(text) as JsonValue)));
    this.#records.set(key, next);
    return JSON.parse(next) as JsonValue;
  }

  async sweepExpired(now: Date): Promise<SweepCounts> {
    this.#open();
    const time = checkedTime(now, "now");
    let markers = 0;
    for (const [namespace, keys] of this.#markers) {
      markers += sweep(keys, (expiresAt) => expiresAt <= time);
      if (keys.size === 0) this.#markers.delete(namespace);
    }
    return {
      values: sweep(this.#values, (stored) => stored.expiresAt <= time),
      results: sweep(this.#results, (stored) => stored.expiresAt <= time),
      markers,
      balances: sweep(this.#balances, (stored) => stored.expiresAt <= time),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #open(): void {
    if (this.#closed) throw new UnavailableError("the node store is closed");
  }

  /** The balance of `user` unless it expired by `now`: an expired balance counts as none, swept or not. */
  #liveBalance(user: string, now: number): StoredBalance | undefined {
    const stored = this.#balances.get(user);
    return stored !== undefined && stored.expiresAt > now ? stored : undefined;
  }

  #claim({ namespace, key, expiresAt }: CheckedClaim): boolean {
    let keys = this.#markers.get(namespace);
    if (keys === undefined) {
      keys = new Map();
      this.#markers.set(namespace, keys);
    }
    if (keys.has(key)) return false;
    keys.set(key, expiresAt);
    return true;
  }
}

function storedValues(record: ValuesRecord, expiresAt: number): StoredValues {
  return {
    valuesBytes: record.valuesBytes.map((bytes) => new Uint8Array(bytes)),
    permissionsBytes: new Uint8Array(record.permissionsBytes),
    expiresAt,
    prime: record.prime,
  };
}

function valuesRecord(id: string, stored: StoredValues): ValuesRecord {
  return {
    id,
    valuesBytes: stored.valuesBytes.map((bytes) => new Uint8Array(bytes)),
    permissionsBytes: new Uint8Array(stored.permissionsBytes),
    expiresAt: new Date(stored.expiresAt),
    prime: stored.prime,
  };
}

function balance(stored: StoredBalance): Balance {
  return {
    credits: stored.credits,
    lastUpdated: new Date(stored.lastUpdated),
    expiresAt: new Date(stored.expiresAt),
  };
}

/** Deletes the entries `expired` picks; returns how many. */
function sweep<V>(map: Map<string, V>, expired: (value: V) => boolean): number {
  let count = 0;
  for (const [key, value] of map) {
    if (expired(value)) {
      map.delete(key);
      count += 1;
    }
  }
  return count;
}
