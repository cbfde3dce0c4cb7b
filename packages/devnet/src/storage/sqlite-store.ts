// The durable store behind `--data-dir`: one SQLite database (through `libsql`, whose per-platform packages
// carry prebuilt binaries) in write-ahead-log mode, as the reference node keeps its bookkeeping in SQLite.
// libsql's calls are synchronous, so every method does its reads and writes inside one call: nothing else
// in this process runs in between, and the transactions (BEGIN IMMEDIATE) serialise any other process too.
// A method resolves only after SQLite's COMMIT returned, which is the acknowledgement the guarantees of
// `SqliteStoreOptions.survives` are about.
import fs from "node:fs";
import path from "node:path";
import { InternalError, InvalidArgumentError, UnavailableError } from "@nillion/types";
import type Libsql from "libsql";
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

/** The database file, with its `-wal` and `-shm` companions beside it. */
const DATABASE_FILE = "node.sqlite";
/**
 * Written once the schema is committed. A database that is missing or empty while this file exists was
 * lost or truncated, and is reported instead of silently starting over with an empty store.
 */
const MARKER_FILE = "store.json";
/** The schema version, kept both in the marker and in SQLite's `user_version`. */
const FORMAT = 1;
/** How long a call waits for another process's write lock before failing with `UnavailableError`. */
const BUSY_TIMEOUT_MS = 2000;

// SQLite's primary result codes (the low byte of an extended code) that need their own error.
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

const SCHEMA = `
  CREATE TABLE user_values (
    id TEXT PRIMARY KEY,
    values_bytes BLOB NOT NULL,
    permissions_bytes BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    prime INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX user_values_expiry ON user_values (expires_at);
  CREATE TABLE programs (id TEXT PRIMARY KEY, program BLOB NOT NULL) STRICT;
  CREATE TABLE compute_results (id TEXT PRIMARY KEY, result BLOB NOT NULL, expires_at INTEGER NOT NULL) STRICT;
  CREATE INDEX compute_results_expiry ON compute_results (expires_at);
  CREATE TABLE used_markers (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (namespace, key)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX used_markers_expiry ON used_markers (expires_at);
  CREATE TABLE balances (
    user_id TEXT PRIMARY KEY,
    credits INTEGER NOT NULL CHECK (credits >= 0),
    last_updated INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX balances_expiry ON balances (expires_at);
  CREATE TABLE records (key TEXT PRIMARY KEY, json TEXT NOT NULL) STRICT;
  PRAGMA user_version = ${FORMAT};
`;

/**
 * Options of {@link SqliteStore.open}.
 *
 * @example
 * ```ts
 * const store = await SqliteStore.open(dir, { survives: "power-loss" });
 * ```
 */
export interface SqliteStoreOptions {
  /**
   * What an acknowledged write survives.
   *
   * - `"process-crash"` (default): the process dying at any instant, `kill -9` included. A commit is written
   *   to the log with `write(2)` before the call resolves, so it is in the operating system's hands; the log
   *   is synced to disk only at checkpoints (SQLite `synchronous=NORMAL`). An operating-system crash or a
   *   power loss can undo the last commits, never half of one, and never damage the database.
   * - `"power-loss"`: also an operating-system crash or a power loss, on a disk that honours flushes. Every
   *   commit is synced before the call resolves (`synchronous=FULL`, and `F_FULLFSYNC` on macOS); each write
   *   then costs a disk flush.
   */
  readonly survives?: "process-crash" | "power-loss";
}

type Row = unknown[];
type SqliteError = InstanceType<Libsql.SqliteError>;

/**
 * A {@link NodeStore} in a directory: what a node uses with `--data-dir`. Everything a call acknowledged is
 * there after a restart, however the process ended (see {@link SqliteStoreOptions.survives} for the exact
 * guarantee). One directory per node; other processes opening it are serialised by SQLite's locks.
 *
 * A damaged directory — a database that is not SQLite, fails SQLite's `quick_check`, lacks its schema, or
 * is missing or empty although the store was created — makes {@link SqliteStore.open} reject with
 * `InternalError` rather than start empty; damage found later rejects the call that met it the same way.
 *
 * @example
 * ```ts
 * const store = await SqliteStore.open(path.join(dataDir, "node-0"));
 * await store.putRecord("prep/compare", { latest: 0, committed: 0 });
 * await store.close(); // reopening the directory finds the record
 * ```
 */
export class SqliteStore implements NodeStore {
  readonly #directory: string;
  readonly #isSqliteError: (error: unknown) => error is SqliteError;
  #db: Libsql.Database | undefined;
  readonly #statements = new Map<string, Libsql.Statement>();

