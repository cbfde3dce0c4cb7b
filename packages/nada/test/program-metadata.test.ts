// programMetadata: the node compiler's counts, written down per fixture and explained from the program's
// operations; identical to official-metadata.json wherever it has numbers; and the memory sizes the
// reference's own compiler tests expect for its test programs.
import { PreprocessingElement } from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  type BinaryOperationKind,
  decodeProgram,
  encodeProgram,
  InvalidProgramError,
  lowerProgram,
  type NadaProgram,
  type NadaType,
  type ProgramMetadata,
  programMetadata,
  programMetadataMessage,
} from "../src/index.js";
import { FIXTURES, type FixtureName, fixtureBytes, officialMetadata } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";

type Expected = Omit<ProgramMetadata, "auxiliaryMaterial"> & {
  auxiliaryMaterial?: ProgramMetadata["auxiliaryMaterial"];
};

/**
 * Per fixture, as lowered. Memory: one slot per scalar input, size + 1 per array input, then one slot
 * per protocol result (size + 1 for an array built by NewArray, 3 for a tuple). Protocols: one per
 * primitive operation an output needs (inputs, literals, accessors and `new` cost none), plus a
 * NewArray/NewTuple wherever an array or tuple is consumed whole. Preprocessing: one element per
 * protocol that consumes one.
 */
