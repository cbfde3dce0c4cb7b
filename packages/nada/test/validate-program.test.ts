// One hand-built program per validation rule, each asserting the exact message: where (test.py:<line>),
// what (the operation, input or output) and why.
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  assertValidProgram,
  decodeProgram,
  InvalidProgramError,
  type NadaProgram,
  type ProgramRule,
  validateProgram,
} from "../src/index.js";
import { FIXTURES, fixtureBytes } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";

function messages(program: NadaProgram): string[] {
  return validateProgram(program).map((issue) => issue.message);
}

function rules(program: NadaProgram): ProgramRule[] {
  return validateProgram(program).map((issue) => issue.rule);
}

/** a: SecretInteger and b: SecretInteger from P, loaded by operations 0 and 1 (test.py:1, test.py:2). */
function twoSecrets(): { b: ProgramBuilder; a: number; c: number } {
  const b = new ProgramBuilder();
  return { b, a: b.input("a", T.SInt), c: b.input("b", T.SInt) };
}

describe("validateProgram on the fixtures", () => {
  it.each(FIXTURES)("%s is valid as compiled by the front end", (name) => {
    expect(messages(decodeProgram(fixtureBytes(name)))).toEqual([]);
  });
});

describe("declarations", () => {
  it("rejects a program without operations", () => {
    expect(messages(new ProgramBuilder().build())).toEqual([
      "<program>: program: the program has no operations in it; to hand values to another party, store them instead",
    ]);
  });

  it("rejects inputs and outputs of undeclared parties", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt, "Q");
    b.output("sum", b.op({ kind: "addition", left: a, right: a, type: T.SInt }), "R");
    expect(messages(b.build())).toEqual([
      'test.py:900: input "a": party Q is not declared',
      'test.py:800: output "sum": party R is not declared',
    ]);
  });

  it("reports an input declared twice at its last declaration", () => {
    const { b, a, c } = twoSecrets();
    b.declareInput("a", T.SInt);
    b.output("sum", b.op({ kind: "addition", left: a, right: c, type: T.SInt }));
    expect(messages(b.build())).toEqual(['test.py:902: input "a": input a is repeated 2 times']);
  });

  it("rejects an input that is never read", () => {
    const { b, a } = twoSecrets();
    b.declareInput("unused", T.Int);
    b.output("double", b.op({ kind: "addition", left: a, right: a, type: T.SInt }));
    // Input "b" counts as used: operation 1 loads it, even if nothing reads the load (as in the node).
    expect(messages(b.build())).toEqual(['test.py:902: input "unused": input unused is not used']);
  });

  it("rejects a reference to an undeclared input", () => {
    const { b, a } = twoSecrets();
    const ghost = b.op({ kind: "inputReference", input: "ghost", type: T.SInt });
    b.output("sum", b.op({ kind: "addition", left: a, right: ghost, type: T.SInt }));
    expect(messages(b.build())).toEqual([
      "test.py:3: operation 2 (inputReference): input ghost is used, but it is not defined",
    ]);
  });

  it("rejects a second reference to the same input (the node allows one)", () => {
    const { b, a } = twoSecrets();
    const again = b.op({ kind: "inputReference", input: "a", type: T.SInt });
    b.output("sum", b.op({ kind: "addition", left: a, right: again, type: T.SInt }));
    expect(messages(b.build())).toEqual([
      "test.py:3: operation 2 (inputReference): input a is already loaded by operation 0; the node allows one reference per input",
    ]);
  });

  it("rejects a reference whose type differs from the input's", () => {
    const b = new ProgramBuilder();
    b.declareInput("a", T.SInt);
    const a = b.op({ kind: "inputReference", input: "a", type: T.Int });
    b.output("twice", b.op({ kind: "addition", left: a, right: a, type: T.Int }));
    expect(messages(b.build())).toEqual([
      "test.py:1: operation 0 (inputReference): input a is declared SecretInteger but read as Integer",
    ]);
  });

  it("rejects inputs the node cannot load (n-tuples, objects)", () => {
    const b = new ProgramBuilder();
    const pair = b.input("pair", { kind: "NTuple", fields: [T.Int, T.Int] });
    b.output("pair", pair);
    expect(rules(b.build())).toContain("unsupported");
    expect(messages(b.build())[0]).toBe(
      'test.py:900: input "pair": inputs containing NTuple<Integer, Integer> cannot be loaded by the node',
    );
  });

  it("rejects literals the node cannot parse", () => {
    const { b, a } = twoSecrets();
    const bad = b.literal("12x", T.Int);
    const secret = b.literal("1", T.SInt);
    const sum = b.op({ kind: "addition", left: a, right: bad, type: T.SInt });
    b.output("sum", b.op({ kind: "addition", left: sum, right: secret, type: T.SInt }));
    expect(messages(b.build())).toEqual([
      '<program>: literal "literal-12x-Integer": failed to parse "12x" as a Integer literal value',
      '<program>: literal "literal-1-SecretInteger": literals of type SecretInteger are not supported (only Integer, UnsignedInteger and Boolean)',
    ]);
  });

  it("rejects a reference to an undeclared literal, or one of the wrong type", () => {
    const { b, a } = twoSecrets();
    const missing = b.op({ kind: "literalReference", literal: "nope", type: T.Int });
    const ten = b.literal("10", T.Int);
    const mistyped = b.op({ kind: "literalReference", literal: "literal-10-Integer", type: T.UInt });
    const sum = b.op({ kind: "addition", left: a, right: missing, type: T.SInt });
    b.output("sum", b.op({ kind: "addition", left: sum, right: ten, type: T.SInt }));
    b.output("odd", mistyped);
    expect(messages(b.build())).toEqual([
      "test.py:3: operation 2 (literalReference): literal nope is not defined",
      "test.py:5: operation 4 (literalReference): literal literal-10-Integer has type Integer, not UnsignedInteger",
    ]);
  });

  it("rejects an output whose type is not its operation's", () => {
    const { b, a, c } = twoSecrets();
    b.output("sum", b.op({ kind: "addition", left: a, right: c, type: T.SInt }), "P", T.Int);
    expect(messages(b.build())).toEqual([
      'test.py:800: output "sum": expected Integer, found SecretInteger (the type of operation 2)',
    ]);
  });

  it("rejects outputs and operands that point at no operation", () => {
    const { b, a } = twoSecrets();
    b.output("sum", b.op({ kind: "addition", left: a, right: 41, type: T.SInt }));
    b.output("lost", 42, "P", T.SInt);
    expect(messages(b.build())).toEqual([
      'test.py:801: output "lost": outputs operation 42, which does not exist',
      "test.py:3: operation 2 (addition): reads operation 41, which does not exist",
    ]);
  });
});

