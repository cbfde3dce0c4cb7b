// Each scalar operation builds the MIR operation nada_dsl builds — its kind, operand order, result type and
// mode — and operations on literals fold into literals, as in Python (division and modulo with the node's
// floor rounding).
import { describe, expect, it } from "vitest";
import type { DslValue } from "../../src/dsl/dsl-value.js";
import {
  Integer,
  NadaBoolean,
  Party,
  PublicBoolean,
  PublicInteger,
  PublicUnsignedInteger,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "../../src/dsl/index.js";
import { sourceError, structureOf } from "./dsl-helpers.js";

const FILE = import.meta.filename;

/** The operations of a program whose one output is what `compute` makes of fresh inputs. */
function operations(compute: (inputs: Inputs) => DslValue): readonly string[] {
  return structureOf(() => {
    const p = new Party("P");
    const declared = new Map<string, DslValue>();
    const lazily = <V extends DslValue>(name: string, make: () => V) => {
      const known = declared.get(name);
      if (known !== undefined) return known as V;
      const value = make();
      declared.set(name, value);
      return value;
    };
    const inputs: Inputs = {
      get s() {
        return lazily("s", () => p.input("s", SecretInteger));
      },
      get t() {
        return lazily("t", () => p.input("t", SecretInteger));
      },
      get i() {
        return lazily("i", () => p.input("i", PublicInteger));
      },
      get su() {
        return lazily("su", () => p.input("su", SecretUnsignedInteger));
      },
      get u() {
        return lazily("u", () => p.input("u", PublicUnsignedInteger));
      },
      get sb() {
        return lazily("sb", () => p.input("sb", SecretBoolean));
      },
      get b() {
        return lazily("b", () => p.input("b", PublicBoolean));
      },
    };
    return [p.output("out", compute(inputs))];
  }).operations;
}

interface Inputs {
  readonly s: SecretInteger;
  readonly t: SecretInteger;
  readonly i: PublicInteger;
  readonly su: SecretUnsignedInteger;
  readonly u: PublicUnsignedInteger;
  readonly sb: SecretBoolean;
  readonly b: PublicBoolean;
}

describe("binary operations", () => {
  it.each<[string, (x: Inputs) => DslValue, string]>([
    ["s.add(i)", (x) => x.s.add(x.i), "SecretInteger = addition(#0, #1)"],
    ["i.sub(s)", (x) => x.i.sub(x.s), "SecretInteger = subtraction(#0, #1)"],
    ["s.mul(t)", (x) => x.s.mul(x.t), "SecretInteger = multiplication(#0, #1)"],
    ["i.mul(i)", (x) => x.i.mul(x.i), "Integer = multiplication(#0, #0)"],
    ["s.div(i)", (x) => x.s.div(x.i), "SecretInteger = division(#0, #1)"],
    ["i.mod(s)", (x) => x.i.mod(x.s), "SecretInteger = modulo(#0, #1)"],
    ["i.pow(i)", (x) => x.i.pow(x.i), "Integer = power(#0, #0)"],
    ["u.pow(u)", (x) => x.u.pow(x.u), "UnsignedInteger = power(#0, #0)"],
    ["s.shl(u)", (x) => x.s.shl(x.u), "SecretInteger = leftShift(#0, #1)"],
    ["su.shr(u)", (x) => x.su.shr(x.u), "SecretUnsignedInteger = rightShift(#0, #1)"],
    ["s.lt(t)", (x) => x.s.lt(x.t), "SecretBoolean = lessThan(#0, #1)"],
    ["i.le(i)", (x) => x.i.le(x.i), "Boolean = lessOrEqual(#0, #0)"],
    ["s.gt(i)", (x) => x.s.gt(x.i), "SecretBoolean = greaterThan(#0, #1)"],
    ["su.ge(u)", (x) => x.su.ge(x.u), "SecretBoolean = greaterOrEqual(#0, #1)"],
    ["s.eq(t)", (x) => x.s.eq(x.t), "SecretBoolean = equals(#0, #1)"],
    ["b.ne(b)", (x) => x.b.ne(x.b), "Boolean = notEquals(#0, #0)"],
    ["sb.eq(b)", (x) => x.sb.eq(x.b), "SecretBoolean = equals(#0, #1)"],
    ["s.publicEquals(t)", (x) => x.s.publicEquals(x.t), "Boolean = publicOutputEquality(#0, #1)"],
    ["b.publicEquals(b)", (x) => x.b.publicEquals(x.b), "Boolean = publicOutputEquality(#0, #0)"],
    ["b.publicEquals(sb)", (x) => x.b.publicEquals(x.sb), "Boolean = publicOutputEquality(#0, #1)"],
    ["sb.and(b)", (x) => x.sb.and(x.b), "SecretBoolean = booleanAnd(#0, #1)"],
    ["b.or(b)", (x) => x.b.or(x.b), "Boolean = booleanOr(#0, #0)"],
    ["sb.xor(sb)", (x) => x.sb.xor(x.sb), "SecretBoolean = booleanXor(#0, #0)"],
    ["s.truncPr(u)", (x) => x.s.truncPr(x.u), "SecretInteger = truncPr(#0, #1)"],
    ["su.truncPr(u)", (x) => x.su.truncPr(x.u), "SecretUnsignedInteger = truncPr(#0, #1)"],
  ])("%s", (_, compute, last) => {
    expect(operations(compute).at(-1)).toBe(`#${operations(compute).length - 1} ${last}`);
  });

  it("takes JavaScript numbers and booleans as literals of the operation's type", () => {
    expect(operations((x) => x.s.add(10))).toEqual([
      "#0 SecretInteger = inputReference s",
      "#1 Integer = literalReference Integer 10",
      "#2 SecretInteger = addition(#0, #1)",
    ]);
    expect(operations((x) => x.su.mul(2n))).toEqual([
      "#0 SecretUnsignedInteger = inputReference su",
      "#1 UnsignedInteger = literalReference UnsignedInteger 2",
      "#2 SecretUnsignedInteger = multiplication(#0, #1)",
    ]);
    // A shift amount is unsigned whatever is shifted.
    expect(operations((x) => x.s.shr(3))[1]).toBe("#1 UnsignedInteger = literalReference UnsignedInteger 3");
    expect(operations((x) => x.sb.and(true))[1]).toBe("#1 Boolean = literalReference Boolean True");
  });
});

describe("unary operations, selection, randomness", () => {
  it("not keeps the mode; toPublic reveals a secret and returns a public value as it is", () => {
    expect(operations((x) => x.sb.not()).at(-1)).toBe("#1 SecretBoolean = not(#0)");
    expect(operations((x) => x.b.not()).at(-1)).toBe("#1 Boolean = not(#0)");
    expect(operations((x) => x.s.toPublic()).at(-1)).toBe("#1 Integer = reveal(#0)");
    expect(operations((x) => x.su.toPublic()).at(-1)).toBe("#1 UnsignedInteger = reveal(#0)");
    expect(operations((x) => x.sb.toPublic()).at(-1)).toBe("#1 Boolean = reveal(#0)");
    expect(operations((x) => x.i.toPublic())).toEqual(["#0 Integer = inputReference i"]);
  });

  it("ifElse is secret if anything is, public otherwise, even with literal branches", () => {
    expect(operations((x) => x.sb.ifElse(new Integer(1), new Integer(0))).at(-1)).toBe(
      "#3 SecretInteger = ifElse(#0, #1, #2)",
    );
    expect(operations((x) => x.b.ifElse(new Integer(1), new Integer(0))).at(-1)).toBe(
      "#3 Integer = ifElse(#0, #1, #2)",
    );
    expect(operations((x) => x.b.ifElse(x.su, new UnsignedInteger(0))).at(-1)).toBe(
      "#3 SecretUnsignedInteger = ifElse(#0, #1, #2)",
    );
  });

  it("random values are secret and each draw is an operation of its own", () => {
    expect(operations(() => SecretInteger.random().add(SecretInteger.random()))).toEqual([
      "#0 SecretInteger = random",
      "#1 SecretInteger = random",
      "#2 SecretInteger = addition(#0, #1)",
    ]);
    expect(operations(() => SecretUnsignedInteger.random())).toEqual(["#0 SecretUnsignedInteger = random"]);
    expect(operations(() => SecretBoolean.random())).toEqual(["#0 SecretBoolean = random"]);
  });
});

describe("literals", () => {
  it("fold like Python's constants: no operation, one literal", () => {
    expect(operations((x) => x.s.add(new Integer(2).mul(3).sub(1)))).toEqual([
      "#0 SecretInteger = inputReference s",
      "#1 Integer = literalReference Integer 5",
      "#2 SecretInteger = addition(#0, #1)",
    ]);
  });

  it.each<[string, () => bigint | boolean, bigint | boolean]>([
    ["7 / -2 rounds toward −∞", () => new Integer(7).div(-2).value, -4n],
    ["-7 % 2 has the divisor's sign", () => new Integer(-7).mod(2).value, 1n],
    ["7 % -2", () => new Integer(7).mod(-2).value, -1n],
    ["2 ** 100", () => new Integer(2).pow(100).value, 2n ** 100n],
    ["-9 >> 1", () => new Integer(-9).shr(1).value, -5n],
    ["3 << 4", () => new UnsignedInteger(3).shl(4).value, 48n],
    ["1 < 2", () => new Integer(1).lt(2).value, true],
    ["2 >= 3", () => new Integer(2).ge(3).value, false],
    ["5 == 5", () => new Integer(5).eq(5).value, true],
    ["true ^ true", () => new NadaBoolean(true).xor(true).value, false],
    ["!false", () => new NadaBoolean(false).not().value, true],
    ["toPublic", () => new Integer(9).toPublic().value, 9n],
  ])("%s", (_, fold, expected) => {
    expect(fold()).toBe(expected);
  });

  it("refuse values their type cannot hold, and constant expressions that cannot be folded", () => {
    sourceError(
      () => new UnsignedInteger(-1),
      "literal",
      'new UnsignedInteger: "value" must be a non-negative integer, got the number -1',
      FILE,
    );
    sourceError(
      () => new Integer(1.5),
      "literal",
      'new Integer: "value" must be an integer (a bigint, a safe-integer number or a decimal string), got the number 1.5',
      FILE,
    );
    sourceError(
      () => new Integer(2 ** 60),
      "literal",
      `new Integer: "value" must be an integer (a bigint, a safe-integer number or a decimal string), got the number ${2 ** 60}`,
      FILE,
    );
    sourceError(
      () => new NadaBoolean(1 as never),
      "literal",
      'new Boolean: "value" must be a boolean, got the number 1',
      FILE,
    );
    sourceError(() => new Integer(1).div(0), "literal", "div: the constant expression divides by zero", FILE);
    sourceError(() => new Integer(1).mod(0), "literal", "mod: the constant expression divides by zero", FILE);
    sourceError(() => new Integer(2).pow(-1), "literal", "pow: the constant exponent -1 is negative", FILE);
    sourceError(
      () => new UnsignedInteger(1).sub(2),
      "literal",
      "sub: the unsigned constant expression folds to -1, which is negative",
      FILE,
    );
    expect(new Integer("-123456789012345678901234567890").value).toBe(-123456789012345678901234567890n);
  });
});