const EXPECTED: Readonly<Record<FixtureName, Expected>> = {
  // 3 inputs + 5 protocols: a*b (shares), (a*b)+c, a+b, (a+b)+10 (additions), (a*b+c)-a.
  arith_basic: {
    memorySize: 8,
    totalInstructions: 5,
    instructions: { Addition: 3, MultiplicationShares: 1, Subtraction: 1 },
    preprocessing: {},
  },
  // offset 1 + ws 6 + xs 6 = 13 input slots; map: 5 additions (v + offset); reduce: 5 additions (acc + v);
  // inner product xs·ws: NewArray(xs) 6 + NewArray(ws) 6 + the product itself 1; output "shifted":
  // NewArray of the 5 mapped values 6. 13 + 5 + 5 + 13 + 6 = 42 slots, 14 protocols.
  array_ops: {
    memorySize: 42,
    totalInstructions: 14,
    instructions: { Addition: 10, InnerProductSharePublic: 1, NewArray: 3 },
    preprocessing: {},
  },
  // 3 inputs + 10: x&y = x·y; x|y = (x+y) - x·y; x^y = (x+y) - (x·y + x·y); ~x; x&z = x·z (z public).
  booleans: {
    memorySize: 13,
    totalInstructions: 10,
    instructions: {
      Addition: 3,
      MultiplicationSharePublic: 1,
      MultiplicationShares: 3,
      Not: 1,
      Subtraction: 2,
    },
    preprocessing: {},
  },
  // 2 inputs + 3: a/d and a/Integer(-3) (secret dividend, public divisor), a%d; each takes a MODULO.
  div_mod_public: {
    memorySize: 5,
    totalInstructions: 3,
    instructions: {
      DivisionIntegerSecretDividendPublicDivisor: 2,
      ModuloIntegerSecretDividendPublicDivisor: 1,
    },
    preprocessing: { MODULO: 3 },
  },
  // 2 inputs + 2: a/b and a%b with a secret divisor, one DIVISION_SECRET_DIVISOR each.
  div_secret: {
    memorySize: 4,
    totalInstructions: 2,
    instructions: { DivisionIntegerSecretDivisor: 1, ModuloIntegerSecretDivisor: 1 },
    preprocessing: { DIVISION_SECRET_DIVISOR: 2 },
  },
  // 2 inputs + 2: the signature (needs the CGGMP21 auxiliary info) and the public key.
  ecdsa_sign: {
    memorySize: 4,
    totalInstructions: 2,
    instructions: { EcdsaSign: 1, PublicKeyDerive: 1 },
    preprocessing: {},
    auxiliaryMaterial: { CGGMP21_AUXILIARY_INFO: 1 },
  },
  // 2 inputs + 4: a==b, and a!=b = not(a==b) (one EQUALITY_SECRET_OUTPUT each), public_equals (one
  // EQUALITY_PUBLIC_OUTPUT).
  equality: {
    memorySize: 6,
    totalInstructions: 4,
    instructions: { EqualsSecret: 2, Not: 1, PublicOutputEquality: 1 },
    preprocessing: { EQUALITY_SECRET_OUTPUT: 2, EQUALITY_PUBLIC_OUTPUT: 1 },
  },
  // 2 inputs + 8: a<b (shared by both if_else), a>=b = not(a<b), a>b = b<a, a<=b = not(b<a): 4 secret
  // comparisons (4 COMPARE), 2 not, and 2 if_else with a secret condition and secret branches.
  min_max: {
    memorySize: 10,
    totalInstructions: 8,
    instructions: { IfElse: 2, LessThanShares: 4, Not: 2 },
    preprocessing: { COMPARE: 4 },
  },
  // 3 inputs + 3: base ** exp appears twice (not shared), then s * (base ** exp).
  power_public: {
    memorySize: 6,
    totalInstructions: 3,
    instructions: { MultiplicationSharePublic: 1, PowerPublicBasePublicExponent: 2 },
    preprocessing: {},
  },
  // 1 input + 7: two random draws, a + r - r, bit.if_else(1, 0) (secret condition, public branches),
  // * Integer(0), + a.
  random_values: {
    memorySize: 8,
    totalInstructions: 7,
    instructions: {
      Addition: 2,
      IfElsePublicBranches: 1,
      MultiplicationSharePublic: 1,
      RandomBoolean: 1,
      RandomInteger: 1,
      Subtraction: 1,
    },
    preprocessing: { RANDOM_BOOLEAN: 1, RANDOM_INTEGER: 1 },
  },
  // 3 inputs + 4: a*b (shares), reveal, opened * 3 (public), + c.
  reveal_chain: {
    memorySize: 7,
    totalInstructions: 4,
    instructions: { Addition: 1, MultiplicationPublic: 1, MultiplicationShares: 1, Reveal: 1 },
    preprocessing: {},
  },
  // 1 input + 3: a >> 2 (TRUNC), a << 4, a.trunc_pr(3) (TRUNC_PR).
  shifts_trunc: {
    memorySize: 4,
    totalInstructions: 3,
    instructions: { LeftShiftShares: 1, RightShiftShares: 1, TruncPr: 1 },
    preprocessing: { TRUNC: 1, TRUNC_PR: 1 },
  },
  // 3 inputs + 3: x + y, (x + y) * w, x * y.
  three_parties: {
    memorySize: 6,
    totalInstructions: 3,
    instructions: { Addition: 1, MultiplicationShares: 2 },
    preprocessing: {},
  },
  // 3 inputs + 5: a*b (shares), + k, a << 3, a + b, (a + b) * 2 (share by public).
  unsigned_ops: {
    memorySize: 8,
    totalInstructions: 5,
    instructions: { Addition: 2, LeftShiftShares: 1, MultiplicationSharePublic: 1, MultiplicationShares: 1 },
    preprocessing: {},
  },
  // xs 4 + ys 4 input slots; products: 3 multiplications, NewArray 4; unzipped: NewArray(lefts) 4,
  // NewArray(rights) 4, NewTuple 3. The zip itself is only addresses. 8 + 3 + 4 + 4 + 4 + 3 = 26.
  zip_unzip: {
    memorySize: 26,
    totalInstructions: 7,
    instructions: { MultiplicationShares: 3, NewArray: 3, NewTuple: 1 },
    preprocessing: {},
  },
};

describe.each(FIXTURES)("metadata of %s", (name) => {
  const program = decodeProgram(fixtureBytes(name));

  it("has the counts written down above, once lowered", () => {
    const { auxiliaryMaterial = {}, ...counts } = EXPECTED[name];
    expect(programMetadata(lowerProgram(program))).toEqual({ ...counts, auxiliaryMaterial });
  });

  it("is what the official node compiler computes for the file as compiled", () => {
    const official = officialMetadata()[`${name}.nada.bin`];
    if (official === undefined) throw new Error(`official-metadata.json has no entry for ${name}`);
    if ("error" in official) {
      // The node rejects front-end output that still holds map, zip, >=… ; so does programMetadata.
      expect(() => programMetadata(program)).toThrow(InvalidProgramError);
      expect(() => programMetadata(program)).toThrow(
        "the node compiles lowered programs only; lower the program first",
      );
      return;
    }
    const metadata = programMetadata(program);
    expect(metadata.memorySize).toBe(official.memory);
    expect(metadata.totalInstructions).toBe(official.instructions);
    expect(metadata.instructions).toEqual(official.perProtocol);
    // The official (client-wasm) map lists the ECDSA auxiliary info among the preprocessing requirements.
    const { ECDSA_AUX_INFO: auxInfo, ...elements } = official.preprocessing;
    expect(metadata.preprocessing).toEqual(elements);
    expect(metadata.auxiliaryMaterial).toEqual(
      auxInfo === undefined ? {} : { CGGMP21_AUXILIARY_INFO: auxInfo },
    );
  });
});