describe("operation type rules", () => {
  const cases: {
    name: string;
    build: (b: ProgramBuilder, a: number, c: number) => number;
    message: string;
  }[] = [
    {
      name: "arithmetic on different integer kinds",
      build: (b, a) => b.op({ kind: "addition", left: a, right: b.literal("1", T.UInt), type: T.SInt }),
      message: "operands have different types: SecretInteger and UnsignedInteger",
    },
    {
      name: "arithmetic on arrays",
      build: (b, a) => {
        const array = b.op({ kind: "new", elements: [a, a], type: T.array(T.SInt, 2) });
        return b.op({ kind: "multiplication", left: array, right: array, type: T.SInt });
      },
      message:
        "operands must be integers or booleans, found Array<SecretInteger, 2> and Array<SecretInteger, 2>",
    },
    {
      name: "a public result from a secret operand",
      build: (b, a, c) => b.op({ kind: "subtraction", left: a, right: c, type: T.Int }),
      message: "result type must be SecretInteger, found Integer",
    },
    {
      name: "division of booleans",
      build: (b) => {
        const t = b.literal("True", T.Bool);
        return b.op({ kind: "division", left: t, right: t, type: T.Bool });
      },
      message: "operands must be integers, found Boolean and Boolean",
    },
    {
      name: "a secret exponent",
      build: (b, a) => b.op({ kind: "power", left: b.literal("2", T.Int), right: a, type: T.Int }),
      message: "power needs a public base and a public exponent, found Integer ** SecretInteger",
    },
    {
      name: "a signed shift amount",
      build: (b, a) => b.op({ kind: "leftShift", left: a, right: b.literal("2", T.Int), type: T.SInt }),
      message: "the shift amount must be a public UnsignedInteger, found Integer",
    },
    {
      name: "trunc_pr of a public value",
      build: (b) =>
        b.op({ kind: "truncPr", left: b.literal("8", T.Int), right: b.literal("1", T.UInt), type: T.Int }),
      message: "trunc_pr needs a secret integer (use >> on public values), found Integer",
    },
    {
      name: "a comparison of booleans",
      build: (b) => {
        const t = b.literal("True", T.Bool);
        return b.op({ kind: "lessThan", left: t, right: t, type: T.Bool });
      },
      message: "operands must be integers, found Boolean and Boolean",
    },
    {
      name: "a public result from a secret comparison",
      build: (b, a, c) => b.op({ kind: "greaterOrEqual", left: a, right: c, type: T.Bool }),
      message: "result type must be SecretBoolean, found Boolean",
    },
    {
      name: "public_equals with a secret result",
      build: (b, a, c) => b.op({ kind: "publicOutputEquality", left: a, right: c, type: T.SBool }),
      message: "result type must be Boolean, found SecretBoolean",
    },
    {
      name: "boolean logic on integers",
      build: (b, a, c) => b.op({ kind: "booleanXor", left: a, right: c, type: T.SBool }),
      message: "operands must be booleans, found SecretInteger and SecretInteger",
    },
    {
      name: "not of an integer",
      build: (b, a) => b.op({ kind: "not", operand: a, type: T.SInt }),
      message: "not needs a boolean, found SecretInteger",
    },
    {
      name: "an integer condition",
      build: (b, a, c) => b.op({ kind: "ifElse", condition: a, whenTrue: a, whenFalse: c, type: T.SInt }),
      message: "the condition must be a boolean, found SecretInteger",
    },
    {
      name: "boolean if_else branches",
      build: (b, a, c) => {
        const lt = b.op({ kind: "lessThan", left: a, right: c, type: T.SBool });
        return b.op({ kind: "ifElse", condition: lt, whenTrue: lt, whenFalse: lt, type: T.SBool });
      },
      message:
        "both branches must be integers of the same kind (the VM cannot select booleans), found SecretBoolean and SecretBoolean",
    },
    {
      name: "a public if_else result with a secret condition",
      build: (b, a, c) => {
        const lt = b.op({ kind: "lessThan", left: a, right: c, type: T.SBool });
        const one = b.literal("1", T.Int);
        return b.op({ kind: "ifElse", condition: lt, whenTrue: one, whenFalse: one, type: T.Int });
      },
      message: "result type must be SecretInteger, found Integer",
    },
    {
      name: "revealing a public value",
      build: (b) => b.op({ kind: "reveal", operand: b.literal("3", T.Int), type: T.Int }),
      message: "reveal needs a secret integer or boolean, found Integer",
    },
    {
      name: "revealing to a secret type",
      build: (b, a) => b.op({ kind: "reveal", operand: a, type: T.SInt }),
      message: "result type must be Integer, found SecretInteger",
    },
    {
      name: "a random public integer",
      build: (b) => b.op({ kind: "random", type: T.Int }),
      message: "random values are SecretInteger, SecretUnsignedInteger or SecretBoolean, not Integer",
    },
    {
      name: "deriving a public key from an integer",
      build: (b, a) => b.op({ kind: "publicKeyDerive", operand: a, type: { kind: "EcdsaPublicKey" } }),
      message: "public_key needs an EcdsaPrivateKey or EddsaPrivateKey, found SecretInteger",
    },
    {
      name: "signing an integer",
      build: (b, a, c) => b.op({ kind: "ecdsaSign", left: a, right: c, type: { kind: "EcdsaSignature" } }),
      message: "signing needs EcdsaPrivateKey and EcdsaDigestMessage, found SecretInteger and SecretInteger",
    },
    {
      name: "an inner product of scalars",
      build: (b, a, c) => b.op({ kind: "innerProduct", left: a, right: c, type: T.SInt }),
      message: "inner product needs two arrays, found SecretInteger and SecretInteger",
    },
    {
      name: "an inner product of different sizes",
      build: (b, a) => {
        const two = b.op({ kind: "new", elements: [a, a], type: T.array(T.SInt, 2) });
        const three = b.op({ kind: "new", elements: [a, a, a], type: T.array(T.SInt, 3) });
        return b.op({ kind: "innerProduct", left: two, right: three, type: T.SInt });
      },
      message: "inner product of mismatched array sizes 2 and 3",
    },
    {
      name: "zipping arrays of different sizes",
      build: (b, a) => {
        const two = b.op({ kind: "new", elements: [a, a], type: T.array(T.SInt, 2) });
        const three = b.op({ kind: "new", elements: [a, a, a], type: T.array(T.SInt, 3) });
        return b.op({ kind: "zip", left: two, right: three, type: T.array(T.tuple(T.SInt, T.SInt), 2) });
      },
      message:
        "zip needs two arrays of the same size, found Array<SecretInteger, 2> and Array<SecretInteger, 3>",
    },
    {
      name: "unzipping an array of scalars",
      build: (b, a) => {
        const two = b.op({ kind: "new", elements: [a, a], type: T.array(T.SInt, 2) });
        return b.op({ kind: "unzip", operand: two, type: T.tuple(T.array(T.SInt, 2), T.array(T.SInt, 2)) });
      },
      message: "unzip needs an array of tuples, found Array<SecretInteger, 2>",
    },
  ];

  it.each(cases)("rejects $name", ({ build, message }) => {
    const { b, a, c } = twoSecrets();
    const id = build(b, a, c);
    b.output("out", id);
    // The operation under test is the last one added, at test.py:<id + 1>.
    const program = b.build();
    const operation = program.operations.find((candidate) => candidate.id === id);
    expect(messages(program)).toContain(
      `test.py:${id + 1}: operation ${id} (${operation?.kind}): ${message}`,
    );
  });
});

