// The nine scalar classes of nada_dsl 0.8 — Integer, UnsignedInteger and Boolean, each literal, public or
// secret — with the operations Python gives each. They live in one module because their operations
// return one another (a comparison of integers is a boolean, a boolean selects integers).
// The signatures encode the typing rules; scalar-operations.ts checks them again at run time.
import type { NadaType } from "../nada-type.js";
import { apiCallSite, type CallSite } from "./call-site.js";
import { DslValue, EXPRESSION, WRAP, WRAPPER, type Wrapper } from "./dsl-value.js";
import type { Expression } from "./expression.js";
import type { JoinModes, Mode } from "./mode.js";
import {
  literalExpression,
  literalInput,
  type Scalar,
  type ScalarBase,
  scalarBinary,
  scalarIfElse,
  scalarNot,
  scalarOf,
  scalarOfExpression,
  scalarPublicEquals,
  scalarRandom,
  scalarReveal,
  scalarTruncPr,
} from "./scalar-operations.js";

/** The class of each base type and mode. */
interface ScalarClasses {
  Integer: { literal: Integer; public: PublicInteger; secret: SecretInteger };
  UnsignedInteger: { literal: UnsignedInteger; public: PublicUnsignedInteger; secret: SecretUnsignedInteger };
  Boolean: { literal: NadaBoolean; public: PublicBoolean; secret: SecretBoolean };
}

/**
 * The scalar class of a base type and a mode: `ScalarValue<"Integer", "secret">` is `SecretInteger`.
 * Without arguments, any scalar.
 *
 * @example
 * ```ts
 * import type { ScalarValue } from "@nillion/nada/dsl";
 *
 * function double<M extends "public" | "secret">(x: ScalarValue<"Integer", M>) {
 *   return x.add(x);
 * }
 * ```
 */
export type ScalarValue<B extends ScalarBase = ScalarBase, M extends Mode = Mode> = ScalarClasses[B][M];

/** The mode of an operand: a JavaScript number, bigint or boolean is a literal. */
type ModeOf<O> = O extends { readonly mode: infer X extends Mode } ? X : "literal";

/** What an operation on `B` values takes: a scalar of `B` in any mode, or a JavaScript literal of it. */
type Operand<B extends ScalarBase> =
  | ScalarClasses[B][Mode]
  | (B extends "Boolean" ? boolean : number | bigint);

/** A shift amount or truncation width: a public or literal unsigned integer. */
type Amount = UnsignedInteger | PublicUnsignedInteger | number | bigint;

/** The mode of `ifElse`'s result: a literal branch under a public condition is public. */
type BranchMode<M extends Mode, T, F> = JoinModes<M, JoinModes<ModeOf<T>, ModeOf<F>>>;

// Literal classes are built by programs from a JavaScript value; this token marks the internal path,
// which wraps an expression the DSL already made.
const FROM_EXPRESSION: unique symbol = Symbol("@nillion/nada/dsl/from-expression");

/** The scalar a DSL scalar is; every scalar class is one, so this never fails for `this`. */
function scalar(value: DslValue): Scalar {
  return scalarOf(value) as Scalar;
}

/** The class instance for a scalar the operations built. */
function wrap<V>(result: Scalar): V {
  return CLASSES[result.base][result.mode][WRAP](result.expression) as V;
}

/**
 * What every scalar can do: compare for equality and be made public.
 *
 * @typeParam B the base type
 * @typeParam M the mode
 */
abstract class ScalarMethods<B extends ScalarBase, M extends Mode> extends DslValue {
  /** The base type: `Integer`, `UnsignedInteger` or `Boolean`. */
  abstract readonly base: B;
  /** Literal, public or secret. */
  abstract readonly mode: M;

  /** @internal */
  get [WRAPPER](): Wrapper<this> {
    return this.constructor as unknown as Wrapper<this>;
  }

  /** `this == other`: public if both are public (or literal), secret otherwise (Python's `==`). */
  eq<O extends Operand<B>>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("eq", scalar(this), other, apiCallSite()));
  }

  /** `this != other` (Python's `!=`). */
  ne<O extends Operand<B>>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("ne", scalar(this), other, apiCallSite()));
  }

  /** The value made public (Python's `to_public()`): a secret is revealed; a public or literal value is returned as is. */
  toPublic(): ScalarClasses[B][M extends "secret" ? "public" : M] {
    return wrap(scalarReveal(scalar(this), apiCallSite()));
  }
}

/** What integers and unsigned integers can do, in every mode. */
abstract class NumericMethods<B extends "Integer" | "UnsignedInteger", M extends Mode> extends ScalarMethods<
  B,
  M