describe("official-metadata.json", () => {
  it("has numbers for 10 fixtures and errors for the 5 that need lowering", () => {
    const entries = Object.entries(officialMetadata());
    expect(entries.filter(([, entry]) => "error" in entry).map(([file]) => file)).toEqual([
      "array_ops.nada.bin",
      "booleans.nada.bin",
      "equality.nada.bin",
      "min_max.nada.bin",
      "zip_unzip.nada.bin",
    ]);
    expect(entries).toHaveLength(FIXTURES.length);
  });
});

/**
 * The reference's own compiler tests (nilvm mpc-vm `memory_size` and `bytecode_to_protocol` tests) expect
 * these sizes for its test programs; rebuilt here as the front end emits them.
 */
describe("memory sizes the reference compiler tests expect", () => {
  const builders: Record<
    string,
    { memory: number; protocols: Record<string, number>; build: () => NadaProgram }
  > = {
    // A*B + C*D with four secret inputs.
    simple: {
      memory: 7,
      protocols: { Addition: 1, MultiplicationShares: 2 },
      build: () => {
        const b = new ProgramBuilder();
        const [a, bb, c, d] = ["A", "B", "C", "D"].map((name) => b.input(name, T.SInt)) as [
          number,
          number,
          number,
          number,
        ];
        const ab = b.op({ kind: "multiplication", left: a, right: bb, type: T.SInt });
        const cd = b.op({ kind: "multiplication", left: c, right: d, type: T.SInt });
        b.output("O", b.op({ kind: "addition", left: ab, right: cd, type: T.SInt }));
        return b.build();
      },
    },
    // A*13 + 13 + C*50 + 63 + 650 (the front end folds Integer(13) + Integer(50) and Integer(13) * Integer(50)).
    simple_literals: {
      memory: 8,
      protocols: { Addition: 4, MultiplicationSharePublic: 2 },
      build: () => {
        const b = new ProgramBuilder();
        const a = b.input("A", T.SInt);
        const c = b.input("C", T.SInt);
        const tmp0 = b.op({
          kind: "addition",
          left: b.op({ kind: "multiplication", left: a, right: b.literal("13", T.Int), type: T.SInt }),
          right: b.literal("13", T.Int),
          type: T.SInt,
        });
        const tmp1 = b.op({ kind: "multiplication", left: c, right: b.literal("50", T.Int), type: T.SInt });
        let sum = b.op({ kind: "addition", left: tmp0, right: tmp1, type: T.SInt });
        sum = b.op({ kind: "addition", left: sum, right: b.literal("63", T.Int), type: T.SInt });
        b.output("O", b.op({ kind: "addition", left: sum, right: b.literal("650", T.Int), type: T.SInt }));
        return b.build();
      },
    },
    // Array.new(v, v, v) with v = a + b, zipped with itself and mapped with left + right.
    sum: {
      memory: 10,
      protocols: { Addition: 4, NewArray: 1 },
      build: () => {
        const b = new ProgramBuilder();
        const value = b.op({
          kind: "addition",
          left: b.input("a", T.SInt),
          right: b.input("b", T.SInt),
          type: T.SInt,
        });
        const array = b.op({ kind: "new", elements: [value, value, value], type: T.array(T.SInt, 3) });
        const pairs = b.op({
          kind: "zip",
          left: array,
          right: array,
          type: T.array(T.tuple(T.SInt, T.SInt), 3),
        });
        const add = b.fn(
          "map_add",
          [{ name: "values", type: T.tuple(T.SInt, T.SInt) }],
          T.SInt,
          (op, [values]) => {
            const left = op({ kind: "tupleAccessor", source: values as number, side: "left", type: T.SInt });
            const right = op({
              kind: "tupleAccessor",
              source: values as number,
              side: "right",
              type: T.SInt,
            });
            return op({ kind: "addition", left, right, type: T.SInt });
          },
        );
        b.output("my_output", b.op({ kind: "map", functionId: add, array: pairs, type: T.array(T.SInt, 3) }));
        return lowerProgram(b.build());
      },
    },
    // Array.new(Array.new(a, b), Array.new(c, d)) as the output: a NewArray per level.
    array_new_2_dimensional: {
      memory: 13,
      protocols: { NewArray: 3 },
      build: () => {
        const b = new ProgramBuilder();
        const [a, bb, c, d] = ["a", "b", "c", "d"].map((name) => b.input(name, T.SInt)) as [
          number,
          number,
          number,
          number,
        ];
        const first = b.op({ kind: "new", elements: [a, bb], type: T.array(T.SInt, 2) });
        const second = b.op({ kind: "new", elements: [c, d], type: T.array(T.SInt, 2) });
        b.output(
          "my_output",
          b.op({ kind: "new", elements: [first, second], type: T.array(T.array(T.SInt, 2), 2) }),
        );
        return b.build();
      },
    },
    // my_array_1.zip(my_array_2).map(product).reduce(add, secret_int0).
    inner_product: {
      memory: 15,
      protocols: { Addition: 3, MultiplicationShares: 3 },
      build: () => {
        const b = new ProgramBuilder();
        const first = b.input("my_array_1", T.array(T.SInt, 3));
        const second = b.input("my_array_2", T.array(T.SInt, 3));
        const start = b.input("secret_int0", T.SInt);
        const product = b.fn(
          "array_product",
          [{ name: "values", type: T.tuple(T.SInt, T.SInt) }],
          T.SInt,
          (op, [values]) => {
            const left = op({ kind: "tupleAccessor", source: values as number, side: "left", type: T.SInt });
            const right = op({
              kind: "tupleAccessor",
              source: values as number,
              side: "right",
              type: T.SInt,
            });
            return op({ kind: "multiplication", left, right, type: T.SInt });
          },
        );
        const add = b.fn(
          "add",
          [
            { name: "a", type: T.SInt },
            { name: "b", type: T.SInt },
          ],
          T.SInt,
          (op, [x, y]) => op({ kind: "addition", left: x as number, right: y as number, type: T.SInt }),
        );
        const pairs = b.op({
          kind: "zip",
          left: first,
          right: second,
          type: T.array(T.tuple(T.SInt, T.SInt), 3),
        });
        const products = b.op({ kind: "map", functionId: product, array: pairs, type: T.array(T.SInt, 3) });
        b.output(
          "out",
          b.op({ kind: "reduce", functionId: add, array: products, initial: start, type: T.SInt }),
        );
        return lowerProgram(b.build());
      },
    },
    // my_array_1.zip(my_array_2) as the output: a NewTuple per pair and a NewArray.
    zip_simple: {
      memory: 21,
      protocols: { NewArray: 1, NewTuple: 3 },
      build: () => {
        const b = new ProgramBuilder();
        const first = b.input("my_array_1", T.array(T.SInt, 3));
        const second = b.input("my_array_2", T.array(T.SInt, 3));
        b.output(
          "my_output",
          b.op({ kind: "zip", left: first, right: second, type: T.array(T.tuple(T.SInt, T.SInt), 3) }),
        );
        return lowerProgram(b.build());
      },
    },
    // unzip(my_array_1.zip(my_array_2)): two NewArray and a NewTuple.
    unzip_simple: {
      memory: 19,
      protocols: { NewArray: 2, NewTuple: 1 },
      build: () => {
        const b = new ProgramBuilder();
        const first = b.input("my_array_1", T.array(T.SInt, 3));
        const second = b.input("my_array_2", T.array(T.SInt, 3));
        const pairs = b.op({
          kind: "zip",
          left: first,
          right: second,
          type: T.array(T.tuple(T.SInt, T.SInt), 3),
        });
        const type = T.tuple(T.array(T.SInt, 3), T.array(T.SInt, 3));
        b.output("my_output", b.op({ kind: "unzip", operand: pairs, type }));
        return lowerProgram(b.build());
      },
    },
  };

  it.each(Object.entries(builders))("%s", (_name, { memory, protocols, build }) => {
    const metadata = programMetadata(build());
    expect(metadata.memorySize).toBe(memory);
    expect(metadata.instructions).toEqual(protocols);
  });
});

