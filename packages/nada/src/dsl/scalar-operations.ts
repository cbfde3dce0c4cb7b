// The typing rules of nada_dsl 0.8's scalar operations, checked at run time for JavaScript callers (the
// type signatures of the scalar classes state the same rules for TypeScript), and the expressions they
// build. Operations on two literals are folded into a literal, as the Python front end folds them.
import type { NadaType } from "../nada-type.js";
import type { BinaryOperationKind } from "../operation.js";
import type { CallSite } from "./call-site.js";
import { article, describeArgument, dslTypeName, expressionOf } from "./dsl-value.js";
import { type Expression, expression } from "./expression.js";
import { joinModes, type Mode } from "./mode.js";
import { ProgramSourceError } from "./program-source-error.js";

/** The base type of a scalar. */
export type ScalarBase = "Integer" | "UnsignedInteger" | "Boolean";

/** A scalar operand: its expression, base type and mode. */
export interface Scalar {
  readonly expression: Expression;
  readonly base: ScalarBase;
  readonly mode: Mode;
}

/** The methods that build binary operations, by the MIR operation they build. */
const BINARY_METHODS = {
  add: "addition",
  sub: "subtraction",
  mul: "multiplication",
  div: "division",
  mod: "modulo",
  pow: "power",
  shl: "leftShift",
  shr: "rightShift",
  lt: "lessThan",
  le: "lessOrEqual",
  gt: "greaterThan",
  ge: "greaterOrEqual",
  eq: "equals",
  ne: "notEquals",
  and: "booleanAnd",
  or: "booleanOr",
  xor: "booleanXor",
  publicEquals: "publicOutputEquality",
  truncPr: "truncPr",
} as const satisfies Record<string, BinaryOperationKind>;

/** A method that builds a binary operation. */
export type BinaryMethod = keyof typeof BINARY_METHODS;

/** The scalar a value is, if it is one. */
export function scalarOf(value: unknown): Scalar | undefined {
  const expression = expressionOf(value);
  return expression === undefined ? undefined : scalarOfExpression(expression);
}

/** The scalar an expression computes, if its type is a scalar one. */
export function scalarOfExpression(expression: Expression): Scalar | undefined {
  const kind = expression.type.kind;
  const base = (kind.startsWith("Secret") ? kind.slice("Secret".length) : kind) as ScalarBase;
  if (base !== "Integer" && base !== "UnsignedInteger" && base !== "Boolean") return undefined;
  const mode: Mode = kind.startsWith("Secret")
    ? "secret"
    : expression.operation.kind === "literal"
      ? "literal"
      : "public";
  return { expression, base, mode };
}

/** The MIR type of a scalar of `base` and `mode` (literals and public values share the public types). */
export function scalarType(base: ScalarBase, mode: Mode): NadaType {
  return { kind: mode === "secret" ? `Secret${base}` : base };
}

/** A literal expression: integers as decimal strings, booleans as `True`/`False`, as Python writes them. */
export function literalExpression(base: ScalarBase, value: bigint | boolean, site: CallSite): Expression {
  const text = typeof value === "boolean" ? (value ? "True" : "False") : value.toString();
  return expression({ kind: base }, site, { kind: "literal", value: text });
}

/** The value of a literal expression. */
function literalValue(scalar: Scalar): bigint | boolean {
  const operation = scalar.expression.operation;
  if (operation.kind !== "literal") throw new Error("not a literal");
  return scalar.base === "Boolean" ? operation.value === "True" : BigInt(operation.value);
}

/**
 * A literal's value from what a program wrote: an integer as a bigint, a safe-integer number or a decimal
 * string for the integer types, a boolean for `Boolean`.
 *
 * @throws {ProgramSourceError} `literal`, naming `argument`
 */
export function literalInput(
  base: ScalarBase,
  value: unknown,
  site: CallSite,
  method: string,
  argument: string,
): bigint | boolean {
  const fail = (rule: string): never => {
    throw new ProgramSourceError(
      site,
      "literal",
      argument,
      `${method}: "${argument}" must be ${rule}, got ${describeArgument(value)}`,
    );
  };
  if (base === "Boolean") return typeof value === "boolean" ? value : fail("a boolean");
  let integer: bigint;
  if (typeof value === "bigint") integer = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) integer = BigInt(value);
  else if (typeof value === "string" && /^-?\d+$/.test(value)) integer = BigInt(value);
  else return fail("an integer (a bigint, a safe-integer number or a decimal string)");
  if (base === "UnsignedInteger" && integer < 0n) return fail("a non-negative integer");
  return integer;
}

/**
 * An operand of an operation on `base` values: a DSL scalar, or a JavaScript literal of that base
 * (`5`, `5n`, `true`), which becomes a literal at the operation's site.
 */
