// Argument checks both stores share, so an argument one store refuses the other refuses the same way, and
// nothing malformed is ever written (a record that cannot be read back would be data lost).
import { InvalidArgumentError } from "@nillion/types";
import type { BalanceChange, Claim, JsonValue, Refund, ValuesRecord } from "./node-store.js";

// The largest balance: credits are a signed 64-bit integer in the durable store, as in the reference node.
const MAX_CREDITS = 2n ** 63n - 1n;

/**
 * The instant `value` stands for, in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * checkedTime(new Date(0), "expiresAt"); // 0
 * checkedTime(new Date("soon"), "expiresAt"); // throws InvalidArgumentError
 * ```
 * @throws {InvalidArgumentError} when `value` is not a valid Date
 */
export function checkedTime(value: Date, argument: string): number {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidArgumentError(`${argument} is not a valid Date`, { argument });
  return time;
}

/**
 * Checks that a payload is bytes.
 *
 * @example
 * ```ts
 * checkBytes(Uint8Array.of(1), "program"); // passes
 * checkBytes([1] as unknown as Uint8Array, "program"); // throws InvalidArgumentError
 * ```
 * @throws {InvalidArgumentError} when `bytes` is not a Uint8Array
 */
export function checkBytes(bytes: Uint8Array, argument: string): void {
  if (!(bytes instanceof Uint8Array))
    throw new InvalidArgumentError(`${argument} must be a Uint8Array`, { argument });
}

// A credit amount to add, deduct or give back: a bigint from 1 to MAX_CREDITS.
function checkAmount(amount: bigint, argument: string): void {
  if (typeof amount !== "bigint" || amount <= 0n || amount > MAX_CREDITS) {
    throw new InvalidArgumentError(
      `${argument} must be a bigint from 1 to ${MAX_CREDITS} credits, got ${typeof amount === "bigint" ? amount : `a ${typeof amount}`}`,
      { argument },
    );
  }
}

/**
 * `credits + amount`, refused when the balance would pass 2^63 − 1 credits.
 *
 * @example
 * ```ts
 * creditedTotal(5n, 10n); // 15n
 * ```
 * @throws {InvalidArgumentError} on overflow
 */
export function creditedTotal(credits: bigint, amount: bigint, argument = "amount"): bigint {
  const total = credits + amount;
  if (total > MAX_CREDITS) {
    throw new InvalidArgumentError(`the balance would exceed ${MAX_CREDITS} credits`, { argument });
  }
  return total;
}

/** A {@link Claim} whose fields were checked, with its expiry in ms. */
export interface CheckedClaim {
  readonly namespace: string;
  readonly key: string;
  readonly expiresAt: number;
}

/**
 * Checks a claim's fields.
 *
 * @example
 * ```ts
 * checkedClaim({ namespace: "receipt", key: id, expiresAt: new Date(0) }).expiresAt; // 0
 * ```
 * @throws {InvalidArgumentError} when the namespace or key is not a string or the expiry is not a Date
 */
export function checkedClaim(claim: Claim): CheckedClaim {
  checkMarker(claim.namespace, claim.key, "claim.");
  return {
    namespace: claim.namespace,
    key: claim.key,
    expiresAt: checkedTime(claim.expiresAt, "claim.expiresAt"),
  };
}

/**
 * Checks that a marker's namespace and key are strings; `prefix` is what the refusal puts before the
 * field it names (`"claim."` for a {@link Claim}).
 *
 * @example
 * ```ts
 * checkMarker("quote-nonce", "ab01"); // passes
 * checkMarker("quote-nonce", 7 as unknown as string, "claim."); // throws InvalidArgumentError naming claim.key
 * ```
 * @throws {InvalidArgumentError} naming the field that is not a string
 */
export function checkMarker(namespace: string, key: string, prefix = ""): void {
  for (const [field, value] of [
    ["namespace", namespace],
    ["key", key],
  ] as const) {
    if (typeof value !== "string") {
      throw new InvalidArgumentError(`a marker's ${field} must be a string, got a ${typeof value}`, {
        argument: `${prefix}${field}`,
      });
    }
  }
}

