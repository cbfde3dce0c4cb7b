// lowerProgram: every fixture lowers to primitive operations that validate and round-trip; the rewrites
// have the reference pre-processor's exact shapes (operand order, formulas, fold direction, id order).
import { describe, expect, it } from "vitest";
import {
  decodeProgram,
  encodeProgram,
  HIGH_LEVEL_OPERATION_KINDS,
  InvalidProgramError,
  isLowered,
  lowerProgram,
  type NadaProgram,
  type Operation,
  operandsOf,
  programContract,
  validateProgram,
} from "../src/index.js";
import { FIXTURES, fixtureBytes } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";

/** `id: kind(operands)` per operation, by id, for comparing shapes. */
function shape(program: NadaProgram): Record<number, string> {
  const lines: Record<number, string> = {};
  for (const operation of program.operations) {
    const detail =
      operation.kind === "arrayAccessor"
        ? `${operation.source}[${operation.index}]`
        : operation.kind === "tupleAccessor"
          ? `${operation.source}.${operation.side}`
          : operandsOf(operation).join(", ");
    lines[operation.id] = `${operation.kind}(${detail})`;
  }
  return lines;
}

function lowered(name: (typeof FIXTURES)[number]): NadaProgram {
  return lowerProgram(decodeProgram(fixtureBytes(name)));
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe.each(FIXTURES)("lowering %s", (name) => {
  const program = decodeProgram(fixtureBytes(name));
  const result = lowerProgram(program);

  it("leaves no high-level operation and no function", () => {
    expect(result.operations.filter((operation) => HIGH_LEVEL_OPERATION_KINDS.has(operation.kind))).toEqual(
      [],
    );
    expect(result.functions).toEqual([]);
    expect(isLowered(result)).toBe(true);
  });

  it("gives a valid program with the same contract", () => {
    expect(validateProgram(result)).toEqual([]);
    expect(programContract(result)).toEqual(programContract(program));
  });

  it("re-encodes and re-decodes to the same model", () => {
    expect(decodeProgram(encodeProgram(result))).toEqual(result);
  });

  it("is idempotent: lowering the result changes nothing", () => {
    expect(lowerProgram(result)).toBe(result);
    expect(lowerProgram(decodeProgram(encodeProgram(result)))).toEqual(result);
  });

  it("is deterministic", () => {
    expect(lowerProgram(decodeProgram(fixtureBytes(name)))).toEqual(result);
  });
});

describe("programs that need no lowering", () => {
  it.each(["arith_basic", "div_secret", "ecdsa_sign", "random_values", "reveal_chain"] as const)(
    "%s is returned as it is",
    (name) => {
      const program = decodeProgram(fixtureBytes(name));
      expect(isLowered(program)).toBe(true);
      expect(lowerProgram(program)).toBe(program);
    },
  );
});

describe("rewrite shapes", () => {
  it("booleans.py: & is a product, | is (a + b) - a·b, ^ is (a + b) - (a·b + a·b)", () => {
    // New ids start above the largest id (7) and are drawn from the highest original operation down.
    expect(shape(lowered("booleans"))).toEqual({
      0: "inputReference()",
      1: "inputReference()",
      2: "inputReference()",
      3: "multiplication(0, 1)", // x & y
      4: "subtraction(11, 12)", // x | y
      11: "addition(0, 1)",
      12: "multiplication(0, 1)",
      5: "subtraction(8, 10)", // x ^ y
      8: "addition(0, 1)",
      9: "multiplication(0, 1)",
      10: "addition(9, 9)",
      6: "not(0)", // ~x
      7: "multiplication(0, 2)", // x & z (public z)
    });
  });

  it("min_max.py: <=, > and >= become less-than with the node's operand orders", () => {
    expect(shape(lowered("min_max"))).toMatchObject({
      2: "lessThan(0, 1)", // a < b, unchanged
      5: "not(9)", // a >= b = not (a < b)
      9: "lessThan(0, 1)",
      6: "lessThan(1, 0)", // a > b = b < a
      7: "not(8)", // a <= b = not (b < a)
      8: "lessThan(1, 0)",
    });
  });

  it("equality.py: != is not(==)", () => {
    expect(shape(lowered("equality"))).toMatchObject({ 2: "equals(0, 1)", 3: "not(5)", 5: "equals(0, 1)" });
  });

  it("array_ops.py: reduce is a left fold with the accumulator first; map inlines add_offset per element", () => {
    const program = lowered("array_ops");
    const lines = shape(program);
    // total = xs.reduce(add, offset): accessors 13..17 of xs (operation 0), calls 18..21 and then 11.
    expect(lines).toMatchObject({
      13: "arrayAccessor(0[0])",
      17: "arrayAccessor(0[4])",
      18: "addition(2, 13)", // add(offset, xs[0])
      19: "addition(18, 14)", // add(acc, xs[1])
      20: "addition(19, 15)",
      21: "addition(20, 16)",
      11: "addition(21, 17)", // the result keeps the reduce's id
    });
    // shifted = xs.map(add_offset): accessors 22..26, one inlined body per element, collected by a new.
    expect(lines).toMatchObject({
      6: "new(27, 28, 29, 30, 31)",
      22: "arrayAccessor(0[0])",
      27: "addition(22, 2)", // v + offset, offset reusing the program's reference (operation 2)
      31: "addition(26, 2)",
    });
    expect(program.operations.filter((operation) => operation.kind === "inputReference")).toHaveLength(3);
  });

  it("zip_unzip.py: zip and unzip become accessors and news; map inlines mul_pair", () => {
    const program = lowered("zip_unzip");
    const byId = new Map(program.operations.map((operation) => [operation.id, operation]));
    const get = (id: number) => byId.get(id) as Operation;
    const zip = get(2);
    expect(zip.kind).toBe("new");
    expect(zip.type).toEqual(T.array(T.tuple(T.SInt, T.SInt), 3));
    // Each pair is new(xs[i], ys[i]).
    operandsOf(zip).forEach((pairId, i) => {
      const pair = get(pairId);
      expect(pair.kind).toBe("new");
      expect(operandsOf(pair).map((id) => shape(program)[id])).toEqual([
        `arrayAccessor(0[${i}])`,
        `arrayAccessor(1[${i}])`,
      ]);
    });
    // products[i] = pairs[i].left * pairs[i].right, read through accessors of the zip.
    const products = get(8);
    operandsOf(products).forEach((productId, i) => {
      const [left, right] = operandsOf(get(productId)).map(get);
      expect(get(productId).kind).toBe("multiplication");
      expect([left?.kind, right?.kind]).toEqual(["tupleAccessor", "tupleAccessor"]);
      const element = get(operandsOf(left as Operation)[0] as number);
      expect(shape(program)[element.id]).toBe(`arrayAccessor(2[${i}])`);
    });
    // unzipped = new(new(lefts), new(rights)).
    const unzipped = get(9);
    expect(unzipped.kind).toBe("new");
    const [lefts, rights] = operandsOf(unzipped).map(get);
    expect(operandsOf(lefts as Operation).map((id) => get(id).kind)).toEqual(Array(3).fill("tupleAccessor"));
    expect((rights as Operation).type).toEqual(T.array(T.SInt, 3));
  });
});

describe("functions", () => {
  it("inlines functions that map other functions, and shares an input a body reads", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 2));
    const ys = b.input("ys", T.array(T.SInt, 2));
    b.declareInput("bias", T.SInt);
    const rows = b.op({ kind: "new", elements: [xs, ys], type: T.array(T.array(T.SInt, 2), 2) });
    const inc = b.fn("inc", [{ name: "v", type: T.SInt }], T.SInt, (op, [v]) => {
      const bias = op({ kind: "inputReference", input: "bias", type: T.SInt });
      return op({ kind: "addition", left: v as number, right: bias, type: T.SInt });
    });
    const row = b.fn("inc_row", [{ name: "r", type: T.array(T.SInt, 2) }], T.array(T.SInt, 2), (op, [r]) =>
      op({ kind: "map", functionId: inc, array: r as number, type: T.array(T.SInt, 2) }),
    );
    b.output(
      "out",
      b.op({ kind: "map", functionId: row, array: rows, type: T.array(T.array(T.SInt, 2), 2) }),
    );
    const program = b.build();
    expect(validateProgram(program)).toEqual([]);
    const result = lowerProgram(program);
    expect(isLowered(result)).toBe(true);
    expect(validateProgram(result)).toEqual([]);
    expect(result.operations.filter((operation) => operation.kind === "addition")).toHaveLength(4);
    // The first call copies the body's reference to "bias"; the other three reuse it.
    expect(result.operations.filter((operation) => operation.kind === "inputReference")).toHaveLength(3);
  });

  it("copies a body's literal reference into every call, as the reference pre-processor does", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 3));
    const double = b.fn("double", [{ name: "v", type: T.SInt }], T.SInt, (op, [v]) => {
      const two = op({ kind: "literalReference", literal: "two", type: T.Int });
      return op({ kind: "multiplication", left: v as number, right: two, type: T.SInt });
    });
    b.output("out", b.op({ kind: "map", functionId: double, array: xs, type: T.array(T.SInt, 3) }));
    const program = { ...b.build(), literals: [{ name: "two", value: "2", type: T.Int }] };
    const result = lowerProgram(program);
    expect(result.operations.filter((operation) => operation.kind === "literalReference")).toHaveLength(3);
    expect(validateProgram(result)).toEqual([]);
  });

  it("rejects recursion", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 2));
    const again = b.fn("again", [{ name: "v", type: T.array(T.SInt, 2) }], T.array(T.SInt, 2), (op, [v]) =>
      op({ kind: "map", functionId: 1, array: v as number, type: T.array(T.SInt, 2) }),
    );
    b.output("out", b.op({ kind: "map", functionId: again, array: xs, type: T.array(T.SInt, 2) }));
    const error = thrown(() => lowerProgram(b.build()));
    expect(error).toBeInstanceOf(InvalidProgramError);
    expect((error as InvalidProgramError).issues.map((issue) => issue.message)).toEqual([
      "test.py:700: function 1 (again): recursion is not allowed: again -> again",
    ]);
  });

  it("rejects a function that returns its argument unchanged (nothing would carry the call's id)", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 2));
    const same = b.fn("same", [{ name: "v", type: T.SInt }], T.SInt, (_op, [v]) => v as number);
    b.output("out", b.op({ kind: "map", functionId: same, array: xs, type: T.array(T.SInt, 2) }));
    expect(() => lowerProgram(b.build())).toThrow(
      "invalid program: test.py:4: operation 6 (call): function same must return an operation of its own body to be inlined",
    );
    // validateProgram reports the same, through its lowering step.
    expect(validateProgram(b.build()).map((issue) => issue.rule)).toEqual(["function"]);
  });

  it("rejects rewriting a map over something that is not an array", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    const neg = b.fn("neg", [{ name: "v", type: T.SInt }], T.SInt, (op, [v]) =>
      op({ kind: "subtraction", left: v as number, right: v as number, type: T.SInt }),
    );
    b.output("out", b.op({ kind: "map", functionId: neg, array: a, type: T.array(T.SInt, 1) }));
    expect(() => lowerProgram(b.build())).toThrow(
      "invalid program: test.py:5: operation 4 (map): expected an array, found SecretInteger",
    );
  });
});