/** The node's protocol choice per operand mix (node-mpc.md §2.2): one program per row, `a ? b` with a, b inputs. */
describe("protocol names per operand mix", () => {
  interface Row {
    name: string;
    left: NadaType;
    right: NadaType;
    kind: BinaryOperationKind;
    type: NadaType;
    protocols: Record<string, number>;
  }
  const pair = (element: NadaType) => T.array(element, 2);
  const rows: Row[] = [
    { name: "P + P", left: T.Int, right: T.Int, kind: "addition", type: T.Int, protocols: { Addition: 1 } },
    {
      name: "P < P",
      left: T.Int,
      right: T.Int,
      kind: "lessThan",
      type: T.Bool,
      protocols: { LessThanPublic: 1 },
    },
    {
      name: "P < S",
      left: T.Int,
      right: T.SInt,
      kind: "lessThan",
      type: T.SBool,
      protocols: { LessThanShares: 1 },
    },
    {
      name: "P == P",
      left: T.UInt,
      right: T.UInt,
      kind: "equals",
      type: T.Bool,
      protocols: { EqualsPublic: 1 },
    },
    {
      name: "S == P (booleans)",
      left: T.SBool,
      right: T.Bool,
      kind: "equals",
      type: T.SBool,
      protocols: { EqualsSecret: 1 },
    },
    {
      name: "public_equals(P, P)",
      left: T.Int,
      right: T.Int,
      kind: "publicOutputEquality",
      type: T.Bool,
      protocols: { EqualsPublic: 1 },
    },
    {
      name: "P / P",
      left: T.Int,
      right: T.Int,
      kind: "division",
      type: T.Int,
      protocols: { DivisionIntegerPublic: 1 },
    },
    {
      name: "P / S",
      left: T.UInt,
      right: T.SUInt,
      kind: "division",
      type: T.SUInt,
      protocols: { DivisionIntegerSecretDivisor: 1 },
    },
    {
      name: "P % P",
      left: T.UInt,
      right: T.UInt,
      kind: "modulo",
      type: T.UInt,
      protocols: { ModuloIntegerPublic: 1 },
    },
    {
      name: "P ** P (unsigned)",
      left: T.UInt,
      right: T.UInt,
      kind: "power",
      type: T.UInt,
      protocols: { PowerPublicBasePublicExponent: 1 },
    },
    {
      name: "P << P",
      left: T.Int,
      right: T.UInt,
      kind: "leftShift",
      type: T.Int,
      protocols: { LeftShiftPublic: 1 },
    },
    {
      name: "P >> P",
      left: T.UInt,
      right: T.UInt,
      kind: "rightShift",
      type: T.UInt,
      protocols: { RightShiftPublic: 1 },
    },
    {
      name: "P · P (booleans)",
      left: T.Bool,
      right: T.Bool,
      kind: "multiplication",
      type: T.Bool,
      protocols: { MultiplicationPublic: 1 },
    },
    {
      name: "S - P (unsigned)",
      left: T.SUInt,
      right: T.UInt,
      kind: "subtraction",
      type: T.SUInt,
      protocols: { Subtraction: 1 },
    },
    {
      name: "P · P arrays (inner product, each array adapted by a NewArray)",
      left: pair(T.Int),
      right: pair(T.Int),
      kind: "innerProduct",
      type: T.Int,
      protocols: { InnerProductPublic: 1, NewArray: 2 },
    },
    {
      name: "S · S arrays (inner product)",
      left: pair(T.SInt),
      right: pair(T.SInt),
      kind: "innerProduct",
      type: T.SInt,
      protocols: { InnerProductShares: 1, NewArray: 2 },
    },
    {
      name: "EdDSA signing (no auxiliary material)",
      left: { kind: "EddsaPrivateKey" },
      right: { kind: "EddsaMessage" },
      kind: "eddsaSign",
      type: { kind: "EddsaSignature" },
      protocols: { EddsaSign: 1 },
    },
  ];

  it.each(rows)("$name", ({ left, right, kind, type, protocols }) => {
    const b = new ProgramBuilder();
    const a = b.input("a", left);
    const c = b.input("b", right);
    b.output("out", b.op({ kind, left: a, right: c, type }));
    expect(programMetadata(b.build()).instructions).toEqual(protocols);
  });

  it("if_else: public condition, secret condition with public branches, secret everything", () => {
    const b = new ProgramBuilder();
    const flag = b.input("flag", T.Bool);
    const bit = b.input("bit", T.SBool);
    const x = b.input("x", T.SInt);
    const y = b.input("y", T.Int);
    b.output(
      "publicCondition",
      b.op({ kind: "ifElse", condition: flag, whenTrue: x, whenFalse: y, type: T.SInt }),
    );
    b.output(
      "publicBranches",
      b.op({ kind: "ifElse", condition: bit, whenTrue: y, whenFalse: y, type: T.SInt }),
    );
    b.output("secret", b.op({ kind: "ifElse", condition: bit, whenTrue: x, whenFalse: y, type: T.SInt }));
    b.output("negated", b.op({ kind: "not", operand: flag, type: T.Bool }));
    b.output("draw", b.op({ kind: "random", type: T.SUInt }));
    expect(programMetadata(b.build())).toEqual({
      memorySize: 4 + 5,
      totalInstructions: 5,
      instructions: { IfElse: 1, IfElsePublicBranches: 1, IfElsePublicCond: 1, Not: 1, RandomInteger: 1 },
      preprocessing: { RANDOM_INTEGER: 1 },
      auxiliaryMaterial: {},
    });
  });
});