describe("arrays, tuples and accessors", () => {
  it("rejects an array with the wrong number or type of elements, and new of a scalar", () => {
    const { b, a } = twoSecrets();
    const short = b.op({ kind: "new", elements: [a], type: T.array(T.SInt, 2) });
    const one = b.literal("1", T.Int);
    const mixed = b.op({ kind: "new", elements: [a, one], type: T.array(T.SInt, 2) });
    const scalar = b.op({ kind: "new", elements: [a], type: T.SInt });
    b.output("short", short).output("mixed", mixed).output("scalar", scalar);
    expect(messages(b.build())).toEqual([
      "test.py:3: operation 2 (new): an array of size 2 needs 2 elements, got 1",
      "test.py:5: operation 4 (new): element 1 has type Integer, but the array holds SecretInteger",
      "test.py:6: operation 5 (new): new builds arrays and tuples, not SecretInteger",
    ]);
  });

  it("rejects tuples that are not two elements of the declared types", () => {
    const { b, a, c } = twoSecrets();
    const triple = b.op({ kind: "new", elements: [a, c, a], type: T.tuple(T.SInt, T.SInt) });
    const wrong = b.op({ kind: "new", elements: [a, c], type: T.tuple(T.SInt, T.Int) });
    b.output("triple", triple).output("wrong", wrong);
    expect(messages(b.build())).toEqual([
      "test.py:3: operation 2 (new): a tuple needs two elements, got 3",
      "test.py:4: operation 3 (new): elements SecretInteger and SecretInteger do not make a Tuple<SecretInteger, Integer>",
    ]);
  });

  it("rejects accessors out of bounds, of the wrong type, or on the wrong compound", () => {
    const { b, a, c } = twoSecrets();
    const array = b.op({ kind: "new", elements: [a, c], type: T.array(T.SInt, 2) });
    const pair = b.op({ kind: "new", elements: [a, c], type: T.tuple(T.SInt, T.SInt) });
    const outOfBounds = b.op({ kind: "arrayAccessor", source: array, index: 2, type: T.SInt });
    const mistyped = b.op({ kind: "arrayAccessor", source: array, index: 0, type: T.Int });
    const notArray = b.op({ kind: "arrayAccessor", source: pair, index: 0, type: T.SInt });
    const notTuple = b.op({ kind: "tupleAccessor", source: array, side: "left", type: T.SInt });
    const rightSide = b.op({ kind: "tupleAccessor", source: pair, side: "right", type: T.Int });
    for (const [name, id] of Object.entries({ outOfBounds, mistyped, notArray, notTuple, rightSide }))
      b.output(name, id);
    expect(messages(b.build())).toEqual([
      "test.py:5: operation 4 (arrayAccessor): index 2 is out of bounds for Array<SecretInteger, 2>",
      "test.py:6: operation 5 (arrayAccessor): an element of Array<SecretInteger, 2> has type SecretInteger, not Integer",
      "test.py:7: operation 6 (arrayAccessor): reads element 0 of Tuple<SecretInteger, SecretInteger>, which is not an array",
      "test.py:8: operation 7 (tupleAccessor): reads .left of Array<SecretInteger, 2>, which is not a tuple",
      "test.py:9: operation 8 (tupleAccessor): .right of Tuple<SecretInteger, SecretInteger> has type SecretInteger, not Integer",
    ]);
  });
});