> {
  /** `this + other`. */
  add<O extends Operand<B>>(other: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("add", scalar(this), other, apiCallSite()));
  }

  /** `this - other`. */
  sub<O extends Operand<B>>(other: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("sub", scalar(this), other, apiCallSite()));
  }

  /** `this * other`. */
  mul<O extends Operand<B>>(other: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("mul", scalar(this), other, apiCallSite()));
  }

  /** `this / other`, rounded toward −∞ (a secret divisor of zero gives 0; a public one fails the computation). */
  div<O extends Operand<B>>(other: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("div", scalar(this), other, apiCallSite()));
  }

  /** `this % other`, with the sign of `other` (Python's rule). */
  mod<O extends Operand<B>>(other: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("mod", scalar(this), other, apiCallSite()));
  }

  /** `this << amount`, by a public or literal unsigned amount. */
  shl<O extends Amount>(amount: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("shl", scalar(this), amount, apiCallSite()));
  }

  /** `this >> amount`, by a public or literal unsigned amount, rounded toward −∞. */
  shr<O extends Amount>(amount: O): ScalarClasses[B][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("shr", scalar(this), amount, apiCallSite()));
  }

  /** `this < other`. */
  lt<O extends Operand<B>>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("lt", scalar(this), other, apiCallSite()));
  }

  /** `this <= other`. */
  le<O extends Operand<B>>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("le", scalar(this), other, apiCallSite()));
  }

  /** `this > other`. */
  gt<O extends Operand<B>>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("gt", scalar(this), other, apiCallSite()));
  }

  /** `this >= other`. */
  ge<O extends Operand<B>>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("ge", scalar(this), other, apiCallSite()));
  }
}

/** What booleans can do, in every mode. */
abstract class LogicalMethods<M extends Mode> extends ScalarMethods<"Boolean", M> {
  /** `this & other`. */
  and<O extends Operand<"Boolean">>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("and", scalar(this), other, apiCallSite()));
  }

  /** `this | other`. */
  or<O extends Operand<"Boolean">>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("or", scalar(this), other, apiCallSite()));
  }

  /** `this ^ other`. */
  xor<O extends Operand<"Boolean">>(other: O): ScalarClasses["Boolean"][JoinModes<M, ModeOf<O>>] {
    return wrap(scalarBinary("xor", scalar(this), other, apiCallSite()));
  }

  /** `~this`. */
  not(): ScalarClasses["Boolean"][M] {
    return wrap(scalarNot(scalar(this), apiCallSite()));
  }
}

/** Booleans that can select between two integers: public and secret ones (a literal condition cannot). */
abstract class ConditionMethods<M extends "public" | "secret"> extends LogicalMethods<M> {
  /**
   * `whenTrue` if this is true, else `whenFalse` (Python's `if_else`). Both branches are integers or both
   * unsigned integers; the result is secret if anything is, public otherwise.
   */
  ifElse<T extends ScalarValue<"Integer">, F extends ScalarValue<"Integer">>(
    whenTrue: T,
    whenFalse: F,
  ): ScalarClasses["Integer"][BranchMode<M, T, F>];
  ifElse<T extends ScalarValue<"UnsignedInteger">, F extends ScalarValue<"UnsignedInteger">>(
    whenTrue: T,
    whenFalse: F,
  ): ScalarClasses["UnsignedInteger"][BranchMode<M, T, F>];
  ifElse(whenTrue: ScalarValue, whenFalse: ScalarValue): ScalarValue {
    return wrap(scalarIfElse(scalar(this), whenTrue, whenFalse, apiCallSite()));
  }
}

/**
 * An integer constant of the program (Python's `Integer(10)`).
 *
 * @example
 * ```ts
 * import { Integer } from "@nillion/nada/dsl";
 *
 * const ten = new Integer(10);
 * ten.add(5).value; // 15n: operations on literals are folded
 * ```
 */
export class Integer extends NumericMethods<"Integer", "literal"> {
  readonly base = "Integer";
  readonly mode = "literal";

  /** @param value a bigint, a safe-integer number or a decimal string */
  constructor(value: bigint | number | string);
  /** @internal */
  constructor(value: typeof FROM_EXPRESSION, expression: Expression);
  constructor(value: unknown, expression?: Expression) {
    super(expression ?? literal("Integer", value, apiCallSite()));
  }

  /** The constant. */
  get value(): bigint {
    return literalOf(this) as bigint;
  }

