// Rounds per program equal its multiplicative depth (reveals counted), whatever the width of each level,
// and the traffic is exactly one message per peer and round carrying one element per resharing or
// opening of that level.
import { PrimeField } from "@nillion/crypto";
import { SecretInteger, SecretUnsignedInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { planExecution } from "../src/index.js";
import { ProgramBuilder, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, runProgram } from "./run-program.js";

/** x0·x1·…·x(depth) as a left-leaning chain, plus `width` independent products x0·x1 on the first level. */
function program(depth: number, width: number) {
  const b = new ProgramBuilder();
  const xs = Array.from({ length: Math.max(depth, 1) + 1 }, (_, i) => b.input(`x${i}`, T.SInt));
  let chain = xs[0] as number;
  for (let i = 1; i <= depth; i++) chain = b.binary("multiplication", chain, xs[i] as number);
  b.output("chain", chain);
  for (let i = 0; i < width; i++)
    b.output(`p${i}`, b.binary("multiplication", xs[0] as number, xs[1] as number));
  return {
    program: b.build(),
    inputs: Object.fromEntries(xs.map((_, i) => [`x${i}`, new SecretInteger(i + 2)])),
  };
}

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    const { byteLength } = PrimeField.of(cluster.prime);
    const peers = cluster.parties - 1;

    it.each([
      [1, 0],
      [4, 0],
      [7, 3],
      [2, 20],
    ])(
      "a chain of %d products with %d more side by side takes one round per product in the chain",
      async (depth, width) => {
        const { program: built, inputs } = program(depth, width);
        expect(planExecution(built).onlineDepth).toBe(depth);
        const run = await runProgram(built, inputs, cluster);
        let expected = 1n;
        for (let i = 0; i <= depth; i++) expected *= BigInt(i + 2);
        expect(run.outputs["P"]?.["chain"]).toEqual(new SecretInteger(expected));
        // The first level holds the chain's first product and the `width` others; later levels one each.
        const elements = peers * (1 + width + (depth - 1));
        for (const result of run.results) {
          expect(result.traffic).toEqual({
            rounds: depth,
            messages: depth * peers,
            elements,
            bytes: elements * byteLength,
          });
        }
      },
    );
  },
);

// Less-than, equality and public_equals take a constant number of rounds from their preprocessing, on
// every prime and cluster shape: the rounds of one operation are those of many side by side.
describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    it.each([
      ["lessThan", 4],
      ["equals", 2],
      ["publicOutputEquality", 1],
    ] as const)("secret %s takes %d rounds, however many run side by side", async (kind, rounds) => {
      for (const count of [1, 6]) {
        const b = new ProgramBuilder();
        for (let i = 0; i < count; i++) {
          const x = b.input(`x${i}`, T.SInt);
          const y = b.input(`y${i}`, T.SInt);
          b.output(`r${i}`, b.binary(kind, x, y));
        }
        const inputs = Object.fromEntries(
          Array.from({ length: count }, (_, i) => [
            [`x${i}`, new SecretInteger(BigInt(i - 3))],
            [`y${i}`, new SecretInteger(0n)],
          ]).flat(),
        );
        const run = await runProgram(b.build(), inputs, cluster);
        for (const result of run.results) expect(result.traffic.rounds).toBe(rounds);
        const outputs = run.outputs["P"] ?? {};
        for (let i = 0; i < count; i++) {
          const value = BigInt(i - 3);
          const expected = kind === "lessThan" ? value < 0n : value === 0n;
          expect((outputs[`r${i}`] as { value: boolean }).value, `${kind} ${i}`).toBe(expected);
        }
      }
    });
  },
);

// Division and modulo by a secret divisor on the 256-bit prime: a constant number of rounds (the
// reciprocal division), the same for one and for several side by side, signed or not.
describe("SAFE_256_BITS: / and % by a secret divisor", () => {
  const cluster: Cluster = { prime: "SAFE_256_BITS", parties: 3, degree: 1 };
  it.each([
    ["division", T.SInt, 37],
    ["modulo", T.SInt, 38],
    ["division", T.SUInt, 30],
    ["modulo", T.SUInt, 31],
  ] as const)(
    "secret %s of %s takes %d rounds, however many run side by side",
    async (kind, type, rounds) => {
      for (const count of [1, 3]) {
        const b = new ProgramBuilder();
        for (let i = 0; i < count; i++) {
          b.output(`r${i}`, b.binary(kind, b.input(`x${i}`, type), b.input(`y${i}`, type)));
        }
        const value =
          type === T.SInt ? (v: bigint) => new SecretInteger(v) : (v: bigint) => new SecretUnsignedInteger(v);
        const inputs = Object.fromEntries(
          Array.from({ length: count }, (_, i) => [
            [`x${i}`, value(BigInt(100 + i))],
            [`y${i}`, value(BigInt(7 + i))],
          ]).flat(),
        );
        const run = await runProgram(b.build(), inputs, cluster);
        for (const result of run.results) expect(result.traffic.rounds).toBe(rounds);
        for (let i = 0; i < count; i++) {
          const [x, y] = [BigInt(100 + i), BigInt(7 + i)];
          expect(run.outputs["P"]?.[`r${i}`]).toEqual(value(kind === "division" ? x / y : x % y));
        }
      }
    },
  );
});
