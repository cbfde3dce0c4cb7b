// What one nilvm node keeps between requests, as the reference node splits it between its blob store and
// its SQLite tables (node-mpc.md §5, wire-protocol.md §4): stored values with their permissions, programs,
// compute results, single-use markers (quote nonces, receipt ids, add-funds tx hashes), prepaid balances and
// the leader's preprocessing bookkeeping. Records are plain data; payloads stay encoded protobuf bytes, so
// this layer never depends on the wire schema.

/**
 * One stored value set (the reference node's `UserValues`): this node's shares and public values as the
 * client sent them, their permissions, when they expire and the cluster prime they belong to.
 *
 * @example
 * ```ts
 * const record: ValuesRecord = {
 *   id: "8a4a3c4e-5c1d-4f57-9d5e-2b1f0e6c7a10", // the StoreValues receipt identifier
 *   valuesBytes: [toBinary(NamedValueSchema, value)],
 *   permissionsBytes: toBinary(PermissionsSchema, permissions),
 *   expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
 *   prime: Prime.SAFE_256_BITS,
 * };
 * ```
 */
export interface ValuesRecord {
  /** The values id: the UUID string of the receipt that stored them. */
  readonly id: string;
  /** Each value as an encoded `NamedValue`, in the order the client sent them. */
  readonly valuesBytes: readonly Uint8Array[];
  /** The encoded `Permissions` message. */
  readonly permissionsBytes: Uint8Array;
  /** When the values expire. The store keeps them until {@link NodeStore.sweepExpired} runs. */
  readonly expiresAt: Date;
  /** The cluster prime the shares belong to (the `Prime` enum number). */
  readonly prime: number;
}

/**
 * A compute result (the reference node's `ComputeResult` blob, kept for one day).
 *
 * @example
 * ```ts
 * const stored = await store.getResult(computeId);
 * if (stored === undefined || stored.expiresAt <= new Date()) throw new NotFoundError("not found");
 * ```
 */
export interface ComputeResultRecord {
  /** The compute id: the UUID string of the InvokeCompute receipt. */
  readonly id: string;
  /** The encoded result. */
  readonly result: Uint8Array;
  /** When the result expires. */
  readonly expiresAt: Date;
}

/**
 * A single-use marker: a `key` in a `namespace` that can be claimed once until it is swept after
 * `expiresAt`. Namespaces keep unrelated markers apart; keys are compared exactly, so callers normalise
 * them first (add-funds tx hashes are deduplicated case-insensitively: lower-case them).
 *
 * @example
 * ```ts
 * const nonce: Claim = { namespace: "quote-nonce", key: hex(quote.nonce), expiresAt: quoteExpiry };
 * ```
 */
export interface Claim {
  readonly namespace: string;
  readonly key: string;
  /** After this instant the marker may be swept, and the key claimed again. */
  readonly expiresAt: Date;
}

/**
 * A user's prepaid balance (the reference node's `account_balances` row).
 *
 * @example
 * ```ts
 * const balance = await store.getBalance(userHex);
 * const answer = balance ?? { credits: 0n, lastUpdated: new Date(0), expiresAt: new Date(0) };
 * ```
 */
export interface Balance {
  /** Credits (US cents), never negative. */
  readonly credits: bigint;
  /** When the balance last changed. */
  readonly lastUpdated: Date;
  /** When the balance expires; {@link NodeStore.sweepExpired} removes it after that. */
  readonly expiresAt: Date;
}

/**
 * The bookkeeping of one balance change: when it happens, the expiry it gives the balance, and optionally a
 * marker claimed in the same atomic step, so a crash can never leave the marker claimed without the change
 * made (or the reverse).
 *
 * @example
 * ```ts
 * const change: BalanceChange = {
 *   now,
 *   expiresAt: new Date(now.getTime() + expirationDays * 86_400_000),
 *   claim: { namespace: "add-funds-tx", key: txHash.toLowerCase(), expiresAt: farFuture },
 * };
 * ```
 */
export interface BalanceChange {
  readonly now: Date;
  readonly expiresAt: Date;
  readonly claim?: Claim;
}

/**
 * Credits given back to a user: the amount (> 0) and, as for any balance change, when it happens and the
 * expiry it gives the balance.
 *
 * @example
 * ```ts
 * const refund: Refund = { user: userHex, amount: 100n, now, expiresAt: new Date(now.getTime() + 30 * 86_400_000) };
 * ```
 */
export interface Refund {
  readonly user: string;
  readonly amount: bigint;
  readonly now: Date;
  readonly expiresAt: Date;
}

/**
 * A JSON value, for the small records the leader keeps about its preprocessing pools.
 *
 * @example
 * ```ts
 * const offsets: JsonValue = { latest: 1024, committed: 96, target: 2000, nextBatchId: 8 };
 * ```
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * How many records of each kind {@link NodeStore.sweepExpired} removed.
 *
 * @example
 * ```ts
 * const swept: SweepCounts = await store.sweepExpired(new Date());
 * if (swept.values > 0) log(`removed ${swept.values} expired value sets`);
 * ```
 */
export interface SweepCounts {
  readonly values: number;
  readonly results: number;
  readonly markers: number;
  readonly balances: number;
}