describe("functions", () => {
  it("rejects map and reduce calls to missing functions or with the wrong arity or types", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 3));
    const unary = b.fn("negate", [{ name: "v", type: T.Int }], T.Int, (op, [v]) =>
      op({ kind: "subtraction", left: v as number, right: v as number, type: T.Int }),
    );
    const missing = b.op({ kind: "map", functionId: 99, array: xs, type: T.array(T.SInt, 3) });
    const wrongType = b.op({ kind: "map", functionId: unary, array: xs, type: T.array(T.Int, 3) });
    const wrongArity = b.op({ kind: "reduce", functionId: unary, array: xs, initial: xs, type: T.SInt });
    b.output("missing", missing).output("wrongType", wrongType).output("wrongArity", wrongArity);
    expect(messages(b.build())).toEqual([
      "test.py:5: operation 4 (map): calls function 99, which does not exist",
      "test.py:6: operation 5 (map): negate takes Integer, so it cannot map over Array<SecretInteger, 3>",
      "test.py:7: operation 6 (reduce): function negate takes 1 arguments, but is called with 2",
    ]);
  });

  it("rejects a reduce whose accumulator types disagree", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 3));
    const start = b.input("start", T.Int);
    const add = b.fn(
      "add",
      [
        { name: "acc", type: T.SInt },
        { name: "v", type: T.SInt },
      ],
      T.SInt,
      (op, [acc, v]) => op({ kind: "addition", left: acc as number, right: v as number, type: T.SInt }),
    );
    b.output("total", b.op({ kind: "reduce", functionId: add, array: xs, initial: start, type: T.SInt }));
    expect(messages(b.build())).toEqual([
      "test.py:7: operation 6 (reduce): the accumulator (initial Integer, argument SecretInteger, returned SecretInteger) must have one type",
    ]);
  });

  it("checks function bodies, their return type, and argument references", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.SInt, 2));
    const broken = b.fn("broken", [{ name: "v", type: T.SInt }], T.Int, (op, [v]) =>
      op({ kind: "addition", left: v as number, right: v as number, type: T.SInt }),
    );
    const stray = b.op({ kind: "argumentReference", functionId: broken, argument: "v", type: T.SInt });
    b.output("mapped", b.op({ kind: "map", functionId: broken, array: xs, type: T.array(T.Int, 2) }));
    b.output("stray", stray);
    expect(messages(b.build())).toEqual([
      "test.py:5: operation 4 (argumentReference): reads argument v of function 1 outside that function",
      "test.py:700: function 1 (broken): declares return type Integer but returns SecretInteger",
    ]);
  });

  it("rejects recursion through map or reduce", () => {
    const b = new ProgramBuilder();
    const xs = b.input("xs", T.array(T.array(T.SInt, 2), 2));
    // The function's own id is the next id the builder hands out.
    const selfId = 1;
    const sum = b.fn("walk", [{ name: "row", type: T.array(T.SInt, 2) }], T.array(T.SInt, 2), (op, [row]) =>
      op({ kind: "map", functionId: selfId, array: row as number, type: T.array(T.SInt, 2) }),
    );
    expect(sum).toBe(selfId);
    b.output(
      "walked",
      b.op({ kind: "map", functionId: sum, array: xs, type: T.array(T.array(T.SInt, 2), 2) }),
    );
    const program = b.build();
    expect(messages(program)).toContain(
      "test.py:700: function 1 (walk): recursion is not allowed: walk -> walk",
    );
    expect(rules(program)).toContain("recursion");
  });
});