describe("programMetadata on programs the node rejects", () => {
  it("lists every operation that still needs lowering", () => {
    const error = (() => {
      try {
        programMetadata(decodeProgram(fixtureBytes("min_max")));
      } catch (caught) {
        return caught as InvalidProgramError;
      }
      throw new Error("expected a throw");
    })();
    expect(error.issues.map((issue) => issue.message)).toEqual([
      "min_max.py:14: operation 5 (greaterOrEqual): the node compiles lowered programs only; lower the program first",
      "min_max.py:15: operation 6 (greaterThan): the node compiles lowered programs only; lower the program first",
      "min_max.py:16: operation 7 (lessOrEqual): the node compiles lowered programs only; lower the program first",
    ]);
  });

  it("reports the validation issues of an invalid lowered program", () => {
    const b = new ProgramBuilder();
    b.output("same", b.input("a", T.SInt));
    expect(() => programMetadata(b.build())).toThrow(
      "invalid program: <program>: program: the program compiles to no protocols, so it would only leak its inputs",
    );
  });
});

describe("programMetadataMessage", () => {
  it("fills a StoreProgram quote's ProgramMetadata", () => {
    const program = decodeProgram(fixtureBytes("div_mod_public"));
    const bytes = encodeProgram(program);
    const message = programMetadataMessage(programMetadata(program), bytes.length);
    expect(message.programSize).toBe(732n);
    expect(message.memorySize).toBe(5n);
    expect(message.instructionCount).toBe(3n);
    expect(message.instructions).toEqual({
      DivisionIntegerSecretDividendPublicDivisor: 2n,
      ModuloIntegerSecretDividendPublicDivisor: 1n,
    });
    expect(message.preprocessingRequirements.map(({ element, count }) => ({ element, count }))).toEqual([
      { element: PreprocessingElement.MODULO, count: 3n },
    ]);
    expect(message.auxiliaryMaterialRequirements).toEqual([]);
  });

  it("lists requirements by element number, and auxiliary material once", () => {
    const random = programMetadataMessage(programMetadata(decodeProgram(fixtureBytes("random_values"))), 790);
    expect(random.preprocessingRequirements.map(({ element, count }) => [element, count])).toEqual([
      [PreprocessingElement.RANDOM_BOOLEAN, 1n],
      [PreprocessingElement.RANDOM_INTEGER, 1n],
    ]);
    const ecdsa = programMetadataMessage(programMetadata(decodeProgram(fixtureBytes("ecdsa_sign"))), 797);
    expect(ecdsa.preprocessingRequirements).toEqual([]);
    expect(
      ecdsa.auxiliaryMaterialRequirements.map(({ material, version }) => ({ material, version })),
    ).toEqual([{ material: 0, version: 0 }]);
  });
});
