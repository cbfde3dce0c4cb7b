// The one error hierarchy of the SDK. Every package throws these (or subclasses of them), so a caller can
// catch by class (`err instanceof NotFoundError`) or by the stable string `code`, whatever layer failed.

/**
 * Stable, machine-readable error codes. They never change meaning between releases; switch on them
 * instead of parsing messages.
 *
 * @example
 * ```ts
 * import { isNillionError } from "@nillion/types";
 *
 * try {
 *   await client.retrieveValues(id);
 * } catch (err) {
 *   if (isNillionError(err) && err.code === "NOT_FOUND") console.warn("gone");
 * }
 * ```
 */
export type ErrorCode =
  | "INVALID_ARGUMENT"
  | "VALUE_INVALID"
  | "NOT_FOUND"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "INTERNAL"
  | "PAYMENT"
  | "RESOURCE_EXHAUSTED"
  | "UNAVAILABLE";

/**
 * Options every SDK error accepts.
 *
 * @example
 * ```ts
 * import { UnavailableError } from "@nillion/types";
 *
 * const options = { cause: new Error("ECONNREFUSED"), details: { node: "node-1" } };
 * throw new UnavailableError("node-1 is unreachable", options);
 * ```
 */
export interface NillionErrorOptions {
  /** The error that caused this one (the standard `Error.cause`). */
  cause?: unknown;
  /** Extra facts about the failure, for logs and programs (e.g. `{ index: 2, length: 31 }`). */
  details?: Readonly<Record<string, unknown>>;
}

// Symbol.for, not Symbol(): the ESM and CJS builds of this package (or two installed versions) must agree
// on the key, or an error thrown by one copy would not be recognised by the other.
const ERROR_KINDS: unique symbol = /* @__PURE__ */ Symbol.for("@nillion/types/error-kinds");

/**
 * Base class of every error the SDK throws.
 *
 * `instanceof` works across copies of this package (its ESM and CommonJS builds loaded side by side, or
 * two installed versions): each instance lists the brands of its class chain under a global symbol, and
 * `Symbol.hasInstance` checks that list. A subclass defined elsewhere should declare its own
 * `static brand` to get the same behaviour; without one it falls back to ordinary `instanceof`.
 *
 * @example
 * ```ts
 * import { NillionError } from "@nillion/types";
 *
 * try {
 *   await client.storeValues(values);
 * } catch (err) {
 *   if (err instanceof NillionError) console.error(err.code, err.message, err.details);
 *   else throw err;
 * }
 * ```
 */
export class NillionError extends Error {
  /** Identifies this class across copies of the package; never changes between versions. */
  static readonly brand: string = "@nillion/types/NillionError";

