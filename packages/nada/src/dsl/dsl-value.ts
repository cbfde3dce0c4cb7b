// What every value of the DSL is: a wrapper around the expression that computes it.
import { formatNadaType, type NadaType } from "../nada-type.js";
import type { Expression } from "./expression.js";

/** Where a value keeps its expression; not exported from the package, so programs cannot forge one. */
export const EXPRESSION: unique symbol = Symbol("@nillion/nada/dsl/expression");

/** How a type makes a value of itself around an expression; internal, like {@link EXPRESSION}. */
export const WRAP: unique symbol = Symbol("@nillion/nada/dsl/wrap");

/** Where a value keeps the {@link Wrapper} of its own type, for the values made from it. */
export const WRAPPER: unique symbol = Symbol("@nillion/nada/dsl/wrapper");

/**
 * Makes values of one type around expressions of that type: a value class, or a compound type with its
 * element types (an array's elements, a function's result).
 */
export interface Wrapper<V extends DslValue = DslValue> {
  [WRAP](expression: Expression): V;
}

/**
 * The base class of every value a Nada program computes with (Python's `DslType`): scalars, arrays,
 * tuples, n-tuples, objects and the threshold-signature types. Values are immutable; every operation
 * returns a new one.
 *
 * @example
 * ```ts
 * import { DslValue, SecretInteger } from "@nillion/nada/dsl";
 *
 * function isSecretInteger(value: DslValue): value is SecretInteger {
 *   return value instanceof SecretInteger;
 * }
 * ```
 */
export abstract class DslValue {
  /** @internal */
  readonly [EXPRESSION]: Expression;

  /** @internal */
  protected constructor(expression: Expression) {
    this[EXPRESSION] = expression;
  }

  /** @internal */
  abstract get [WRAPPER](): Wrapper<DslValue>;

  /** The value's type as the MIR writes it (`{ kind: "SecretInteger" }`, arrays with their size…). */
  get nadaType(): NadaType {
    return this[EXPRESSION].type;
  }
}

/**
 * A type a program can declare an input of: a scalar class (`SecretInteger`, `PublicBoolean`…), the key
 * and message classes of the signature operations, or a compound type (`Array.type(SecretInteger, 3)`,
 * `Tuple.type(…)`).
 *
 * @example
 * ```ts
 * import { type DslType, SecretInteger } from "@nillion/nada/dsl";
 *
 * const type: DslType<SecretInteger> = SecretInteger;
 * ```
 */
export interface DslType<V extends DslValue = DslValue> extends Wrapper<V> {
  readonly nadaType: NadaType;
}

/** The expression of a DSL value; `undefined` for anything else. */
export function expressionOf(value: unknown): Expression | undefined {
  return value instanceof DslValue ? value[EXPRESSION] : undefined;
}

/**
 * How messages name a value of `type` computed by `expression`: the DSL's class names for scalars
 * (`SecretInteger`, `PublicBoolean`, `Integer` for a literal), the MIR's notation for compound types.
 */
export function dslTypeName(expression: Expression): string {
  const kind = expression.type.kind;
  if (kind === "Integer" || kind === "UnsignedInteger" || kind === "Boolean") {
    return expression.operation.kind === "literal" ? kind : `Public${kind}`;
  }
  return formatNadaType(expression.type);
}

/** How messages name an argument that is not what was expected: `a SecretInteger`, `the string "x"`. */
export function describeArgument(value: unknown): string {
  const expression = expressionOf(value);
  if (expression !== undefined) return article(dslTypeName(expression));
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return `the ${typeof value} ${String(value)}`;
  }
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "a JavaScript array";
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/** `a SecretInteger`, `an Integer`. */
export function article(name: string): string {
  return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
}

/** Whether `value` is a type an input can be declared with. */
export function isDslType(value: unknown): value is DslType {
  return (
    (typeof value === "function" || (typeof value === "object" && value !== null)) &&
    WRAP in value &&
    "nadaType" in value &&
    typeof value.nadaType === "object"
  );
}
