// program(): the MIR it compiles to — what Python's compiler_frontend would write, ordered as it orders it —
// deterministic bytes, the program-wide checks, and source references that point at the TypeScript calls.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  EddsaMessage,
  EddsaPrivateKey,
  Integer,
  NadaArray,
  NadaObject,
  NTuple,
  Party,
  PublicInteger,
  program,
  SecretInteger,
} from "../../src/dsl/index.js";
import { decodeProgram, programStructure, sourceLocation, validateProgram } from "../../src/index.js";
import { locate, sourceError, structureOf } from "./dsl-helpers.js";

const FILE = import.meta.filename;
const NAME = path.basename(FILE);

const sum = () =>
  program(() => {
    const p = new Party("P");
    const xs = p.input("xs", NadaArray.type(SecretInteger, 3));
    return [
      p.output(
        "total",
        xs.reduce((total, x) => total.add(x), p.input("start", SecretInteger)),
      ),
    ];
  });

describe("program()", () => {
  it("compiles to the same bytes every time, whatever was built before", () => {
    const first = sum().compile();
    structureOf(() => {
      const p = new Party("Q");
      return [p.output("r", SecretInteger.random())];
    });
    expect(sum().compile()).toEqual(first);
    expect(decodeProgram(first)).toEqual(sum().toNadaProgram());
  });

  it("orders parties by name and inputs by party and name, as Python's sorted maps do; outputs as returned", () => {
    const structure = structureOf(() => {
      const zed = new Party("Zed");
      const amy = new Party("Amy");
      const b = zed.input("b", SecretInteger);
      const a = zed.input("a", SecretInteger, { doc: "the first" });
      const c = amy.input("c", SecretInteger);
      return [zed.output("z", a.add(b).add(c)), amy.output("y", a.mul(c))];
    });
    expect(structure.parties).toEqual(["Amy", "Zed"]);
    expect(structure.inputs).toEqual([
      "c: SecretInteger from Amy",
      "a: SecretInteger from Zed (the first)",
      "b: SecretInteger from Zed",
    ]);
    expect(structure.outputs.map((output) => output.split(":")[0])).toEqual(["z", "y"]);
  });

  it("names literals 0, 1, … by type and value, and gives each use an operation of its own", () => {
    const built = program(() => {
      const p = new Party("P");
      const s = p.input("s", SecretInteger);
      return [p.output("o", s.add(1).mul(new Integer(2)).sub(1).add(p.input("u", PublicInteger).shl(1)))];
    }).toNadaProgram();
    expect(built.literals).toEqual([
      { name: "0", value: "1", type: { kind: "Integer" } },
      { name: "1", value: "2", type: { kind: "Integer" } },
      { name: "2", value: "1", type: { kind: "UnsignedInteger" } },
    ]);
    expect(built.operations.filter((operation) => operation.kind === "literalReference")).toHaveLength(4);
  });

  it("keeps a function's body in its own table, with the values it closes over, as Python does", () => {
    const structure = structureOf(() => {
      const p = new Party("P");
      const xs = p.input("xs", NadaArray.type(SecretInteger, 2));
      const k = p.input("k", SecretInteger);
      // k is read only inside the function: it is an input all the same.
      return [
        p.output(
          "scaled",
          xs.map((x) => x.mul(k)),
        ),
      ];
    });
    expect(structure.inputs).toEqual(["k: SecretInteger from P", "xs: Array<SecretInteger, 2> from P"]);
    expect(structure.operations).toEqual([
      "#0 Array<SecretInteger, 2> = inputReference xs",
      "#1 Array<SecretInteger, 2> = map(#0) fn0",
    ]);
    expect(structure.functions).toEqual([
      {
        signature: "(SecretInteger) -> SecretInteger = #2",
        operations: [
          "#0 SecretInteger = argumentReference argument 0",
          "#1 SecretInteger = inputReference k",
          "#2 SecretInteger = multiplication(#0, #1)",
        ],
      },
    ]);
  });

  it("treats two parties of one name as one", () => {
    const structure = structureOf(() => {
      const a = new Party("P").input("a", SecretInteger);
      const b = new Party("P").input("b", SecretInteger);
      return [new Party("P").output("o", a.add(b))];
    });
    expect(structure.parties).toEqual(["P"]);
  });

  it("builds n-tuples and objects (fields by name), which nodes refuse", () => {
    const structure = structureOf(() => {
      const p = new Party("P");
      const s = p.input("s", SecretInteger);
      const triple = NTuple.of(s, s.add(1), s.mul(2));
      const record = NadaObject.of({ y: s, x: s.add(2) });
      return [p.output("t", triple.at(2)), p.output("o", record.get("x")), p.output("n", record)];
    });
    expect(structure.operations).toContain(
      "#5 NTuple<SecretInteger, SecretInteger, SecretInteger> = new(#0, #2, #4)",
    );
    expect(structure.operations).toContain("#6 SecretInteger = ntupleAccessor(#5) [2]");
    expect(structure.operations).toContain("#9 Object<x: SecretInteger, y: SecretInteger> = new(#8, #0)");
    expect(structure.operations).toContain("#10 SecretInteger = objectAccessor(#9) .x");
  });

  it("builds EdDSA signatures and public keys", () => {
    const structure = structureOf(() => {
      const p = new Party("P");
      const key = p.input("key", EddsaPrivateKey);
      return [p.output("sig", key.eddsaSign(p.input("msg", EddsaMessage))), p.output("pk", key.publicKey())];
    });
    expect(structure.operations).toEqual([
      "#0 EddsaPrivateKey = inputReference key",
      "#1 EddsaMessage = inputReference msg",
      "#2 EddsaSignature = eddsaSign(#0, #1)",
      "#3 EddsaPublicKey = publicKeyDerive(#0)",
    ]);
  });
});