  static override [Symbol.hasInstance](instance: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`, often a subclass.
    return hasBrandOf(this, instance);
  }

  override name = "NillionError";
  /** Stable machine-readable code; see {@link ErrorCode}. */
  readonly code: ErrorCode;
  /** Extra facts about the failure, if any. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /**
   * @param message what went wrong, in a sentence a user can act on
   * @param options `code` (default `"INTERNAL"`; subclasses fix their own), `cause` and `details`
   */
  constructor(message: string, options: NillionErrorOptions & { code?: ErrorCode } = {}) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.code = options.code ?? "INTERNAL";
    this.details = options.details === undefined ? undefined : Object.freeze({ ...options.details });
    Object.defineProperty(this, ERROR_KINDS, { value: Object.freeze(brandChain(new.target)) });
  }

  /**
   * Follows the `cause` chain, starting with this error. Without a predicate it returns the innermost
   * cause; with one it returns the first error in the chain that satisfies it (or `undefined`).
   *
   * @example
   * ```ts
   * import { InvalidArgumentError, UnavailableError } from "@nillion/types";
   *
   * const err = new UnavailableError("store failed", { cause: new InvalidArgumentError("bad", { argument: "x" }) });
   * err.walk((e) => e instanceof InvalidArgumentError); // the InvalidArgumentError
   * ```
   */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    // A cause chain can loop (a.cause = b, b.cause = a); stop at the first repeat.
    const seen = new Set<unknown>();
    for (;;) {
      if (predicate?.(current)) return current;
      seen.add(current);
      const next: unknown = current instanceof Error ? current.cause : undefined;
      if (next === undefined || next === null || seen.has(next)) return predicate ? undefined : current;
      current = next;
    }
  }
}

function hasBrandOf(ctor: { readonly brand: string }, instance: unknown): boolean {
  // A subclass without a brand of its own would inherit its parent's and match every parent instance.
  if (Object.hasOwn(ctor, "brand") && typeof instance === "object" && instance !== null) {
    const kinds: unknown = (instance as { [ERROR_KINDS]?: unknown })[ERROR_KINDS];
    if (Array.isArray(kinds)) return kinds.includes(ctor.brand);
  }
  return Function.prototype[Symbol.hasInstance].call(ctor, instance);
}

function brandChain(target: unknown): string[] {
  const brands: string[] = [];
  for (let ctor = target; typeof ctor === "function" && ctor !== Error; ctor = Object.getPrototypeOf(ctor)) {
    if (Object.hasOwn(ctor, "brand")) {
      const brand: unknown = (ctor as { brand?: unknown }).brand;
      if (typeof brand === "string") brands.push(brand);
    }
  }
  return brands;
}

/**
 * Options of {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * import type { InvalidArgumentErrorOptions } from "@nillion/types";
 *
 * const options: InvalidArgumentErrorOptions = { argument: "ttlDays", details: { got: 0 } };
 * ```
 */
export interface InvalidArgumentErrorOptions extends NillionErrorOptions {
  /** The name of the offending argument (e.g. `"programId"`, `"bytes"`). */
  argument: string;
}

/**
 * A caller passed an argument the SDK cannot use (wrong type, malformed string, out-of-range number).
 *
 * @example
 * ```ts
 * import { InvalidArgumentError, UserId } from "@nillion/types";
 *
 * try {
 *   UserId.parse("not hex");
 * } catch (err) {
 *   if (err instanceof InvalidArgumentError) console.error(`bad ${err.argument}: ${err.message}`);
 * }
 * ```
 */
export class InvalidArgumentError extends NillionError {
  static override readonly brand: string = "@nillion/types/InvalidArgumentError";
  override name = "InvalidArgumentError";
  /** The name of the offending argument. */
  readonly argument: string;

  constructor(message: string, options: InvalidArgumentErrorOptions) {
    // A subclass may narrow the code (ValueValidationError does); callers of this class cannot.
    super(message, { code: "INVALID_ARGUMENT", ...options });
    this.argument = options.argument;
  }
}

/**
 * Machine-readable ids of the value rules a {@link ValueValidationError} reports. Other packages may add
 * their own (e.g. the masker's prime-dependent `"range"`), so the type stays open to any string.
 *
 * - `type`: the input has the wrong JavaScript type (e.g. a string where a `Uint8Array` is needed);
 * - `integer`: not an integer (a fraction, `NaN`, or a string that is not a decimal integer);
 * - `safe-integer`: a `number` outside ±(2^53 − 1), which may already have lost precision;
 * - `unsigned`: negative, or a `-` sign, for an unsigned type;
 * - `byte-length`: wrong number of bytes;
 * - `nonzero`: a scalar that must not be zero is zero;
 * - `scalar-range`: a scalar is not below the curve's group order;
 * - `element-type`: array elements of different type shapes (including a public element in a secret array);
 * - `non-empty`: an array without elements;
 * - `format`: a malformed string (e.g. not a UUID);
 * - `range`: outside the range the cluster's prime allows (checked by the masker).
 *
 * @example
 * ```ts
 * import type { ValueRule } from "@nillion/types";
 *
 * const rule: ValueRule = "byte-length";
 * ```
 */
export type ValueRule =
  | "type"
  | "integer"
  | "safe-integer"
  | "unsigned"
  | "byte-length"
  | "nonzero"
  | "scalar-range"
  | "element-type"
  | "non-empty"
  | "format"
  | "range"
  | (string & Record<never, never>);

/**
 * Options of {@link ValueValidationError}.
 *
 * @example
 * ```ts
 * import type { ValueValidationErrorOptions } from "@nillion/types";
 *
 * const options: ValueValidationErrorOptions = { valueType: "SecretUnsignedInteger", rule: "unsigned" };
 * ```
 */
export interface ValueValidationErrorOptions extends NillionErrorOptions {
  /** The value class that rejected the input, e.g. `"SecretUnsignedInteger"`. */
  valueType: string;
  /** The rule that was broken; see {@link ValueRule}. */
  rule: ValueRule;
  /** The offending argument (default `"value"`). */
  argument?: string;
}

/**
 * A value class (or the masker) rejected a value: it names the value type, the rule and the input.
 *
 * @example
 * ```ts
 * import { SecretUnsignedInteger, ValueValidationError } from "@nillion/types";
 *
 * try {
 *   new SecretUnsignedInteger(-1n);
 * } catch (err) {
 *   if (err instanceof ValueValidationError) console.error(err.valueType, err.rule); // SecretUnsignedInteger unsigned
 * }
 * ```
 */
export class ValueValidationError extends InvalidArgumentError {
  static override readonly brand: string = "@nillion/types/ValueValidationError";
  override name = "ValueValidationError";
  /** The value class that rejected the input, e.g. `"SecretUnsignedInteger"`. */
  readonly valueType: string;
  /** The broken rule, e.g. `"unsigned"`, `"byte-length"`. */
  readonly rule: ValueRule;

  constructor(message: string, options: ValueValidationErrorOptions) {
    const { valueType, rule, argument = "value", ...rest } = options;
    const withCode: InvalidArgumentErrorOptions & { code: ErrorCode } = {
      ...rest,
      argument,
      code: "VALUE_INVALID",
    };
    super(message, withCode);
    this.valueType = valueType;
    this.rule = rule;
  }
}

/**
 * The requested entity (values, program, compute result) does not exist or has expired.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@nillion/types";
 *
 * throw new NotFoundError("value not found", { details: { valuesId: "…" } });
 * ```
 */
export class NotFoundError extends NillionError {
  static override readonly brand: string = "@nillion/types/NotFoundError";
  override name = "NotFoundError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "NOT_FOUND" });
  }
}

/**
 * The caller is authenticated but not allowed to do this (e.g. not in the values' `retrieve` set).
 *
 * @example
 * ```ts
 * import { PermissionDeniedError } from "@nillion/types";
 *
 * throw new PermissionDeniedError("user does not have permissions for action");
 * ```
 */
export class PermissionDeniedError extends NillionError {
  static override readonly brand: string = "@nillion/types/PermissionDeniedError";
  override name = "PermissionDeniedError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "PERMISSION_DENIED" });
  }
}