  private constructor(
    directory: string,
    db: Libsql.Database,
    isSqliteError: (error: unknown) => error is SqliteError,
  ) {
    this.#directory = directory;
    this.#db = db;
    this.#isSqliteError = isSqliteError;
  }

  /**
   * Opens the store in `directory`, creating the directory and an empty store if there is none.
   *
   * @example
   * ```ts
   * const store = await SqliteStore.open("/var/lib/nillion-devnet/node-0");
   * ```
   * @throws {InvalidArgumentError} for an unknown `survives` option
   * @throws {InternalError} when the directory holds a damaged store, a store of a newer format, or an
   *   SQLite database that is not a node store
   * @throws {UnavailableError} when another process holds the database locked
   */
  static async open(directory: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const survives = options.survives ?? "process-crash";
    if (survives !== "process-crash" && survives !== "power-loss") {
      throw new InvalidArgumentError(
        `survives must be "process-crash" or "power-loss", not ${String(survives)}`,
        {
          argument: "survives",
        },
      );
    }
    const databasePath = path.join(directory, DATABASE_FILE);
    const markerPath = path.join(directory, MARKER_FILE);
    try {
      fs.mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw new InternalError(`cannot create the node store directory ${directory}`, {
        cause: error,
        details: { directory },
      });
    }
    const created = readMarker(markerPath, directory);
    if (created && !(fs.existsSync(databasePath) && fs.statSync(databasePath).size > 0)) {
      throw damaged(
        directory,
        `${DATABASE_FILE} is missing or empty, although ${MARKER_FILE} records a store`,
      );
    }
    // Loaded only here, so a node without --data-dir never loads the native binary.
    const { default: Database } = await import("libsql");
    const isSqliteError = (error: unknown): error is SqliteError => error instanceof Database.SqliteError;
    let db: Libsql.Database | undefined;
    try {
      const opened = new Database(databasePath);
      db = opened;
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Everything is checked before anything is written, so a damaged or foreign database stays as it was.
      const problems = rows(db, "PRAGMA quick_check").map((row) => String(row[0]));
      if (problems.join() !== "ok") throw damaged(directory, problems.slice(0, 5).join("; "));
      const version = Number(rows(db, "PRAGMA user_version")[0]?.[0]);
      const tables = Number(rows(db, "SELECT count(*) FROM sqlite_schema")[0]?.[0]);
      if (version === 0 && created) throw damaged(directory, "its schema is missing");
      if (version === 0 && tables !== 0) {
        throw new InternalError(`${databasePath} is an SQLite database but not a node store`, {
          details: { directory },
        });
      }
      if (version !== 0 && version !== FORMAT) {
        throw damaged(directory, `its schema version is ${version}, this store reads version ${FORMAT}`);
      }
      configure(db, survives);
      if (version === 0) db.transaction(() => opened.exec(SCHEMA)).immediate();
      if (!created) {
        // Moves the schema from the log into the database file, so the file is not empty once the marker
        // says a store exists.
        rows(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        writeMarker(markerPath, directory);
      }
      return new SqliteStore(directory, db, isSqliteError);
    } catch (error) {
      db?.close();
      throw isSqliteError(error) ? storeError(directory, error) : error;
    }
  }

  async getValues(id: string): Promise<ValuesRecord | undefined> {
    return this.#use(() => this.#values(id));
  }

  async createValues(record: ValuesRecord): Promise<boolean> {
    return this.#use(() => {
      const expiresAt = checkValuesRecord(record);
      return (
        this.#run(
          `INSERT INTO user_values (id, values_bytes, permissions_bytes, expires_at, prime) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING`,
          [record.id, packValues(record.valuesBytes), record.permissionsBytes, expiresAt, record.prime],
        ) === 1
      );
    });
  }

  async updateValues(
    id: string,
    update: (current: ValuesRecord) => ValuesRecord,
  ): Promise<ValuesRecord | undefined> {
    return this.#transaction(() => {
      const current = this.#values(id);
      if (current === undefined) return undefined;
      const next = update(current);
      if (next.id !== id) {
        throw new InvalidArgumentError(`an update cannot change the values id ${id}`, { argument: "update" });
      }
      const expiresAt = checkValuesRecord(next);
      this.#run(
        "UPDATE user_values SET values_bytes = ?, permissions_bytes = ?, expires_at = ?, prime = ? WHERE id = ?",
        [packValues(next.valuesBytes), next.permissionsBytes, expiresAt, next.prime, id],
      );
      return this.#values(id);
    });
  }

  async deleteValues(id: string, authorize?: (current: ValuesRecord) => void): Promise<boolean> {
    return this.#transaction(() => {
      if (authorize !== undefined) {
        const current = this.#values(id);
        if (current === undefined) return false;
        authorize(current);
      }
      return this.#run("DELETE FROM user_values WHERE id = ?", [id]) === 1;
    });
  }

  async getProgram(id: string): Promise<Uint8Array | undefined> {
    return this.#use(() => {
      const row = this.#get("SELECT program FROM programs WHERE id = ?", [id]);
      return row === undefined ? undefined : this.#bytes(row, 0, `program ${id}`);
    });
  }

  async createProgram(id: string, program: Uint8Array): Promise<boolean> {
    return this.#use(() => {
      checkBytes(program, "program");
      return (
        this.#run("INSERT INTO programs (id, program) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", [
          id,
          program,
        ]) === 1
      );
    });
  }

  async getResult(id: string): Promise<ComputeResultRecord | undefined> {
    return this.#use(() => {
      const row = this.#get("SELECT result, expires_at FROM compute_results WHERE id = ?", [id]);
      if (row === undefined) return undefined;
      const what = `compute result ${id}`;
      return { id, result: this.#bytes(row, 0, what), expiresAt: new Date(this.#integer(row, 1, what)) };
    });
  }

  async putResult(record: ComputeResultRecord): Promise<void> {
    this.#use(() => {
      checkBytes(record.result, "record.result");
      const expiresAt = checkedTime(record.expiresAt, "record.expiresAt");
      this.#run(
        `INSERT INTO compute_results (id, result, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET result = excluded.result, expires_at = excluded.expires_at`,
        [record.id, record.result, expiresAt],
      );
    });
  }

  async deleteResult(id: string): Promise<boolean> {
    return this.#use(() => this.#run("DELETE FROM compute_results WHERE id = ?", [id]) === 1);
  }

  async claim(namespace: string, key: string, expiresAt: Date): Promise<boolean> {
    return this.#use(() => this.#claim(checkedClaim({ namespace, key, expiresAt })));
  }

  async getBalance(user: string): Promise<Balance | undefined> {
    return this.#use(() => this.#balance(user));
  }

  async addCredits(
    user: string,
    amount: bigint,
    change: BalanceChange,
  ): Promise<Balance | "already-claimed"> {
    return this.#transaction(() => {
      const { lastUpdated, expiresAt, claim } = checkedChange(amount, change);
      const credits = creditedTotal(this.#liveBalance(user, lastUpdated)?.credits ?? 0n, amount);
      if (claim !== undefined && !this.#claim(claim)) return "already-claimed";
      return this.#putBalance(user, {
        credits,
        lastUpdated: new Date(lastUpdated),
        expiresAt: new Date(expiresAt),
      });
    });
  }

  async deductCredits(
    user: string,
    amount: bigint,
    change: BalanceChange,
  ): Promise<Balance | "insufficient-funds" | "already-claimed"> {
    return this.#transaction(() => {
      const { lastUpdated, expiresAt, claim } = checkedChange(amount, change);
      if (claim !== undefined && this.#isClaimed(claim)) return "already-claimed";
      const current = this.#liveBalance(user, lastUpdated);
      if (current === undefined || current.credits < amount) return "insufficient-funds";
      if (claim !== undefined) this.#claim(claim);
      return this.#putBalance(user, {
        credits: current.credits - amount,
        lastUpdated: new Date(lastUpdated),
        expiresAt: new Date(expiresAt),
      });
    });
  }

  async releaseClaim(namespace: string, key: string, refund?: Refund): Promise<Balance | undefined> {
    return this.#transaction(() => {
      checkMarker(namespace, key);
      const checked = refund === undefined ? undefined : checkedRefund(refund);
      this.#run("DELETE FROM used_markers WHERE namespace = ? AND key = ?", [namespace, key]);
      if (checked === undefined) return undefined;
      const { user, amount, lastUpdated, expiresAt } = checked;
      const current = this.#liveBalance(user, lastUpdated)?.credits ?? 0n;
      return this.#putBalance(user, {
        credits: creditedTotal(current, amount, "refund.amount"),
        lastUpdated: new Date(lastUpdated),
        expiresAt: new Date(expiresAt),
      });
    });
  }

  async getRecord(key: string): Promise<JsonValue | undefined> {
    return this.#use(() => this.#record(key));
  }

  async putRecord(key: string, value: JsonValue): Promise<void> {
    this.#use(() => this.#putRecord(key, jsonText(value)));
  }

  async updateRecord(key: string, update: (current: JsonValue | undefined) => JsonValue): Promise<JsonValue> {
    return this.#transaction(() => {
      const next = jsonText(update(this.#record(key)));
      this.#putRecord(key, next);
      return JSON.parse(next) as JsonValue;
    });
  }

  async sweepExpired(now: Date): Promise<SweepCounts> {
    return this.#transaction(() => {
      const time = checkedTime(now, "now");
      return {
        values: this.#run("DELETE FROM user_values WHERE expires_at <= ?", [time]),
        results: this.#run("DELETE FROM compute_results WHERE expires_at <= ?", [time]),
        markers: this.#run("DELETE FROM used_markers WHERE expires_at <= ?", [time]),
        balances: this.#run("DELETE FROM balances WHERE expires_at <= ?", [time]),
      };
    });
  }

  async close(): Promise<void> {
    const db = this.#db;
    if (db === undefined) return;
    this.#db = undefined;
    this.#statements.clear();
    try {
      // Folds the log into the database file, so a closed store is one self-contained file.
      rows(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (error) {
      throw this.#isSqliteError(error) ? storeError(this.#directory, error) : error;
    } finally {
      db.close();
    }
  }

  #database(): Libsql.Database {
    if (this.#db === undefined) throw new UnavailableError("the node store is closed");
    return this.#db;
  }

  /** Runs `work` against the open database, turning SQLite failures into the SDK's errors. */
  #use<T>(work: () => T): T {
    this.#database();
    try {
      return work();
    } catch (error) {
      throw this.#isSqliteError(error) ? storeError(this.#directory, error) : error;
    }
  }

  /**
   * Runs `work` in one write transaction, taken up front (IMMEDIATE) so no other writer can slip in between
   * its reads and its writes. A throw rolls everything back and rejects with that error.
   */
  #transaction<T>(work: () => T): T {
    return this.#use(() => this.#database().transaction(work).immediate());
  }

  #statement(sql: string, reads: boolean): Libsql.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database().prepare(sql);
      // Raw rows are arrays (libsql adds a `_metadata` entry to row objects); integers come back as bigints,
      // so a credit count above 2^53 reads back exactly.
      if (reads) statement.raw().safeIntegers(true);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  // Parameters always go in as one array: libsql treats a lone object argument (a Uint8Array included) as
  // named parameters, and aborts the process on a positional statement.
  #get(sql: string, parameters: unknown[]): Row | undefined {
    return this.#statement(sql, true).get(parameters) as Row | undefined;
  }

  /** Runs a write; returns how many rows it changed. */
  #run(sql: string, parameters: unknown[]): number {
    return this.#statement(sql, false).run(parameters).changes;
  }

  #claim({ namespace, key, expiresAt }: CheckedClaim): boolean {
    return (
      this.#run(
        "INSERT INTO used_markers (namespace, key, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [namespace, key, expiresAt],
      ) === 1
    );
  }

  #isClaimed({ namespace, key }: CheckedClaim): boolean {
    return (
      this.#get("SELECT 1 FROM used_markers WHERE namespace = ? AND key = ?", [namespace, key]) !== undefined
    );
  }

  #balance(user: string): Balance | undefined {
    const row = this.#get("SELECT credits, last_updated, expires_at FROM balances WHERE user_id = ?", [user]);
    if (row === undefined) return undefined;
    const what = `balance of ${user}`;
    const credits = row[0];
    if (typeof credits !== "bigint" || credits < 0n)
      throw damaged(this.#directory, `the ${what} is not a credit count`);
    return {
      credits,
      lastUpdated: new Date(this.#integer(row, 1, what)),
      expiresAt: new Date(this.#integer(row, 2, what)),
    };
  }

  /** The balance of `user` unless it expired by `now`: an expired balance counts as none, swept or not. */
  #liveBalance(user: string, now: number): Balance | undefined {
    const balance = this.#balance(user);
    return balance !== undefined && balance.expiresAt.getTime() > now ? balance : undefined;
  }

  #putBalance(user: string, balance: Balance): Balance {
    this.#run(
      `INSERT INTO balances (user_id, credits, last_updated, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET
         credits = excluded.credits, last_updated = excluded.last_updated, expires_at = excluded.expires_at`,
      [user, balance.credits, balance.lastUpdated.getTime(), balance.expiresAt.getTime()],
    );
    return balance;
  }

  #record(key: string): JsonValue | undefined {
    const row = this.#get("SELECT json FROM records WHERE key = ?", [key]);
    if (row === undefined) return undefined;
    try {
      return JSON.parse(String(row[0])) as JsonValue;
    } catch (error) {
      throw damaged(this.#directory, `the record ${key} is not JSON`, error);
    }
  }

  #putRecord(key: string, json: string): void {
    this.#run(
      "INSERT INTO records (key, json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET json = excluded.json",
      [key, json],
    );
  }

  #values(id: string): ValuesRecord | undefined {
    const row = this.#get(
      "SELECT values_bytes, permissions_bytes, expires_at, prime FROM user_values WHERE id = ?",
      [id],
    );
    if (row === undefined) return undefined;
    const what = `values ${id}`;
    const cutShort = () => damaged(this.#directory, `the ${what} are cut short`);
    return {
      id,
      valuesBytes: unpackValues(this.#bytes(row, 0, what), cutShort),
      permissionsBytes: this.#bytes(row, 1, what),
      expiresAt: new Date(this.#integer(row, 2, what)),
      prime: this.#integer(row, 3, what),
    };
  }

  /** A copy of the blob in column `index`, in a plain Uint8Array (libsql returns Buffers). */
  #bytes(row: Row, index: number, what: string): Uint8Array {
    const value = row[index];
    if (!(value instanceof Uint8Array)) throw damaged(this.#directory, `the ${what} lacks its bytes`);
    return new Uint8Array(value);
  }

  #integer(row: Row, index: number, what: string): number {
    const value = row[index];
    const number = typeof value === "bigint" ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number)) throw damaged(this.#directory, `the ${what} has a malformed number`);
    return number;
  }
}