/**
 * Everything a node keeps. Every method is atomic: a read-modify-write (`update…`, `claim`, the credit
 * changes) runs alone against the record it touches, so concurrent calls serialise and none is lost. Record
 * contents are copied in and out: mutating an argument or a returned record never changes the store.
 *
 * The functions handed to `updateValues`, `deleteValues` and `updateRecord` run inside that atomic step:
 * they must be synchronous and must not call the store. Throwing from one aborts the step with nothing
 * changed, and the call rejects with that error — which is how a caller refuses an update it is not
 * allowed to make (e.g. `PermissionDeniedError`).
 *
 * Expiry is the caller's business until {@link NodeStore.sweepExpired} runs: getters return expired records
 * (the node answers "entity expired" for them) and a claimed marker stays claimed until swept. A record
 * whose `expiresAt` is at or before the sweep's `now` is expired.
 *
 * Invalid arguments (an invalid Date, a non-positive or oversized amount, a value that is not JSON) reject
 * with `InvalidArgumentError`; a damaged durable store rejects with `InternalError`; a closed store rejects
 * with `UnavailableError`.
 *
 * @example
 * ```ts
 * const store: NodeStore = dataDir === undefined ? new MemoryStore() : await SqliteStore.open(dataDir);
 * if (!(await store.claim("receipt", receiptId, receiptExpiry))) {
 *   throw new ConnectError("nonce already used", Code.FailedPrecondition);
 * }
 * ```
 */
export interface NodeStore {
  /** The value set stored under `id`, expired or not, or undefined. */
  getValues(id: string): Promise<ValuesRecord | undefined>;
  /** Stores `record` unless its id is taken; resolves false (and changes nothing) when it is. */
  createValues(record: ValuesRecord): Promise<boolean>;
  /**
   * Replaces the value set `id` with what `update` returns for the current one, atomically. Resolves the
   * new record, or undefined (without calling `update`) when there is none. `update` must keep the id.
   */
  updateValues(
    id: string,
    update: (current: ValuesRecord) => ValuesRecord,
  ): Promise<ValuesRecord | undefined>;
  /**
   * Deletes the value set `id`; resolves false when there is none. `authorize`, if given, sees the record in
   * the same atomic step and throws to refuse.
   */
  deleteValues(id: string, authorize?: (current: ValuesRecord) => void): Promise<boolean>;

  /** The program stored under `id` (a program id such as `<user>/<name>/sha256/<hash>`), or undefined. */
  getProgram(id: string): Promise<Uint8Array | undefined>;
  /** Stores a program unless `id` is taken; resolves false when it is (the id pins the contents' hash). */
  createProgram(id: string, program: Uint8Array): Promise<boolean>;

  /** The result of compute `id`, expired or not, or undefined. */
  getResult(id: string): Promise<ComputeResultRecord | undefined>;
  /** Stores (or replaces) the result of compute `record.id`. */
  putResult(record: ComputeResultRecord): Promise<void>;
  /** Deletes the result of compute `id`; resolves false when there is none. */
  deleteResult(id: string): Promise<boolean>;

  /**
   * Claims the single-use marker `key` in `namespace`: resolves true for exactly one of any number of
   * concurrent claims, false for every other and for every later claim until the marker is swept.
   */
  claim(namespace: string, key: string, expiresAt: Date): Promise<boolean>;

  /** The balance of `user`, expired or not, or undefined when the user has none. */
  getBalance(user: string): Promise<Balance | undefined>;
  /**
   * Adds `amount` credits (> 0) to the balance of `user`, starting from zero if there is none or it expired
   * by `change.now`, and sets its `lastUpdated` and `expiresAt` from `change`. Resolves the new balance, or `"already-claimed"` (changing
   * nothing) when `change.claim` names a marker that is already claimed.
   */
  addCredits(user: string, amount: bigint, change: BalanceChange): Promise<Balance | "already-claimed">;
  /**
   * Takes `amount` credits (> 0) from the balance of `user` if it holds that many and has not expired by
   * `change.now`. Resolves the new balance, `"insufficient-funds"` when it does not, or `"already-claimed"` when
   * `change.claim` is already claimed; both refusals change nothing, so the marker stays free for a
   * payment on chain with the same quote.
   */
  deductCredits(
    user: string,
    amount: bigint,
    change: BalanceChange,
  ): Promise<Balance | "insufficient-funds" | "already-claimed">;

  /**
   * Undoes a charge whose operation was then refused, in one atomic step: frees the marker `key` in
   * `namespace` (claimed or not: a sweep may have removed it already), so that it can be claimed again,
   * and with `refund` adds its credits back to the user's balance exactly as {@link addCredits} would.
   * Resolves the balance after the refund, or undefined without one. A refund that would take the
   * balance past its limit rejects with `InvalidArgumentError` and changes nothing: the marker stays
   * claimed.
   */
  releaseClaim(namespace: string, key: string, refund?: Refund): Promise<Balance | undefined>;

  /** The small JSON record stored under `key`, or undefined. */
  getRecord(key: string): Promise<JsonValue | undefined>;
  /** Stores (or replaces) the small JSON record `key`. */
  putRecord(key: string, value: JsonValue): Promise<void>;
  /** Replaces the record `key` with what `update` returns for the current one (undefined if none), atomically. */
  updateRecord(key: string, update: (current: JsonValue | undefined) => JsonValue): Promise<JsonValue>;

  /** Deletes every value set, result, marker and balance whose `expiresAt` is at or before `now`. */
  sweepExpired(now: Date): Promise<SweepCounts>;

  /** Releases the store; later calls reject with `UnavailableError`. Closing twice is harmless. */
  close(): Promise<void>;
}
