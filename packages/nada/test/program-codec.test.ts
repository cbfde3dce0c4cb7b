// decodeProgram / encodeProgram: every fixture, every operation and type variant, and the encodings the
// node refuses to decode.
import { create, toBinary } from "@bufbuild/protobuf";
import { ProgramMIRSchema } from "@nillion/proto/nillion/nada/v1/mir";
import { BinaryOperationVariant, type TupleIndex } from "@nillion/proto/nillion/nada/v1/operations";
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  decodeProgram,
  encodeProgram,
  type NadaProgram,
  operandsOf,
  programFromMir,
  programToMir,
  sourceLocation,
} from "../src/index.js";
import { FIXTURES, fixtureBytes } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const SECRET_INTEGER = { nadaType: { case: "secretInteger", value: {} } } as const;

describe.each(FIXTURES)("fixture %s", (name) => {
  const bytes = fixtureBytes(name);
  const program = decodeProgram(bytes);

  it("re-encodes to the very same bytes", () => {
    expect(Buffer.from(encodeProgram(program)).equals(Buffer.from(bytes))).toBe(true);
  });

  it("decodes its re-encoding to the same model", () => {
    expect(decodeProgram(encodeProgram(program))).toEqual(program);
  });

  it("lists every operation after the operations it reads", () => {
    const seen = new Set<number>();
    for (const operation of program.operations) {
      for (const operand of operandsOf(operation)) expect(seen.has(operand)).toBe(true);
      seen.add(operation.id);
    }
    expect(seen.size).toBe(program.operations.length);
  });

  it("is deeply immutable", () => {
    expect(Object.isFrozen(program)).toBe(true);
    expect(Object.isFrozen(program.operations)).toBe(true);
    expect(Object.isFrozen(program.operations[0])).toBe(true);
    expect(Object.isFrozen(program.inputs[0]?.type)).toBe(true);
  });

  it("locates every operation in its Python source", () => {
    for (const operation of program.operations) {
      expect(sourceLocation(program, operation.sourceRefIndex)).toMatch(new RegExp(`^${name}\\.py:\\d+$`));
    }
  });
});

describe("the decoded model", () => {
  it("holds every part of arith_basic.py", () => {
    const program = decodeProgram(fixtureBytes("arith_basic"));
    expect(program.parties.map((party) => party.name)).toEqual(["Dealer"]);
    expect(program.inputs.map(({ name, type, party }) => ({ name, type, party }))).toEqual([
      { name: "a", type: T.SInt, party: "Dealer" },
      { name: "b", type: T.SInt, party: "Dealer" },
      { name: "c", type: T.Int, party: "Dealer" },
    ]);
    expect(program.literals.map(({ value, type }) => ({ value, type }))).toEqual([
      { value: "10", type: T.Int },
    ]);
    expect(program.outputs.map(({ name, operationId, party }) => ({ name, operationId, party }))).toEqual([
      { name: "prod", operationId: 5, party: "Dealer" },
      { name: "total", operationId: 8, party: "Dealer" },
    ]);
    // prod = a * b + c - a (line 7); total = a + b + Integer(10) (line 8)
    const summary = program.operations.map((operation) => [
      operation.id,
      operation.kind,
      ...operandsOf(operation),
      sourceLocation(program, operation.sourceRefIndex),
    ]);
    expect(summary).toEqual([
      [0, "inputReference", "arith_basic.py:5"],
      [1, "inputReference", "arith_basic.py:6"],
      [2, "inputReference", "arith_basic.py:7"],
      [3, "multiplication", 0, 1, "arith_basic.py:8"],
      [4, "addition", 3, 2, "arith_basic.py:8"],
      [5, "subtraction", 4, 0, "arith_basic.py:8"],
      [6, "addition", 0, 1, "arith_basic.py:9"],
      [7, "literalReference", "arith_basic.py:9"],
      [8, "addition", 6, 7, "arith_basic.py:9"],
    ]);
  });

  it("holds the function table of zip_unzip.py", () => {
    const program = decodeProgram(fixtureBytes("zip_unzip"));
    const [mulPair] = program.functions;
    expect(mulPair?.name).toBe("mul_pair");
    expect(mulPair?.args).toEqual([{ name: "t", type: T.tuple(T.SInt, T.SInt), sourceRefIndex: 0 }]);
    expect(mulPair?.returnOperationId).toBe(7);
    expect(mulPair?.operations.map((operation) => operation.kind)).toEqual([
      "argumentReference",
      "tupleAccessor",
      "tupleAccessor",
      "multiplication",
    ]);
    const zip = program.operations.find((operation) => operation.kind === "zip");
    expect(zip?.type).toEqual(T.array(T.tuple(T.SInt, T.SInt), 3));
  });
});