/** A {@link BalanceChange} whose fields were checked, with its instants in ms. */
export interface CheckedChange {
  readonly lastUpdated: number;
  readonly expiresAt: number;
  readonly claim: CheckedClaim | undefined;
}

/**
 * Checks the arguments of a credit change: the amount and the change's instants and claim.
 *
 * @example
 * ```ts
 * checkedChange(100n, { now: new Date(5), expiresAt: new Date(9) }); // { lastUpdated: 5, expiresAt: 9, claim: undefined }
 * ```
 * @throws {InvalidArgumentError} naming the first malformed argument
 */
export function checkedChange(amount: bigint, change: BalanceChange): CheckedChange {
  checkAmount(amount, "amount");
  return {
    lastUpdated: checkedTime(change.now, "change.now"),
    expiresAt: checkedTime(change.expiresAt, "change.expiresAt"),
    claim: change.claim === undefined ? undefined : checkedClaim(change.claim),
  };
}

/** A {@link Refund} whose fields were checked, with its instants in ms. */
export interface CheckedRefund {
  readonly user: string;
  readonly amount: bigint;
  readonly lastUpdated: number;
  readonly expiresAt: number;
}

/**
 * Checks a refund's user, amount and instants.
 *
 * @example
 * ```ts
 * checkedRefund({ user: "ab", amount: 100n, now: new Date(5), expiresAt: new Date(9) }).lastUpdated; // 5
 * ```
 * @throws {InvalidArgumentError} naming the first malformed field (`refund.amount`, …)
 */
export function checkedRefund(refund: Refund): CheckedRefund {
  if (typeof refund !== "object" || refund === null || typeof refund.user !== "string") {
    throw new InvalidArgumentError("a refund must name its user as a string", { argument: "refund.user" });
  }
  checkAmount(refund.amount, "refund.amount");
  return {
    user: refund.user,
    amount: refund.amount,
    lastUpdated: checkedTime(refund.now, "refund.now"),
    expiresAt: checkedTime(refund.expiresAt, "refund.expiresAt"),
  };
}

/**
 * Checks every field of a value set before it is stored.
 *
 * @example
 * ```ts
 * checkValuesRecord(record); // the expiry in ms, or throws
 * ```
 * @throws {InvalidArgumentError} naming the first malformed field
 */
export function checkValuesRecord(record: ValuesRecord): number {
  if (typeof record.id !== "string") {
    throw new InvalidArgumentError("a values id must be a string", { argument: "record.id" });
  }
  if (
    !Array.isArray(record.valuesBytes) ||
    !record.valuesBytes.every((bytes) => bytes instanceof Uint8Array)
  ) {
    throw new InvalidArgumentError("valuesBytes must be an array of Uint8Array", {
      argument: "record.valuesBytes",
    });
  }
  if (!(record.permissionsBytes instanceof Uint8Array)) {
    throw new InvalidArgumentError("permissionsBytes must be a Uint8Array", {
      argument: "record.permissionsBytes",
    });
  }
  if (!Number.isSafeInteger(record.prime) || record.prime < 0) {
    throw new InvalidArgumentError("prime must be a non-negative integer", { argument: "record.prime" });
  }
  return checkedTime(record.expiresAt, "record.expiresAt");
}

/**
 * `value` as JSON text. Refuses what JSON would silently change or drop (`undefined`, `NaN`, `Infinity`,
 * bigints, functions, class instances), so a record reads back exactly as it was written.
 *
 * @example
 * ```ts
 * jsonText({ committed: 96 }); // '{"committed":96}'
 * jsonText({ committed: 96n }); // throws InvalidArgumentError
 * ```
 * @throws {InvalidArgumentError} when `value` is not plain JSON
 */
export function jsonText(value: JsonValue): string {
  const problem = jsonProblem(value, "value");
  if (problem !== undefined) {
    throw new InvalidArgumentError(`the record is not plain JSON: ${problem}`, { argument: "value" });
  }
  return JSON.stringify(value);
}

function jsonProblem(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = jsonProblem(item, `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const problem = jsonProblem(item, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${path} is ${typeof value === "object" ? "a class instance" : `a ${typeof value}`}`;
}