describe("program-wide checks", () => {
  it("refuses two inputs of one name, at the second, naming the first", () => {
    const error = sourceError(
      () =>
        program(() => {
          const a = new Party("A").input("x", SecretInteger); // @first-x
          const b = new Party("B").input("x", SecretInteger); // @second-x
          return [new Party("A").output("o", a.add(b))];
        }),
      "input",
      `input: "x" is already declared at ${locate(FILE, "@first-x", "input")}; input names are unique in a program`,
      FILE,
    );
    expect(error.location).toBe(locate(FILE, "@second-x", "input"));
  });

  it("refuses an input no output depends on, at its declaration", () => {
    const error = sourceError(
      () =>
        program(() => {
          const p = new Party("P");
          p.input("unused", SecretInteger); // @unused-input
          return [p.output("o", p.input("a", SecretInteger).add(1))];
        }),
      "input",
      'input: "unused" of party "P" is declared but no output depends on it',
      FILE,
    );
    expect(error.location).toBe(locate(FILE, "@unused-input", "input"));
  });

  it("refuses two outputs of one name", () => {
    sourceError(
      () =>
        program(() => {
          const p = new Party("P");
          const a = p.input("a", SecretInteger);
          return [p.output("o", a.add(1)), p.output("o", a.add(2))];
        }),
      "output",
      `output: "o" is already an output (${locate(FILE, 'p.output("o", a.add(1))', "output")}); output names are unique in a program`,
      FILE,
    );
  });

  it("refuses a program function that returns nothing", () => {
    sourceError(
      // @ts-expect-error the program function returns its outputs
      () => program(() => undefined),
      "program",
      'program: "main" must return a non-empty array of outputs (party.output(name, value)), returned undefined',
      FILE,
    );
  });
});

describe("source references", () => {
  const built = program(() => {
    const p = new Party("P");
    const a = p.input("a", SecretInteger);
    const b = p.input("b", SecretInteger);
    return [p.output("product", a.mul(b))]; // @product
  }).toNadaProgram();

  it("name the file relative to the program's, carry its text, and start at the call", () => {
    expect(Object.keys(built.sourceFiles)).toEqual([NAME]);
    expect(built.sourceFiles[NAME]).toBe(readFileSync(FILE, "utf8"));
    const multiplication = built.operations.find((operation) => operation.kind === "multiplication");
    const ref = built.sourceRefs[multiplication?.sourceRefIndex ?? -1];
    const [, line, column] = locate(FILE, "@product", "mul").split(/:(?=\d)/);
    expect(ref).toMatchObject({ file: NAME, line: Number(line) });
    const text = built.sourceFiles[NAME] ?? "";
    expect(text.slice(ref?.offset, (ref?.offset ?? 0) + (ref?.length ?? 0))).toBe("mul(b))]; // @product");
    expect(sourceLocation(built, multiplication?.sourceRefIndex ?? -1)).toBe(`${NAME}:${line}:${column}`);
  });

  it("give validation issues their file:line:col", () => {
    const nested = program(() => {
      const p = new Party("P");
      const grid = p.input("grid", NadaArray.type(NadaArray.type(SecretInteger, 2), 2));
      return [p.output("corner", grid.at(1).at(1).add(1))]; // @corner
    }).toNadaProgram();
    const [issue] = validateProgram(nested);
    expect(issue?.rule).toBe("compilation");
    expect(issue?.location).toBe(locate(FILE, "@corner", "add(1))").replace(FILE, NAME));
  });

  it("leave Python's whole-line references at file:line", () => {
    expect(
      sourceLocation(
        {
          sourceRefs: [{ file: "main.py", line: 2, offset: 4, length: 6 }],
          sourceFiles: { "main.py": "abc\nx = 1\n" },
        },
        0,
      ),
    ).toBe("main.py:2");
  });
});

describe("programStructure", () => {
  it("tells programs apart by literal values and operand order", () => {
    const withLiteral = (value: number) =>
      structureOf(() => {
        const p = new Party("P");
        return [p.output("o", p.input("a", SecretInteger).add(value))];
      });
    expect(withLiteral(1)).not.toEqual(withLiteral(2));
    const ordered = (swap: boolean) =>
      structureOf(() => {
        const p = new Party("P");
        const a = p.input("a", SecretInteger);
        const b = p.input("b", PublicInteger);
        return [p.output("o", swap ? b.sub(a) : a.sub(b))];
      });
    expect(ordered(true)).not.toEqual(ordered(false));
    expect(programStructure(sum().toNadaProgram())).toEqual(programStructure(sum().toNadaProgram()));
  });
});
