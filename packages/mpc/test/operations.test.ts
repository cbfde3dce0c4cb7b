// Every arithmetic-tier operation in the simulator, on each prime, with n = 3 (T = 1) and n = 5 (T = 1
// and T = 2): every public/secret mix, negative values, wrap-around modulo p and the vectors of
// node-mpc.md §2.4. Each program is validated by @nillion/nada, its inputs masked with SecretMasker and
// its outputs unmasked, as a client would.
import { PrimeField } from "@nillion/crypto";
import type { NadaType } from "@nillion/nada";
import {
  Integer,
  InvalidArgumentError,
  Array as NadaArray,
  Boolean as NadaBoolean,
  Tuple as NadaTuple,
  type NadaValue,
  type NadaValues,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { toJson } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, runProgram } from "./run-program.js";

type Scalar = NadaType;
const SECRET: Readonly<Record<string, Scalar>> = {
  Integer: T.SInt,
  UnsignedInteger: T.SUInt,
  Boolean: T.SBool,
};
const MIXES = [
  ["P", "P"],
  ["P", "S"],
  ["S", "P"],
  ["S", "S"],
] as const;

const json = (values: NadaValues) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toJson(v)]));

/** A value of `base` type (Integer, UnsignedInteger or Boolean), secret or public. */
function makeValue(base: string, secret: boolean, value: bigint | boolean): NadaValue {
  if (base === "Boolean")
    return secret ? new SecretBoolean(value as boolean) : new NadaBoolean(value as boolean);
  if (base === "UnsignedInteger") {
    return secret ? new SecretUnsignedInteger(value as bigint) : new UnsignedInteger(value as bigint);
  }
  return secret ? new SecretInteger(value as bigint) : new Integer(value as bigint);
}

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    const field = PrimeField.of(cluster.prime);
    const p = field.modulus;
    const max = field.maxSigned;

    async function outputsOf(builder: ProgramBuilder, inputs: NadaValues) {
      const run = await runProgram(builder.build(), inputs, cluster);
      return {
        outputs: json(run.outputs["P"] ?? {}),
        rounds: run.results.map((result) => result.traffic.rounds),
      };
    }

    /** `a <kind> b` for one operand mix: the result, and the rounds every party ran. */
    async function binary(
      kind: Parameters<ProgramBuilder["binary"]>[0],
      base: string,
      mix: readonly ["P" | "S", "P" | "S"],
      a: bigint | boolean,
      b: bigint | boolean,
    ) {
      const builder = new ProgramBuilder();
      const type = (side: "P" | "S") =>
        side === "S" ? (SECRET[base] as Scalar) : ({ kind: base } as Scalar);
      const left = builder.input("a", type(mix[0]));
      const right = builder.input("b", type(mix[1]));
      builder.output("out", builder.binary(kind, left, right));
      return outputsOf(builder, {
        a: makeValue(base, mix[0] === "S", a),
        b: makeValue(base, mix[1] === "S", b),
      });
    }

    const expected = (base: string, secret: boolean, value: bigint | boolean) => ({
      out: toJson(makeValue(base, secret, value)),
    });

    describe("+ and − in every mix", () => {
      it.each(MIXES)("%s %s", async (...mix) => {
        const secret = mix.includes("S");
        expect((await binary("addition", "Integer", mix, -5n, 12n)).outputs).toEqual(
          expected("Integer", secret, 7n),
        );
        expect((await binary("subtraction", "Integer", mix, 3n, 10n)).outputs).toEqual(
          expected("Integer", secret, -7n),
        );
        // Wrap-around: (p−1)/2 + 1 is −(p−1)/2, and unsigned 0 − 1 is p − 1.
        expect((await binary("addition", "Integer", mix, max, 1n)).outputs).toEqual(
          expected("Integer", secret, -max),
        );
        expect((await binary("subtraction", "Integer", mix, -max, 1n)).outputs).toEqual(
          expected("Integer", secret, max),
        );
        expect((await binary("subtraction", "UnsignedInteger", mix, 0n, 1n)).outputs).toEqual(
          expected("UnsignedInteger", secret, p - 1n),
        );
        expect((await binary("addition", "UnsignedInteger", mix, p - 1n, 3n)).outputs).toEqual(
          expected("UnsignedInteger", secret, 2n),
        );
      });
    });

    describe("× in every mix", () => {
      it.each(MIXES)("%s %s", async (...mix) => {
        const secret = mix.includes("S");
        const both = mix[0] === "S" && mix[1] === "S";
        const product = await binary("multiplication", "Integer", mix, -7n, 6n);
        expect(product.outputs).toEqual(expected("Integer", secret, -42n));
        // Only a product of two secrets communicates: one degree-reduction round.
        expect(product.rounds).toEqual(Array(cluster.parties).fill(both ? 1 : 0));
        expect((await binary("multiplication", "Integer", mix, -9n, -11n)).outputs).toEqual(
          expected("Integer", secret, 99n),
        );
        expect((await binary("multiplication", "Integer", mix, max, 2n)).outputs).toEqual(
          expected("Integer", secret, -1n),
        );
        expect((await binary("multiplication", "Integer", mix, max, max)).outputs).toEqual(
          expected("Integer", secret, field.toSigned(field.mul(max, max))),
        );
        expect((await binary("multiplication", "UnsignedInteger", mix, p - 1n, p - 1n)).outputs).toEqual(
          expected("UnsignedInteger", secret, 1n),
        );
        expect((await binary("multiplication", "Boolean", mix, true, false)).outputs).toEqual(
          expected("Boolean", secret, false),
        );
      });
    });

    describe("public /, % (node-mpc.md §2.4 vectors)", () => {
      const signed: [bigint, bigint, bigint][] = [
        [-542n, 34n, -16n],
        [782n, -65n, -13n],
        [19n, -3n, -7n],
        [-27n, -4n, 6n],
        [-25n, 5n, -5n],
        [-75n, -5n, 15n],
        [4n, -2n, -2n],
        [12n, 42n, 0n],
      ];
      const signedModulo: [bigint, bigint, bigint][] = [
        [42n, 12n, 6n],
        [-52n, 34n, 16n],
        [52n, -34n, -16n],
        [-52n, -34n, -18n],
        [-15n, 12n, 9n],
        [15n, -12n, -9n],
        [-15n, -12n, -3n],
      ];
      it.each(signed)("%d / %d = %d", async (a, b, q) => {
        expect((await binary("division", "Integer", ["P", "P"], a, b)).outputs).toEqual(
          expected("Integer", false, q),
        );
      });
      it.each(signedModulo)("%d %% %d = %d", async (a, b, r) => {
        expect((await binary("modulo", "Integer", ["P", "P"], a, b)).outputs).toEqual(
          expected("Integer", false, r),
        );
      });
      it("unsigned: floor division and remainder of the residues", async () => {
        const cases: [string, bigint, bigint, bigint][] = [
          ["division", 542n, 34n, 15n],
          ["division", 782n, 65n, 12n],
          ["modulo", 12n, 42n, 12n],
          ["modulo", 33n, 32n, 1n],
          ["division", p - 1n, 2n, (p - 1n) / 2n],
        ];
        for (const [kind, a, b, result] of cases) {
          expect((await binary(kind as "division", "UnsignedInteger", ["P", "P"], a, b)).outputs).toEqual(
            expected("UnsignedInteger", false, result),
          );
        }
      });
      it.each([
        ["division", "Integer"],
        ["modulo", "Integer"],
        ["division", "UnsignedInteger"],
        ["modulo", "UnsignedInteger"],
      ] as const)(
        "%s of %s by a public zero fails the computation with division by zero",
        async (kind, base) => {
          const run = binary(kind, base, ["P", "P"], 10n, 0n);
          await expect(run).rejects.toThrow(InvalidArgumentError);
          await expect(run).rejects.toThrow(
            /^test\.py:3: operation 2 \((division|modulo)\): division by zero$/,
          );
        },
      );
    });

    describe("public ** and shifts", () => {
      it("** is a^E mod p with E the exponent's residue", async () => {
        const power = async (base: string, a: bigint, e: bigint) =>
          (await binary("power", base, ["P", "P"], a, e)).outputs;
        expect(await power("Integer", 3n, 4n)).toEqual(expected("Integer", false, 81n));
        expect(await power("Integer", -2n, 3n)).toEqual(expected("Integer", false, -8n));
        expect(await power("Integer", 7n, 0n)).toEqual(expected("Integer", false, 1n));
        expect(await power("Integer", 0n, 0n)).toEqual(expected("Integer", false, 1n));
        // −1 is the residue p − 1, and a^(p−1) = 1 for a ≠ 0.
        expect(await power("Integer", 2n, -1n)).toEqual(expected("Integer", false, 1n));
        expect(await power("UnsignedInteger", 2n, 70n)).toEqual(
          expected("UnsignedInteger", false, (1n << 70n) % p),
        );
      });

      it.each(["P", "S"] as const)("<< on a %s value is a·2^m mod p, for any m", async (side) => {
        const shift = async (base: string, a: bigint, m: bigint) => {
          const builder = new ProgramBuilder();
          const value = builder.input(
            "a",
            side === "S" ? (SECRET[base] as Scalar) : ({ kind: base } as Scalar),
          );
          builder.output("out", builder.binary("leftShift", value, builder.input("m", T.UInt)));
          return outputsOf(builder, { a: makeValue(base, side === "S", a), m: new UnsignedInteger(m) });
        };
        const secret = side === "S";
        expect((await shift("Integer", 5n, 3n)).outputs).toEqual(expected("Integer", secret, 40n));
        expect((await shift("Integer", -3n, 2n)).outputs).toEqual(expected("Integer", secret, -12n));
        expect((await shift("UnsignedInteger", 1n, 300n)).outputs).toEqual(
          expected("UnsignedInteger", secret, field.reduce(1n << 300n)),
        );
        const local = await shift("Integer", max, 1n);
        expect(local.outputs).toEqual(expected("Integer", secret, -1n));
        expect(local.rounds).toEqual(Array(cluster.parties).fill(0));
      });

      it("public >> is floor division by 2^m", async () => {
        const shift = async (base: string, a: bigint, m: bigint) => {
          const builder = new ProgramBuilder();
          const value = builder.input("a", { kind: base } as Scalar);
          builder.output("out", builder.binary("rightShift", value, builder.input("m", T.UInt)));
          return (await outputsOf(builder, { a: makeValue(base, false, a), m: new UnsignedInteger(m) }))
            .outputs;
        };
        expect(await shift("Integer", -7n, 1n)).toEqual(expected("Integer", false, -4n));
        expect(await shift("Integer", 80n, 3n)).toEqual(expected("Integer", false, 10n));
        expect(await shift("Integer", 20n, 0n)).toEqual(expected("Integer", false, 20n));
        expect(await shift("Integer", -5n, 400n)).toEqual(expected("Integer", false, -1n));
        expect(await shift("UnsignedInteger", p - 1n, 1n)).toEqual(
          expected("UnsignedInteger", false, (p - 1n) / 2n),
        );
        expect(await shift("UnsignedInteger", 12n, 400n)).toEqual(expected("UnsignedInteger", false, 0n));
      });
    });

    describe("public < and == (local)", () => {
      it("compares Integers signed, UnsignedIntegers as residues, and all types by field equality", async () => {
        const compare = async (
          kind: "lessThan" | "equals",
          base: string,
          a: bigint | boolean,
          b: bigint | boolean,
        ) => (await binary(kind, base, ["P", "P"], a, b)).outputs;
        expect(await compare("lessThan", "Integer", -3n, 2n)).toEqual(expected("Boolean", false, true));
        expect(await compare("lessThan", "Integer", 2n, -3n)).toEqual(expected("Boolean", false, false));
        expect(await compare("lessThan", "Integer", 4n, 4n)).toEqual(expected("Boolean", false, false));
        expect(await compare("lessThan", "UnsignedInteger", 1n, p - 1n)).toEqual(
          expected("Boolean", false, true),
        );
        expect(await compare("equals", "Integer", -4n, -4n)).toEqual(expected("Boolean", false, true));
        expect(await compare("equals", "UnsignedInteger", 4n, 5n)).toEqual(expected("Boolean", false, false));
        expect(await compare("equals", "Boolean", true, true)).toEqual(expected("Boolean", false, true));
      });

      it("evaluates the boolean vectors of §2.4 on public values", async () => {
        const builder = new ProgramBuilder();
        const [m4, m5, two, m3, ten] = ["m4", "m5", "two", "m3", "ten"].map((name) =>
          builder.input(name, T.Int),
        ) as number[];
        const lt = (a: number, b: number) => builder.binary("lessThan", a, b);
        const l = lt(m4 as number, builder.binary("addition", m5 as number, two as number));
        const r = lt(m4 as number, two as number);
        builder.output("and", builder.binary("multiplication", l, r));
        const l2 = lt(ten as number, m3 as number);
        const r2 = lt(ten as number, two as number);
        builder.output(
          "or",
          builder.binary(
            "subtraction",
            builder.binary("addition", l2, r2),
            builder.binary("multiplication", l2, r2),
          ),
        );
        const l3 = lt(m4 as number, m3 as number);
        const product = builder.binary("multiplication", l3, r);
        builder.output(
          "xor",
          builder.binary(
            "subtraction",
            builder.binary("addition", l3, r),
            builder.binary("addition", product, product),
          ),
        );
        const values = { m4: -4n, m5: -5n, two: 2n, m3: -3n, ten: 10n };
        const { outputs } = await outputsOf(
          builder,
          Object.fromEntries(Object.entries(values).map(([name, value]) => [name, new Integer(value)])),
        );
        expect(outputs).toEqual({
          and: toJson(new NadaBoolean(true)),
          or: toJson(new NadaBoolean(false)),
          xor: toJson(new NadaBoolean(false)),
        });
      });
    });

    describe("NOT", () => {
      it.each(["P", "S"] as const)("on a %s boolean is 1 − c", async (side) => {
        const builder = new ProgramBuilder();
        const c = builder.input("c", side === "S" ? T.SBool : T.Bool);
        builder.output("out", builder.not(c));
        builder.output("twice", builder.not(builder.not(c)));
        for (const value of [true, false]) {
          const { outputs, rounds } = await outputsOf(builder, {
            c: makeValue("Boolean", side === "S", value),
          });
          expect(outputs).toEqual({
            out: toJson(makeValue("Boolean", side === "S", !value)),
            twice: toJson(makeValue("Boolean", side === "S", value)),
          });
          expect(rounds).toEqual(Array(cluster.parties).fill(0));
        }
      });
    });

    describe("if_else in its four variants", () => {
      const variants = [
        // condition, whenTrue, whenFalse, rounds
        ["P", "P", "P", 0],
        ["P", "S", "P", 0],
        ["P", "P", "S", 0],
        ["P", "S", "S", 0],
        ["S", "P", "P", 0],
        ["S", "S", "P", 1],
        ["S", "P", "S", 1],
        ["S", "S", "S", 1],
      ] as const;
      it.each(variants)(
        "condition %s, branches %s and %s",
        async (condition, whenTrue, whenFalse, rounds) => {
          const builder = new ProgramBuilder();
          const c = builder.input("c", condition === "S" ? T.SBool : T.Bool);
          const x = builder.input("x", whenTrue === "S" ? T.SInt : T.Int);
          const y = builder.input("y", whenFalse === "S" ? T.SInt : T.Int);
          builder.output("out", builder.ifElse(c, x, y));
          const secret = [condition, whenTrue, whenFalse].includes("S");
          for (const value of [true, false]) {
            const run = await outputsOf(builder, {
              c: makeValue("Boolean", condition === "S", value),
              x: makeValue("Integer", whenTrue === "S", -max),
              y: makeValue("Integer", whenFalse === "S", 42n),
            });
            expect(run.outputs).toEqual(expected("Integer", secret, value ? -max : 42n));
            expect(run.rounds).toEqual(Array(cluster.parties).fill(rounds));
          }
        },
      );

      it("matches the §2.4 vectors: (3 < 4).if_else(3, 4) and (3 <= v).if_else(secret 1, 100)", async () => {
        const builder = new ProgramBuilder();
        const three = builder.input("three", T.Int);
        const four = builder.input("four", T.Int);
        builder.output("first", builder.ifElse(builder.binary("lessThan", three, four), three, four));
        const v = builder.input("v", T.Int);
        // a <= b is lowered to not(b < a).
        const condition = builder.not(builder.binary("lessThan", v, three));
        builder.output(
          "second",
          builder.ifElse(condition, builder.input("one", T.SInt), builder.input("hundred", T.Int)),
        );
        for (const [value, result] of [
          [10n, 1n],
          [13n, 1n],
          [2n, 100n],
        ] as const) {
          const { outputs } = await outputsOf(builder, {
            three: new Integer(3),
            four: new Integer(4),
            v: new Integer(value),
            one: new SecretInteger(1),
            hundred: new Integer(100),
          });
          expect(outputs).toEqual({
            first: toJson(new Integer(3)),
            second: toJson(new SecretInteger(result)),
          });
        }
      });
    });

    describe("inner product in every mix", () => {
      it.each(MIXES)("%s · %s", async (...mix) => {
        const builder = new ProgramBuilder();
        const type = (side: "P" | "S") => T.array(side === "S" ? T.SInt : T.Int, 4);
        const a = builder.input("a", type(mix[0]));
        const b = builder.input("b", type(mix[1]));
        builder.output("out", builder.binary("innerProduct", a, b));
        const array = (side: "P" | "S", values: bigint[]) =>
          new NadaArray(values.map((value) => makeValue("Integer", side === "S", value)));
        const run = await outputsOf(builder, {
          a: array(mix[0], [1n, -2n, 3n, max]),
          b: array(mix[1], [4n, 5n, -6n, 2n]),
        });
        // 4 − 10 − 18 + 2·(p−1)/2 = −24 + (p − 1) ≡ −25.
        expect(run.outputs).toEqual(expected("Integer", mix.includes("S"), -25n));
        expect(run.rounds).toEqual(Array(cluster.parties).fill(mix[0] === "S" && mix[1] === "S" ? 1 : 0));
      });
    });

    describe("reveal", () => {
      it.each([
        ["Integer", -123n],
        ["Integer", max],
        ["UnsignedInteger", p - 1n],
        ["Boolean", true],
      ] as const)("opens a secret %s to its public type", async (base, value) => {
        const builder = new ProgramBuilder();
        builder.output("out", builder.reveal(builder.input("a", SECRET[base] as Scalar)));
        const run = await outputsOf(builder, { a: makeValue(base, true, value) });
        expect(run.outputs).toEqual(expected(base, false, value));
        expect(run.rounds).toEqual(Array(cluster.parties).fill(1));
      });

      it("matches the §2.4 vectors (−1 · −1).to_public() · 3 = 3 and reveal_many_operations = 1411", async () => {
        const builder = new ProgramBuilder();
        const a = builder.input("a", T.SInt);
        const b = builder.input("b", T.SInt);
        const minusOne = builder.input("minus_one", T.SInt);
        builder.output(
          "three",
          builder.binary(
            "multiplication",
            builder.reveal(builder.binary("multiplication", minusOne, minusOne)),
            builder.literal("3", T.Int),
          ),
        );
        // (a·b).to_public() / 2 + (a + b).to_public() + a.to_public() % 3: the last term opens a first,
        // because a secret % is not in this tier; the value is the same.
        const two = builder.literal("2", T.Int);
        const half = builder.binary("division", builder.reveal(builder.binary("multiplication", a, b)), two);
        const sum = builder.reveal(builder.binary("addition", a, b));
        const remainder = builder.binary("modulo", builder.reveal(a), builder.literal("3", T.Int));
        builder.output("many", builder.binary("addition", builder.binary("addition", half, sum), remainder));
        const run = await outputsOf(builder, {
          a: new SecretInteger(32),
          b: new SecretInteger(81),
          minus_one: new SecretInteger(-1),
        });
        expect(run.outputs).toEqual({ three: toJson(new Integer(3)), many: toJson(new Integer(1411)) });
        // The products (level 0), then all four reveals together (level 1).
        expect(run.rounds).toEqual(Array(cluster.parties).fill(2));
      });
    });

    describe("inputs, literals, new and accessors", () => {
      it("loads arrays and tuples, builds new ones and reads their elements", async () => {
        const builder = new ProgramBuilder();
        const xs = builder.input("xs", T.array(T.SInt, 3));
        const pair = builder.input("pair", T.tuple(T.SUInt, T.Bool));
        const minusFive = builder.literal("-5", T.Int);
        const seven = builder.literal("7", T.UInt);
        const yes = builder.literal("True", T.Bool);
        const first = builder.at(xs, 0);
        const last = builder.at(xs, 2);
        const built = builder.newArray([
          last,
          builder.binary("addition", first, minusFive),
          builder.at(xs, 1),
        ]);
        builder.output("reversed", built);
        builder.output("left_plus_7", builder.binary("addition", builder.side(pair, "left"), seven));
        builder.output("right_and_true", builder.binary("multiplication", builder.side(pair, "right"), yes));
        builder.output(
          "nested",
          builder.newArray([builder.newTuple(first, pair), builder.newTuple(last, pair)]),
        );
        builder.output("copy", xs);
        const ints = (values: bigint[]) => new NadaArray(values.map((value) => new SecretInteger(value)));
        const pairValue = new NadaTuple(new SecretUnsignedInteger(p - 3n), new NadaBoolean(true));
        const { outputs, rounds } = await outputsOf(builder, { xs: ints([1n, -2n, 3n]), pair: pairValue });
        expect(outputs).toEqual(
          json({
            reversed: ints([3n, -4n, -2n]),
            left_plus_7: new SecretUnsignedInteger(4n),
            right_and_true: new NadaBoolean(true),
            nested: new NadaArray([
              new NadaTuple(new SecretInteger(1), pairValue),
              new NadaTuple(new SecretInteger(3), pairValue),
            ]),
            copy: ints([1n, -2n, 3n]),
          }),
        );
        expect(rounds).toEqual(Array(cluster.parties).fill(0));
      });
    });

    describe("outputs per party", () => {
      it("gives every output party its outputs only, secret ones as shares and public ones in the clear", async () => {
        const builder = new ProgramBuilder();
        const x = builder.input("x", T.SInt, "Alice");
        const y = builder.input("y", T.SInt, "Bob");
        builder.output("product", builder.binary("multiplication", x, y), "Carol");
        builder.output("opened_sum", builder.reveal(builder.binary("addition", x, y)), "Dave");
        builder.output("x_again", x, "Carol");
        const run = await runProgram(
          builder.build(),
          { x: new SecretInteger(-6), y: new SecretInteger(7) },
          cluster,
        );
        expect(Object.keys(run.outputs)).toEqual(["Carol", "Dave"]);
        expect(json(run.outputs["Carol"] ?? {})).toEqual(
          json({ product: new SecretInteger(-42), x_again: new SecretInteger(-6) }),
        );
        expect(json(run.outputs["Dave"] ?? {})).toEqual(json({ opened_sum: new Integer(1) }));
        // Every party returns the public output itself, and a share of each secret output.
        const publicPieces = run.results.map((result) => result.outputs.get("Dave")?.[0]?.value.value);
        expect(
          new Set(
            publicPieces.map((piece) =>
              JSON.stringify(piece, (_, v) => (v instanceof Uint8Array ? [...v] : v)),
            ),
          ).size,
        ).toBe(1);
        const secretPieces = run.results.map((result) => result.outputs.get("Carol")?.[0]?.value.value.case);
        expect(secretPieces).toEqual(Array(cluster.parties).fill("shamirShareInteger"));
      });
    });
  },
);