export function operand(
  value: unknown,
  base: ScalarBase,
  site: CallSite,
  method: string,
  argument: string,
): Scalar {
  const scalar = scalarOf(value);
  if (scalar !== undefined) return scalar;
  const javascriptLiteral =
    base === "Boolean" ? typeof value === "boolean" : typeof value === "number" || typeof value === "bigint";
  if (!javascriptLiteral) {
    throw new ProgramSourceError(
      site,
      "operand-type",
      argument,
      `${method}: "${argument}" must be ${article(base)} (literal, public or secret)${
        base === "Boolean" ? " or a boolean" : " or an integer"
      }, got ${describeArgument(value)}`,
    );
  }
  const literal = literalInput(base, value, site, method, argument);
  return { expression: literalExpression(base, literal, site), base, mode: "literal" };
}

function rejectOperand(site: CallSite, method: string, argument: string, rule: string, found: Scalar): never {
  throw new ProgramSourceError(
    site,
    "operand-type",
    argument,
    `${method}: "${argument}" must be ${rule}, got ${article(dslTypeName(found.expression))}`,
  );
}

function binary(
  kind: BinaryOperationKind,
  left: Scalar,
  right: Scalar,
  result: Scalar["base"],
  mode: Mode,
  site: CallSite,
): Scalar {
  return {
    expression: expression(scalarType(result, mode), site, {
      kind: "binary",
      operation: kind,
      left: left.expression,
      right: right.expression,
    }),
    base: result,
    mode,
  };
}

function folded(base: ScalarBase, value: bigint | boolean, site: CallSite, method: string): Scalar {
  if (base === "UnsignedInteger" && typeof value === "bigint" && value < 0n) {
    throw new ProgramSourceError(
      site,
      "literal",
      "other",
      `${method}: the unsigned constant expression folds to ${value}, which is negative`,
    );
  }
  return { expression: literalExpression(base, value, site), base, mode: "literal" };
}

// Floor division and modulo, the node's rounding (and Python's for %).
function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

function foldNumeric(method: BinaryMethod, a: bigint, b: bigint, site: CallSite): bigint | boolean {
  const zero = (): never => {
    throw new ProgramSourceError(
      site,
      "literal",
      "other",
      `${method}: the constant expression divides by zero`,
    );
  };
  switch (method) {
    case "add":
      return a + b;
    case "sub":
      return a - b;
    case "mul":
      return a * b;
    case "div":
      return b === 0n ? zero() : floorDivide(a, b);
    case "mod":
      return b === 0n ? zero() : a - b * floorDivide(a, b);
    case "pow":
      if (b < 0n) {
        throw new ProgramSourceError(
          site,
          "literal",
          "other",
          `${method}: the constant exponent ${b} is negative`,
        );
      }
      return a ** b;
    case "shl":
      return a << b;
    case "shr":
      return a >> b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "eq":
      return a === b;
    default:
      return a !== b;
  }
}

function foldBoolean(method: BinaryMethod, a: boolean, b: boolean): boolean {
  switch (method) {
    case "and":
      return a && b;
    case "or":
      return a || b;
    case "xor":
      return a !== b;
    case "eq":
      return a === b;
    default:
      return a !== b;
  }
}

/**
 * `left.<method>(right)` for the arithmetic (`add sub mul div mod pow`), shift (`shl shr`), comparison
 * (`lt le gt ge`), equality (`eq ne`) and logical (`and or xor`) methods.
 */
export function scalarBinary(
  method: BinaryMethod,
  left: Scalar,
  rightValue: unknown,
  site: CallSite,
): Scalar {
  const shift = method === "shl" || method === "shr";
  const right = operand(rightValue, shift ? "UnsignedInteger" : left.base, site, method, "other");
  const logical = method === "and" || method === "or" || method === "xor";
  const equality = method === "eq" || method === "ne";
  if (logical) {
    if (left.base !== "Boolean") rejectOperand(site, method, "this", "a Boolean", left);
    if (right.base !== "Boolean") rejectOperand(site, method, "other", "a Boolean", right);
  } else if (shift) {
    if (left.base === "Boolean") rejectOperand(site, method, "this", "an Integer or UnsignedInteger", left);
    if (right.base !== "UnsignedInteger" || right.mode === "secret") {
      rejectOperand(site, method, "other", "a public or literal UnsignedInteger (the shift amount)", right);
    }
  } else {
    if (!equality && left.base === "Boolean") {
      rejectOperand(site, method, "this", "an Integer or UnsignedInteger", left);
    }
    if (right.base !== left.base)
      rejectOperand(site, method, "other", `${article(left.base)} like "this"`, right);
  }
  const mode = joinModes(left.mode, right.mode);
  if (method === "pow" && mode === "secret") {
    const secret = left.mode === "secret" ? left : right;
    rejectOperand(
      site,
      method,
      left.mode === "secret" ? "this" : "other",
      "public or literal (the node cannot raise to a power in secret)",
      secret,
    );
  }
  const result: ScalarBase =
    logical || equality || ["lt", "le", "gt", "ge"].includes(method) ? "Boolean" : left.base;
  if (mode === "literal") {
    const a = literalValue(left);
    const b = literalValue(right);
    const value =
      typeof a === "boolean"
        ? foldBoolean(method, a, b as boolean)
        : foldNumeric(method, a, b as bigint, site);
    return folded(result, value, site, method);
  }
  return binary(BINARY_METHODS[method], left, right, result, mode, site);
}