/**
 * The caller's identity could not be established (missing, expired or badly signed auth token).
 *
 * @example
 * ```ts
 * import { UnauthenticatedError } from "@nillion/types";
 *
 * throw new UnauthenticatedError("token expired");
 * ```
 */
export class UnauthenticatedError extends NillionError {
  static override readonly brand: string = "@nillion/types/UnauthenticatedError";
  override name = "UnauthenticatedError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "UNAUTHENTICATED" });
  }
}

/**
 * Something broke that the caller cannot fix: a bug, or a node's internal failure.
 *
 * @example
 * ```ts
 * import { InternalError } from "@nillion/types";
 *
 * throw new InternalError("unknown preprocessing element in pool status", { details: { element: 6 } });
 * ```
 */
export class InternalError extends NillionError {
  static override readonly brand: string = "@nillion/types/InternalError";
  override name = "InternalError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "INTERNAL" });
  }
}

/**
 * A payment step failed: quote, on-chain payment, receipt, or not enough prepaid balance.
 *
 * @example
 * ```ts
 * import { PaymentError } from "@nillion/types";
 *
 * throw new PaymentError("not enough funds", { details: { required: 10n, available: 3n } });
 * ```
 */
export class PaymentError extends NillionError {
  static override readonly brand: string = "@nillion/types/PaymentError";
  override name = "PaymentError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "PAYMENT" });
  }
}

/**
 * A node ran out of something the request needs (preprocessing material, a rate limit); retrying later,
 * or after the pool refills, may succeed.
 *
 * @example
 * ```ts
 * import { ResourceExhaustedError } from "@nillion/types";
 *
 * throw new ResourceExhaustedError("not enough PREP_COMPARE elements", { details: { retryDelayMs: 1000 } });
 * ```
 */
export class ResourceExhaustedError extends NillionError {
  static override readonly brand: string = "@nillion/types/ResourceExhaustedError";
  override name = "ResourceExhaustedError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "RESOURCE_EXHAUSTED" });
  }
}

/**
 * A node or the chain could not be reached or asked to try again later; retrying may succeed.
 *
 * @example
 * ```ts
 * import { UnavailableError } from "@nillion/types";
 *
 * throw new UnavailableError("too many compute operations running, try again later");
 * ```
 */
export class UnavailableError extends NillionError {
  static override readonly brand: string = "@nillion/types/UnavailableError";
  override name = "UnavailableError";

  constructor(message: string, options: NillionErrorOptions = {}) {
    super(message, { ...options, code: "UNAVAILABLE" });
  }
}

/**
 * Whether `value` is an SDK error, from this copy of the package or any other.
 *
 * @example
 * ```ts
 * import { isNillionError } from "@nillion/types";
 *
 * try {
 *   await client.deleteValues(id);
 * } catch (err) {
 *   if (isNillionError(err) && err.code === "PERMISSION_DENIED") console.error("not yours to delete");
 * }
 * ```
 */
export function isNillionError(value: unknown): value is NillionError {
  return value instanceof NillionError;
}