describe("every operation kind and type", () => {
  it("survives encoding and decoding", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    const key = b.input("key", { kind: "EddsaPrivateKey" });
    const message = b.input("message", { kind: "EddsaMessage" });
    const wide = b.input("wide", { kind: "Object", fields: [{ name: "x", type: T.Int }] });
    const fields = b.input("fields", { kind: "NTuple", fields: [T.Bool, { kind: "EcdsaDigestMessage" }] });
    const one = b.literal("1", T.UInt);
    const pair = b.op({ kind: "new", elements: [a, a], type: T.tuple(T.SInt, T.SInt) });
    const fn = b.fn("id", [{ name: "v", type: T.SInt }], T.SInt, (op, [v]) =>
      op({ kind: "addition", left: v as number, right: v as number, type: T.SInt }),
    );
    const array = b.op({ kind: "new", elements: [a, a], type: T.array(T.SInt, 2) });
    b.op({ kind: "map", functionId: fn, array, type: T.array(T.SInt, 2) });
    b.op({ kind: "reduce", functionId: fn, array, initial: a, type: T.SInt });
    b.op({ kind: "tupleAccessor", source: pair, side: "right", type: T.SInt });
    b.op({ kind: "arrayAccessor", source: array, index: 1, type: T.SInt });
    b.op({ kind: "ntupleAccessor", source: fields, index: 1, type: { kind: "EcdsaDigestMessage" } });
    b.op({ kind: "objectAccessor", source: wide, key: "x", type: T.Int });
    b.op({ kind: "cast", target: a, castTo: T.SUInt, type: T.SUInt });
    b.op({ kind: "cast", target: a, castTo: undefined, type: T.SUInt });
    b.op({
      kind: "ifElse",
      condition: b.op({ kind: "random", type: T.SBool }),
      whenTrue: a,
      whenFalse: a,
      type: T.SInt,
    });
    b.op({ kind: "eddsaSign", left: key, right: message, type: { kind: "EddsaSignature" } });
    b.op({ kind: "publicKeyDerive", operand: key, type: { kind: "EddsaPublicKey" } });
    for (const kind of ["unzip", "reveal", "not"] as const) b.op({ kind, operand: a, type: T.Bool });
    const binaryKinds = [
      "addition",
      "subtraction",
      "multiplication",
      "lessThan",
      "lessOrEqual",
      "greaterThan",
      "greaterOrEqual",
      "publicOutputEquality",
      "equals",
      "modulo",
      "power",
      "division",
      "leftShift",
      "rightShift",
      "truncPr",
      "notEquals",
      "booleanAnd",
      "booleanOr",
      "booleanXor",
      "zip",
      "innerProduct",
      "ecdsaSign",
      "eddsaSign",
    ] as const;
    for (const kind of binaryKinds) b.op({ kind, left: a, right: one, type: { kind: "EcdsaSignature" } });
    b.output("out", a);
    const program = b.build();
    expect(decodeProgram(encodeProgram(program))).toEqual(program);
    expect(programFromMir(programToMir(program))).toEqual(program);
  });
});