  /** `this ** exponent`, with a public or literal exponent. */
  pow<O extends Integer | PublicInteger | number | bigint>(
    exponent: O,
  ): ScalarClasses["Integer"][JoinModes<"literal", ModeOf<O>>] {
    return wrap(scalarBinary("pow", scalar(this), exponent, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): Integer {
    return new Integer(FROM_EXPRESSION, expression);
  }
}

/** An integer every node knows: a public input, or a result computed from public values. */
export class PublicInteger extends NumericMethods<"Integer", "public"> {
  readonly base = "Integer";
  readonly mode = "public";
  /** The MIR type of `PublicInteger` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "Integer" });

  /** `this ** exponent`, with a public or literal exponent. */
  pow(exponent: Integer | PublicInteger | number | bigint): PublicInteger {
    return wrap(scalarBinary("pow", scalar(this), exponent, apiCallSite()));
  }

  /** Equality revealed as a public boolean (Python's `public_equals`). */
  publicEquals(other: PublicInteger | SecretInteger): PublicBoolean {
    return wrap(scalarPublicEquals(scalar(this), other, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): PublicInteger {
    return new PublicInteger(expression);
  }
}

/**
 * An integer that exists only as shares on the nodes.
 *
 * @example
 * ```ts
 * import { Party, program, SecretInteger } from "@nillion/nada/dsl";
 *
 * export default program(() => {
 *   const alice = new Party("Alice");
 *   const salary = alice.input("salary", SecretInteger);
 *   return [alice.output("raised", salary.mul(110).div(100))];
 * });
 * ```
 */
export class SecretInteger extends NumericMethods<"Integer", "secret"> {
  readonly base = "Integer";
  readonly mode = "secret";
  /** The MIR type of `SecretInteger` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "SecretInteger" });

  /** Equality revealed as a public boolean (Python's `public_equals`). */
  publicEquals(other: PublicInteger | SecretInteger): PublicBoolean {
    return wrap(scalarPublicEquals(scalar(this), other, apiCallSite()));
  }

  /** Probabilistic truncation: `this / 2^amount`, rounded either way (Python's `trunc_pr`). */
  truncPr(amount: Amount): SecretInteger {
    return wrap(scalarTruncPr(scalar(this), amount, apiCallSite()));
  }

  /** A fresh secret random integer, drawn per computation. */
  static random(): SecretInteger {
    return new SecretInteger(scalarRandom("Integer", apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): SecretInteger {
    return new SecretInteger(expression);
  }
}

/**
 * An unsigned integer constant of the program (Python's `UnsignedInteger(3)`).
 *
 * @example
 * ```ts
 * import { UnsignedInteger } from "@nillion/nada/dsl";
 *
 * const three = new UnsignedInteger(3n);
 * ```
 */
export class UnsignedInteger extends NumericMethods<"UnsignedInteger", "literal"> {
  readonly base = "UnsignedInteger";
  readonly mode = "literal";

  /** @param value a non-negative bigint, safe-integer number or decimal string */
  constructor(value: bigint | number | string);
  /** @internal */
  constructor(value: typeof FROM_EXPRESSION, expression: Expression);
  constructor(value: unknown, expression?: Expression) {
    super(expression ?? literal("UnsignedInteger", value, apiCallSite()));
  }

  /** The constant. */
  get value(): bigint {
    return literalOf(this) as bigint;
  }

  /** `this ** exponent`, with a public or literal exponent. */
  pow<O extends UnsignedInteger | PublicUnsignedInteger | number | bigint>(
    exponent: O,
  ): ScalarClasses["UnsignedInteger"][JoinModes<"literal", ModeOf<O>>] {
    return wrap(scalarBinary("pow", scalar(this), exponent, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): UnsignedInteger {
    return new UnsignedInteger(FROM_EXPRESSION, expression);
  }
}

/** An unsigned integer every node knows. */
export class PublicUnsignedInteger extends NumericMethods<"UnsignedInteger", "public"> {
  readonly base = "UnsignedInteger";
  readonly mode = "public";
  /** The MIR type of `PublicUnsignedInteger` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "UnsignedInteger" });

  /** `this ** exponent`, with a public or literal exponent. */
  pow(exponent: UnsignedInteger | PublicUnsignedInteger | number | bigint): PublicUnsignedInteger {
    return wrap(scalarBinary("pow", scalar(this), exponent, apiCallSite()));
  }

  /** Equality revealed as a public boolean (Python's `public_equals`). */
  publicEquals(other: PublicUnsignedInteger | SecretUnsignedInteger): PublicBoolean {
    return wrap(scalarPublicEquals(scalar(this), other, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): PublicUnsignedInteger {
    return new PublicUnsignedInteger(expression);
  }
}

/** An unsigned integer that exists only as shares on the nodes. */
export class SecretUnsignedInteger extends NumericMethods<"UnsignedInteger", "secret"> {
  readonly base = "UnsignedInteger";
  readonly mode = "secret";
  /** The MIR type of `SecretUnsignedInteger` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "SecretUnsignedInteger" });

  /** Equality revealed as a public boolean (Python's `public_equals`). */
  publicEquals(other: PublicUnsignedInteger | SecretUnsignedInteger): PublicBoolean {
    return wrap(scalarPublicEquals(scalar(this), other, apiCallSite()));
  }

  /** Probabilistic truncation: `this / 2^amount`, rounded either way (Python's `trunc_pr`). */
  truncPr(amount: Amount): SecretUnsignedInteger {
    return wrap(scalarTruncPr(scalar(this), amount, apiCallSite()));
  }

  /** A fresh secret random unsigned integer, drawn per computation. */
  static random(): SecretUnsignedInteger {
    return new SecretUnsignedInteger(scalarRandom("UnsignedInteger", apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): SecretUnsignedInteger {
    return new SecretUnsignedInteger(expression);
  }
}

/**
 * A boolean constant of the program (Python's `Boolean(True)`); exported as `Boolean` too.
 *
 * @example
 * ```ts
 * import { NadaBoolean } from "@nillion/nada/dsl";
 *
 * new NadaBoolean(true).not().value; // false
 * ```
 */
export class NadaBoolean extends LogicalMethods<"literal"> {
  readonly base = "Boolean";
  readonly mode = "literal";

  constructor(value: boolean);
  /** @internal */
  constructor(value: typeof FROM_EXPRESSION, expression: Expression);
  constructor(value: unknown, expression?: Expression) {
    super(expression ?? literal("Boolean", value, apiCallSite()));
  }

  /** The constant. */
  get value(): boolean {
    return literalOf(this) as boolean;
  }

  /** @internal */
  static [WRAP](expression: Expression): NadaBoolean {
    return new NadaBoolean(FROM_EXPRESSION, expression);
  }
}

/** A boolean every node knows. */
export class PublicBoolean extends ConditionMethods<"public"> {
  readonly base = "Boolean";
  readonly mode = "public";
  /** The MIR type of `PublicBoolean` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "Boolean" });

  /** Equality revealed as a public boolean (Python's `public_equals`). */
  publicEquals(other: PublicBoolean | SecretBoolean): PublicBoolean {
    return wrap(scalarPublicEquals(scalar(this), other, apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): PublicBoolean {
    return new PublicBoolean(expression);
  }
}

/** A boolean that exists only as shares on the nodes. */
export class SecretBoolean extends ConditionMethods<"secret"> {
  readonly base = "Boolean";
  readonly mode = "secret";
  /** The MIR type of `SecretBoolean` inputs. */
  static readonly nadaType: NadaType = Object.freeze({ kind: "SecretBoolean" });

  /** A fresh secret random bit, drawn per computation. */
  static random(): SecretBoolean {
    return new SecretBoolean(scalarRandom("Boolean", apiCallSite()));
  }

  /** @internal */
  static [WRAP](expression: Expression): SecretBoolean {
    return new SecretBoolean(expression);
  }
}

const CLASSES = {
  Integer: { literal: Integer, public: PublicInteger, secret: SecretInteger },
  UnsignedInteger: { literal: UnsignedInteger, public: PublicUnsignedInteger, secret: SecretUnsignedInteger },
  Boolean: { literal: NadaBoolean, public: PublicBoolean, secret: SecretBoolean },
} as const;

/** The scalar value of an expression of a scalar type (an input, an accessor, a function argument). */
export function wrapScalar(expression: Expression): ScalarValue | undefined {
  const found = scalarOfExpression(expression);
  return found === undefined ? undefined : wrap(found);
}

// The expression of a literal a program writes, at the site of its constructor's caller.
function literal(base: ScalarBase, value: unknown, site: CallSite): Expression {
  return literalExpression(base, literalInput(base, value, site, `new ${base}`, "value"), site);
}

function literalOf(value: DslValue): bigint | boolean {
  const operation = value[EXPRESSION].operation;
  if (operation.kind !== "literal") throw new Error("a literal class holds a literal");
  return value.nadaType.kind === "Boolean" ? operation.value === "True" : BigInt(operation.value);
}

/** Whether `wrapper` makes literals: their values cannot be read out of compound values or traced. */
export function isLiteralClass(wrapper: unknown): boolean {
  return wrapper === Integer || wrapper === UnsignedInteger || wrapper === NadaBoolean;
}