describe("unsupported constructs", () => {
  it("rejects cast, n-tuple and object accessors", () => {
    const { b, a } = twoSecrets();
    const cast = b.op({ kind: "cast", target: a, castTo: T.SInt, type: T.SInt });
    const field = b.op({ kind: "ntupleAccessor", source: a, index: 0, type: T.SInt });
    const key = b.op({ kind: "objectAccessor", source: a, key: "x", type: T.SInt });
    b.output("cast", cast).output("field", field).output("key", key);
    expect(messages(b.build())).toEqual([
      "test.py:3: operation 2 (cast): cast is not supported",
      "test.py:4: operation 3 (ntupleAccessor): ntuple_accessor is not implemented",
      "test.py:5: operation 4 (objectAccessor): object_accessor is not implemented",
    ]);
  });
});

describe("what only the node's compiler catches", () => {
  it("rejects a program that compiles to no protocols (it would leak its input)", () => {
    const b = new ProgramBuilder();
    b.output("same", b.input("a", T.SInt));
    expect(validateProgram(b.build())).toEqual([
      expect.objectContaining({
        rule: "no-protocols",
        message: "<program>: program: the program compiles to no protocols, so it would only leak its inputs",
      }),
    ]);
  });

  it("accepts a program whose only protocol is local: the node counts protocols, not rounds", () => {
    const b = new ProgramBuilder();
    b.output(
      "shifted",
      b.op({ kind: "addition", left: b.input("a", T.SInt), right: b.literal("1", T.Int), type: T.SInt }),
    );
    expect(messages(b.build())).toEqual([]);
  });

  it("rejects outputting a private key, which the node cannot return as shares", () => {
    const b = new ProgramBuilder();
    const key = b.input("key", { kind: "EcdsaPrivateKey" });
    b.output("public", b.op({ kind: "publicKeyDerive", operand: key, type: { kind: "EcdsaPublicKey" } }));
    b.output("key", key);
    expect(messages(b.build())).toEqual([
      'test.py:801: output "key": the node\'s compiler rejects it: share EcdsaPrivateKey is unimplemented',
    ]);
  });

  it("rejects indexing into a nested array input: the node's accessor assumes flat elements", () => {
    const b = new ProgramBuilder();
    const rows = b.input("rows", T.array(T.array(T.SInt, 2), 2));
    const second = b.op({ kind: "arrayAccessor", source: rows, index: 1, type: T.array(T.SInt, 2) });
    const cell = b.op({ kind: "arrayAccessor", source: second, index: 1, type: T.SInt });
    b.output("twice", b.op({ kind: "addition", left: cell, right: cell, type: T.SInt }));
    // rows is laid out as new, new, load, load, new, load, load: rows[1] lands on the first row's first
    // element, and rows[1][1] on the second row's header, an array.
    expect(messages(b.build())).toEqual([
      "test.py:4: operation 3 (addition): the node's compiler rejects it: operation addition is not supported for Array<SecretInteger, 2> and Array<SecretInteger, 2>",
    ]);
  });

  it("rejects an input read only by a function that is never called", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    b.declareInput("hidden", T.SInt);
    b.fn("uses_hidden", [], T.SInt, (op) => op({ kind: "inputReference", input: "hidden", type: T.SInt }));
    b.output("double", b.op({ kind: "addition", left: a, right: a, type: T.SInt }));
    expect(messages(b.build())).toEqual([
      'test.py:901: input "hidden": the node\'s compiler rejects it: input hidden is not used',
    ]);
  });
});

describe("assertValidProgram", () => {
  it("throws an InvalidProgramError (an InvalidArgumentError) listing every issue", () => {
    const { b, a, c } = twoSecrets();
    b.output("bad", b.op({ kind: "not", operand: a, type: T.SInt }));
    b.output("sum", b.op({ kind: "addition", left: a, right: c, type: T.SInt }), "P", T.SUInt);
    let caught: unknown;
    try {
      assertValidProgram(b.build());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidProgramError);
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    const error = caught as InvalidProgramError;
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.argument).toBe("program");
    expect(error.message).toBe(
      'invalid program: test.py:801: output "sum": expected SecretUnsignedInteger, found SecretInteger (the type of operation 3) (and 1 more)',
    );
    expect(error.issues.map((issue) => issue.message)).toEqual([
      'test.py:801: output "sum": expected SecretUnsignedInteger, found SecretInteger (the type of operation 3)',
      "test.py:3: operation 2 (not): not needs a boolean, found SecretInteger",
    ]);
  });

  it("accepts every fixture", () => {
    for (const name of FIXTURES)
      expect(() => assertValidProgram(decodeProgram(fixtureBytes(name)))).not.toThrow();
  });
});