function configure(db: Libsql.Database, survives: "process-crash" | "power-loss"): void {
  const power = survives === "power-loss";
  db.exec(`
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = ${power ? "FULL" : "NORMAL"};
    PRAGMA fullfsync = ${power ? "ON" : "OFF"};
  `);
}

function rows(db: Libsql.Database, sql: string): Row[] {
  return db.prepare(sql).raw().safeIntegers(true).all([]) as Row[];
}

/** Whether the marker is there; a marker that does not read as this format is damage or a newer store. */
function readMarker(file: string, directory: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new InternalError(`cannot read ${file}`, { cause: error, details: { directory } });
  }
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown } | null)?.format;
  } catch (error) {
    throw damaged(directory, `${MARKER_FILE} is not JSON`, error);
  }
  if (format !== FORMAT) {
    throw new InternalError(
      `the node store in ${directory} has format ${String(format)}; this version reads ${FORMAT}`,
      {
        details: { directory },
      },
    );
  }
  return true;
}

function writeMarker(file: string, directory: string): void {
  // Written under another name, synced, then renamed: a crash leaves either no marker or a whole one.
  const temporary = `${file}.tmp`;
  const fd = fs.openSync(temporary, "w");
  try {
    fs.writeSync(fd, `${JSON.stringify({ format: FORMAT })}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  syncDirectory(directory);
}

function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(directory, "r");
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a directory to sync it; its renames are durable once they return.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The values as one blob: a 4-byte count, then each value's 4-byte length and bytes (little-endian). */
function packValues(values: readonly Uint8Array[]): Uint8Array {
  const blob = new Uint8Array(4 + values.reduce((sum, bytes) => sum + 4 + bytes.length, 0));
  const view = new DataView(blob.buffer);
  view.setUint32(0, values.length, true);
  let offset = 4;
  for (const bytes of values) {
    view.setUint32(offset, bytes.length, true);
    blob.set(bytes, offset + 4);
    offset += 4 + bytes.length;
  }
  return blob;
}

function unpackValues(blob: Uint8Array, damage: () => Error): Uint8Array[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.length < 4) throw damage();
  const count = view.getUint32(0, true);
  const values: Uint8Array[] = [];
  let offset = 4;
  for (let i = 0; i < count; i += 1) {
    if (offset + 4 > blob.length) throw damage();
    const length = view.getUint32(offset, true);
    if (offset + 4 + length > blob.length) throw damage();
    values.push(blob.slice(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (offset !== blob.length) throw damage();
  return values;
}

function damaged(directory: string, reason: string, cause?: unknown): InternalError {
  return new InternalError(`the node store in ${directory} is damaged: ${reason}`, {
    details: { directory },
    ...(cause === undefined ? {} : { cause }),
  });
}

function storeError(directory: string, error: SqliteError): Error {
  const primary = (error.rawCode ?? 0) & 0xff;
  if (primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB)
    return damaged(directory, error.message, error);
  if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) {
    return new UnavailableError(`the node store in ${directory} is locked by another process`, {
      cause: error,
      details: { directory },
    });
  }
  return new InternalError(`the node store in ${directory} failed: ${error.message}`, {
    cause: error,
    details: { directory, code: error.code },
  });
}