/** `left.publicEquals(right)`: equality revealed as a public boolean; literals are refused, as in Python. */
export function scalarPublicEquals(left: Scalar, rightValue: unknown, site: CallSite): Scalar {
  const method = "publicEquals";
  const right = operand(rightValue, left.base, site, method, "other");
  if (left.mode === "literal") rejectOperand(site, method, "this", "public or secret", left);
  if (right.base !== left.base || right.mode === "literal") {
    rejectOperand(site, method, "other", `a public or secret ${left.base}`, right);
  }
  return binary("publicOutputEquality", left, right, "Boolean", "public", site);
}

/** `value.truncPr(amount)`: probabilistic truncation of a secret by a public or literal amount. */
export function scalarTruncPr(left: Scalar, amountValue: unknown, site: CallSite): Scalar {
  const method = "truncPr";
  const right = operand(amountValue, "UnsignedInteger", site, method, "amount");
  if (left.mode !== "secret" || left.base === "Boolean") {
    rejectOperand(
      site,
      method,
      "this",
      "a SecretInteger or SecretUnsignedInteger (use shr on public values)",
      left,
    );
  }
  if (right.base !== "UnsignedInteger" || right.mode === "secret") {
    rejectOperand(site, method, "amount", "a public or literal UnsignedInteger", right);
  }
  return binary("truncPr", left, right, left.base, "secret", site);
}

/** `value.not()`: a literal folds, other booleans get a NOT operation of their own mode. */
export function scalarNot(value: Scalar, site: CallSite): Scalar {
  if (value.base !== "Boolean") rejectOperand(site, "not", "this", "a Boolean", value);
  if (value.mode === "literal") return folded("Boolean", !literalValue(value), site, "not");
  return {
    expression: expression(scalarType("Boolean", value.mode), site, {
      kind: "unary",
      operation: "not",
      operand: value.expression,
    }),
    base: "Boolean",
    mode: value.mode,
  };
}

/** `value.toPublic()`: a secret is revealed; a public or literal value is already public. */
export function scalarReveal(value: Scalar, site: CallSite): Scalar {
  if (value.mode !== "secret") return value;
  return {
    expression: expression(scalarType(value.base, "public"), site, {
      kind: "unary",
      operation: "reveal",
      operand: value.expression,
    }),
    base: value.base,
    mode: "public",
  };
}

/**
 * `condition.ifElse(whenTrue, whenFalse)`: the condition is a public or secret boolean, the branches
 * integers of one base type (the VM cannot select booleans). Literal branches give a public result.
 */
export function scalarIfElse(
  condition: Scalar,
  whenTrueValue: unknown,
  whenFalseValue: unknown,
  site: CallSite,
): Scalar {
  const method = "ifElse";
  if (condition.base !== "Boolean" || condition.mode === "literal") {
    rejectOperand(site, method, "this", "a public or secret Boolean", condition);
  }
  const whenTrue = branch(whenTrueValue, site, "whenTrue");
  const whenFalse = branch(whenFalseValue, site, "whenFalse");
  if (whenFalse.base !== whenTrue.base) {
    rejectOperand(site, method, "whenFalse", `${article(whenTrue.base)} like "whenTrue"`, whenFalse);
  }
  const joined = joinModes(condition.mode, whenTrue.mode, whenFalse.mode);
  const mode = joined === "literal" ? "public" : joined;
  return {
    expression: expression(scalarType(whenTrue.base, mode), site, {
      kind: "ifElse",
      condition: condition.expression,
      whenTrue: whenTrue.expression,
      whenFalse: whenFalse.expression,
    }),
    base: whenTrue.base,
    mode,
  };
}

function branch(value: unknown, site: CallSite, argument: string): Scalar {
  const scalar = scalarOf(value);
  if (scalar === undefined || scalar.base === "Boolean") {
    throw new ProgramSourceError(
      site,
      "operand-type",
      argument,
      `ifElse: "${argument}" must be an Integer or UnsignedInteger value (the VM cannot select booleans), got ${describeArgument(value)}`,
    );
  }
  return scalar;
}

/** A fresh secret random value of `base`. */
export function scalarRandom(base: ScalarBase, site: CallSite): Expression {
  return expression(scalarType(base, "secret"), site, { kind: "random" });
}
