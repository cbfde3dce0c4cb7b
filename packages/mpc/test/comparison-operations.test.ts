// Secret comparisons, equality and boolean logic in the simulator (node-mpc.md §2.4), on each prime with
// n = 3 (T = 1) and n = 5 (T = 1 and 2), for every operand mix with a secret: `<` and its lowered forms
// `<=`, `>`, `>=`; `==` and `!=`; `public_equals`; `&`, `|`, `^`. Each program consumes exactly the
// preprocessing §3.1 lists for its operations.
import { PrimeField } from "@nillion/crypto";
import type { NadaType } from "@nillion/nada";
import { Boolean as NadaBoolean, SecretBoolean, SecretInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { ProgramBuilder, pairwiseOutputs, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, runPairwise, runProgram } from "./run-program.js";

type Side = "P" | "S";
type Operand = bigint | boolean;

const SECRET_MIXES = [
  ["S", "S"],
  ["S", "P"],
  ["P", "S"],
] as const;

const TYPES = {
  Int: { P: T.Int, S: T.SInt },
  UInt: { P: T.UInt, S: T.SUInt },
  Bool: { P: T.Bool, S: T.SBool },
} as const satisfies Record<string, Record<Side, NadaType>>;

const secretBit = (value: boolean) => new SecretBoolean(value);
const ORDERINGS = ["lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual"] as const;

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    const field = PrimeField.of(cluster.prime);
    const p = field.modulus;
    const max = field.maxSigned;
    const half = max / 2n;

    // Pairs with |A − B| ≤ (p − 1)/2, where LT(a, b) = [(a − b) mod p > (p − 1)/2] is the true order.
    const signedInOrder: [bigint, bigint][] = [
      [-4n, -3n],
      [3n, 3n],
      [-5n, -5n],
      [0n, 0n],
      [-1n, 0n],
      [-100n, 42n],
      [7n, -7n],
      [max, max],
      [-max, -max],
      [max - 1n, max],
      [-max, -max + 1n],
      [0n, max],
      [-max, 0n],
      [-1n, max - 1n],
      [half, -half],
    ];
    // Pairs further apart than (p − 1)/2: the difference wraps, so the secret order is reversed.
    // [a, b, LT(a, b), LT(b, a)].
    const signedWrapping: [bigint, bigint, boolean, boolean][] = [
      [-max, max, false, true], // a − b ≡ 1
      [-1n, max, false, true], // a − b ≡ (p − 1)/2
      [1n, -max, true, false], // a − b ≡ (p + 1)/2
    ];
    // Residues; the ones in order are below (p − 1)/2 or close together.
    const unsignedInOrder: [bigint, bigint][] = [
      [3n, 9n],
      [9n, 3n],
      [5n, 5n],
      [0n, 0n],
      [0n, 1n],
      [max, max + 1n],
      [max + 1n, max],
      [0n, max],
      [p - 1n, p - 2n],
      [max + 1n, p - 1n],
    ];
    // A value at or above (p + 1)/2 more than (p − 1)/2 away from the other: the secret rule reads it as
    // if it were negative, where the public UnsignedInteger `<` compares the residues.
    const unsignedNearHalf: [bigint, bigint, boolean, boolean][] = [
      [0n, max + 1n, false, true],
      [0n, p - 1n, false, true],
      [1n, max + 2n, false, true],
      [max + 1n, 0n, true, false],
    ];

    function orderings(pairs: readonly (readonly [bigint, bigint, boolean, boolean])[]) {
      return pairwiseOutputs(pairs.length, {
        lessThan: (i) => secretBit(pairs[i]?.[2] as boolean),
        lessOrEqual: (i) => secretBit(!pairs[i]?.[3]),
        greaterThan: (i) => secretBit(pairs[i]?.[3] as boolean),
        greaterOrEqual: (i) => secretBit(!pairs[i]?.[2]),
      });
    }
    const inOrder = (pairs: readonly [bigint, bigint][]) =>
      pairs.map(([a, b]) => [a, b, a < b, b < a] as const);

    describe("< and its lowered forms <=, >, >= (LessThanShares, one COMPARE each)", () => {
      it.each(SECRET_MIXES)(
        "Integer %s %s: the true order within (p − 1)/2, reversed beyond",
        async (...mix) => {
          const pairs = [...inOrder(signedInOrder), ...signedWrapping];
          const run = await runPairwise(cluster, ORDERINGS, [TYPES.Int[mix[0]], TYPES.Int[mix[1]]], pairs);
          expect(run.outputs).toEqual(orderings(pairs));
          expect(run.preprocessing).toEqual({ COMPARE: 4 * pairs.length });
        },
      );

      it.each(SECRET_MIXES)(
        "UnsignedInteger %s %s: the residue order below p/2, and values above p/2 read as negative",
        async (...mix) => {
          const pairs = [...inOrder(unsignedInOrder), ...unsignedNearHalf];
          const run = await runPairwise(cluster, ORDERINGS, [TYPES.UInt[mix[0]], TYPES.UInt[mix[1]]], pairs);
          expect(run.outputs).toEqual(orderings(pairs));
          expect(run.preprocessing).toEqual({ COMPARE: 4 * pairs.length });
        },
      );

      it("disagrees with public < where the operands are more than (p − 1)/2 apart (documented in §2.4)", async () => {
        const cases = [
          ["Int", signedWrapping],
          ["UInt", unsignedNearHalf],
        ] as const;
        for (const [base, pairs] of cases) {
          const publicRun = await runPairwise(cluster, ["lessThan"], [TYPES[base].P, TYPES[base].P], pairs);
          const secretRun = await runPairwise(cluster, ["lessThan"], [TYPES[base].S, TYPES[base].S], pairs);
          // Public Integers compare signed, public UnsignedIntegers compare residues: the true order.
          expect(publicRun.outputs).toEqual(
            pairwiseOutputs(pairs.length, {
              lessThan: (i) => new NadaBoolean((pairs[i]?.[0] as bigint) < (pairs[i]?.[1] as bigint)),
            }),
          );
          expect(publicRun.preprocessing).toEqual({});
          // The secret rule gives the opposite answer on every one of these pairs.
          expect(secretRun.outputs).toEqual(
            pairwiseOutputs(pairs.length, {
              lessThan: (i) => secretBit((pairs[i]?.[0] as bigint) >= (pairs[i]?.[1] as bigint)),
            }),
          );
        }
      });
    });

    describe("== and != (EqualsSecret, one EQUALITY_SECRET_OUTPUT each)", () => {
      // Exact for every difference, even the large ones that fail on the reference node.
      const cases = {
        Int: [
          [5n, 5n],
          [5n, 6n],
          [-9n, 9n],
          [0n, 0n],
          [1n << 40n, (1n << 40n) + 1n],
          [max, max],
          [-max, -max],
          [max, -max],
          [-max, max - 1n],
          [max, 0n],
          [0n, -max],
          [1n, -1n],
          [half, -half],
          [max - 12345n, -max + 777n],
        ],
        UInt: [
          [7n, 7n],
          [0n, p - 1n],
          [p - 1n, p - 1n],
          [max, max + 1n],
          [p - 1n, 0n],
          [0n, 0n],
          [1n, max + 1n],
        ],
        Bool: [
          [true, true],
          [false, false],
          [true, false],
          [false, true],
        ],
      } as const satisfies Record<keyof typeof TYPES, readonly (readonly [Operand, Operand])[]>;

      describe.each(Object.keys(cases) as (keyof typeof cases)[])("%s", (base) => {
        it.each(SECRET_MIXES)("%s %s", async (...mix) => {
          const pairs = cases[base];
          const run = await runPairwise(
            cluster,
            ["equals", "notEquals"],
            [TYPES[base][mix[0]], TYPES[base][mix[1]]],
            pairs,
          );
          expect(run.outputs).toEqual(
            pairwiseOutputs(pairs.length, {
              equals: (i) => secretBit(pairs[i]?.[0] === pairs[i]?.[1]),
              notEquals: (i) => secretBit(pairs[i]?.[0] !== pairs[i]?.[1]),
            }),
          );
          expect(run.preprocessing).toEqual({ EQUALITY_SECRET_OUTPUT: 2 * pairs.length });
        });
      });

      describe("public_equals (PublicOutputEquality, one EQUALITY_PUBLIC_OUTPUT each): a public Boolean", () => {
        describe.each(["Int", "UInt"] as const)("%s", (base) => {
          it.each(SECRET_MIXES)("%s %s", async (...mix) => {
            const pairs = cases[base];
            const run = await runPairwise(
              cluster,
              ["publicOutputEquality"],
              [TYPES[base][mix[0]], TYPES[base][mix[1]]],
              pairs,
            );
            expect(run.outputs).toEqual(
              pairwiseOutputs(pairs.length, {
                publicOutputEquality: (i) => new NadaBoolean(pairs[i]?.[0] === pairs[i]?.[1]),
              }),
            );
            expect(run.preprocessing).toEqual({ EQUALITY_PUBLIC_OUTPUT: pairs.length });
          });
        });
      });

      it("on public operands is local field equality, for == and public_equals alike", async () => {
        const pairs = cases.Int;
        const run = await runPairwise(
          cluster,
          ["equals", "notEquals", "publicOutputEquality"],
          [T.Int, T.Int],
          pairs,
        );
        expect(run.outputs).toEqual(
          pairwiseOutputs(pairs.length, {
            equals: (i) => new NadaBoolean(pairs[i]?.[0] === pairs[i]?.[1]),
            notEquals: (i) => new NadaBoolean(pairs[i]?.[0] !== pairs[i]?.[1]),
            publicOutputEquality: (i) => new NadaBoolean(pairs[i]?.[0] === pairs[i]?.[1]),
          }),
        );
        expect(run.preprocessing).toEqual({});
        for (const result of run.results) expect(result.traffic.rounds).toBe(0);
      });
    });

    describe("&, |, ^ (lowered to ×, +, −)", () => {
      const truthTable = [
        [true, true],
        [true, false],
        [false, true],
        [false, false],
      ] as const;

      it.each([...SECRET_MIXES, ["P", "P"] as const])("%s %s", async (...mix) => {
        const run = await runPairwise(
          cluster,
          ["booleanAnd", "booleanOr", "booleanXor"],
          [TYPES.Bool[mix[0]], TYPES.Bool[mix[1]]],
          truthTable,
        );
        const bit = mix.includes("S") ? secretBit : (value: boolean) => new NadaBoolean(value);
        expect(run.outputs).toEqual(
          pairwiseOutputs(truthTable.length, {
            booleanAnd: (i) => bit(truthTable[i]?.[0] === true && truthTable[i]?.[1] === true),
            booleanOr: (i) => bit(truthTable[i]?.[0] === true || truthTable[i]?.[1] === true),
            booleanXor: (i) => bit(truthTable[i]?.[0] !== truthTable[i]?.[1]),
          }),
        );
        expect(run.preprocessing).toEqual({});
        // Only a product of two secret bits communicates: one degree reduction for all of them.
        const rounds = mix[0] === "S" && mix[1] === "S" ? 1 : 0;
        for (const result of run.results) expect(result.traffic.rounds).toBe(rounds);
      });

      it("matches the §2.4 vectors on secret comparisons", async () => {
        const builder = new ProgramBuilder();
        const [m4, m5, two, m3, ten] = ["m4", "m5", "two", "m3", "ten"].map((name) =>
          builder.input(name, T.SInt),
        ) as [number, number, number, number, number];
        const lt = (a: number, b: number) => builder.binary("lessThan", a, b);
        const m4LessThanTwo = lt(m4, two);
        builder.output(
          "and",
          builder.binary("booleanAnd", lt(m4, builder.binary("addition", m5, two)), m4LessThanTwo),
        );
        builder.output("or", builder.binary("booleanOr", lt(ten, m3), lt(ten, two)));
        builder.output("xor", builder.binary("booleanXor", lt(m4, m3), m4LessThanTwo));
        const run = await runProgram(
          builder.build(),
          {
            m4: new SecretInteger(-4),
            m5: new SecretInteger(-5),
            two: new SecretInteger(2),
            m3: new SecretInteger(-3),
            ten: new SecretInteger(10),
          },
          cluster,
        );
        expect(run.outputs["P"]).toEqual({
          and: secretBit(true),
          or: secretBit(false),
          xor: secretBit(false),
        });
        expect(run.plan.preprocessing).toEqual({ COMPARE: 5 });
      });
    });
  },
);