describe("what the node cannot decode", () => {
  it("rejects bytes that are not a ProgramMIR", () => {
    const error = thrown(() => decodeProgram(Uint8Array.of(0xff, 0xff, 0xff)));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("bytes");
    expect((error as Error).message).toMatch(
      /^malformed program \(invalid sdk version\?\): protobuf decoding failed \(/,
    );
    // A wrong file is named as such, with the way to make a program.
    expect((error as Error).message).toMatch(
      /these bytes are not a compiled Nada program \(a \.nada\.bin\): compile one with `nada build`.*@nillion\/nada\/dsl$/,
    );
  });

  it("rejects a non-byte argument", () => {
    expect(() => decodeProgram("main.nada.bin" as unknown as Uint8Array)).toThrow(
      "malformed program (invalid sdk version?): expected the program's bytes as a Uint8Array",
    );
  });

  const cases: {
    name: string;
    mir: Parameters<typeof create<typeof ProgramMIRSchema>>[1];
    message: string;
  }[] = [
    {
      name: "an input without a type",
      mir: { inputs: [{ name: "a", party: "P" }] },
      message: 'input "a": type not set',
    },
    {
      name: "an array type without an element type",
      mir: { outputs: [{ name: "o", type: { nadaType: { case: "array", value: { size: 2 } } } }] },
      message: 'output "o" (array element): type not set',
    },
    {
      name: "an operation table entry without an operation",
      mir: { operations: [{ id: 3n }] },
      message: "program: operation table entry 3: operation value not set",
    },
    {
      name: "an operation without a variant",
      mir: { operations: [{ id: 0n, operation: { id: 0n, type: SECRET_INTEGER } }] },
      message: "operation 0: operation not set",
    },
    {
      name: "an unknown binary variant",
      mir: {
        operations: [
          {
            id: 0n,
            operation: {
              id: 0n,
              type: SECRET_INTEGER,
              operation: { case: "binary", value: { variant: 99 as BinaryOperationVariant } },
            },
          },
        ],
      },
      message: "operation 0: unknown binary variant 99",
    },
    {
      name: "an invalid tuple index",
      mir: {
        operations: [
          {
            id: 0n,
            operation: {
              id: 0n,
              type: SECRET_INTEGER,
              operation: { case: "tupleAccessor", value: { index: 2 as TupleIndex } },
            },
          },
        ],
      },
      message: "operation 0: invalid tuple index 2",
    },
    {
      name: "an entry holding an operation with another id",
      mir: {
        operations: [
          { id: 1n, operation: { id: 2n, type: SECRET_INTEGER, operation: { case: "random", value: {} } } },
        ],
      },
      message: "program: operation table entry 1 holds operation 2",
    },
    {
      name: "an operation id used twice",
      mir: {
        operations: [0, 0].map(() => ({
          id: 0n,
          operation: { id: 0n, type: SECRET_INTEGER, operation: { case: "random", value: {} } },
        })),
      },
      message: "program: operation id 0 appears twice",
    },
    {
      name: "operations that read each other",
      mir: {
        operations: (
          [
            [0n, 1n],
            [1n, 0n],
          ] as const
        ).map(([id, other]) => ({
          id,
          operation: {
            id,
            type: SECRET_INTEGER,
            operation: {
              case: "binary",
              value: { variant: BinaryOperationVariant.ADDITION, left: other, right: other },
            },
          },
        })),
      },
      message: "program: operation 0 depends on itself",
    },
    {
      name: "an id beyond 2^53 - 1",
      mir: { outputs: [{ name: "o", operationId: 2n ** 60n, type: SECRET_INTEGER }] },
      message: 'output "o": operation id 1152921504606846976 is larger than 2^53 - 1',
    },
    {
      name: "a function body that reads itself",
      mir: {
        functions: [
          {
            id: 5n,
            name: "loop",
            returnType: SECRET_INTEGER,
            operations: [
              {
                id: 6n,
                operation: {
                  id: 6n,
                  type: SECRET_INTEGER,
                  operation: { case: "unary", value: { this: 6n } },
                },
              },
            ],
          },
        ],
      },
      message: "function 5 (loop): operation 6 depends on itself",
    },
  ];

  it.each(cases)("rejects $name", ({ mir, message }) => {
    const bytes = toBinary(ProgramMIRSchema, create(ProgramMIRSchema, mir));
    expect(() => decodeProgram(bytes)).toThrow(`malformed program (invalid sdk version?): ${message}`);
    const error = thrown(() => programFromMir(create(ProgramMIRSchema, mir)));
    expect((error as InvalidArgumentError).argument).toBe("mir");
  });

  it("keeps references to missing operations for validation to report", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    b.output("sum", b.op({ kind: "addition", left: a, right: 17, type: T.SInt }));
    const program: NadaProgram = decodeProgram(encodeProgram(b.build()));
    expect(program.operations.map((operation) => operandsOf(operation))).toEqual([[], [0, 17]]);
  });
});
