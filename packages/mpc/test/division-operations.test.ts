// Secret right shifts, trunc_pr, and division and modulo of secrets in the simulator (node-mpc.md §2.4):
// the §2.4 vectors, negative values, zero, the k-bit (shifts, public divisors) and ℓ-bit (secret
// divisors) limits, and every error path. Division by a secret costs hundreds of rounds on the narrower
// primes, so it runs on a few cluster shapes with all of its vectors side by side in one program; the rest
// runs on every prime with n = 3 (T = 1) and n = 5 (T = 1 and 2). Each program consumes exactly the preprocessing §3.1 lists.
import { PrimeField } from "@nillion/crypto";
import type { BinaryOperationKind, NadaType } from "@nillion/nada";
import { InvalidArgumentError, SecretInteger, SecretUnsignedInteger, UnsignedInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { integerSize, secretDivisionBits } from "../src/index.js";
import { ProgramBuilder, pairwiseOutputs, T } from "./program-builder.js";
import { CLUSTERS, type Cluster, clusterName, runPairwise, runProgram } from "./run-program.js";

const SIZE_ERROR = "The size of divisor (m) is larger than the allowed size (k)";

/** floor(a / b), rounding toward −∞ as Python does. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
const floorMod = (a: bigint, b: bigint): bigint => a - b * floorDiv(a, b);

/** [a, b, a / b, a % b]. */
type Division = readonly [bigint, bigint, bigint, bigint];
const division = (a: bigint, b: bigint): Division => [a, b, floorDiv(a, b), floorMod(a, b)];

/** The outputs of a division-and-modulo program over `cases`, of the secret `result` type. */
function quotientsAndRemainders(cases: readonly Division[], result: "Int" | "UInt", p: bigint) {
  const value =
    result === "Int"
      ? (v: bigint) => new SecretInteger(v)
      : (v: bigint) => new SecretUnsignedInteger(((v % p) + p) % p);
  return pairwiseOutputs(cases.length, {
    division: (i) => value(cases[i]?.[2] as bigint),
    modulo: (i) => value(cases[i]?.[3] as bigint),
  });
}

/** The error a single `a <kind> b` fails with: located at its operation, operation 2 on line 3. */
function stepFailure(kind: BinaryOperationKind, text: string): RegExp {
  return new RegExp(`^test\\.py:3: operation 2 \\(${kind}\\): ${text.replace(/[()]/g, "\\$&")}$`);
}

async function expectStepFailure(run: Promise<unknown>, kind: BinaryOperationKind, text: string) {
  await expect(run).rejects.toThrow(InvalidArgumentError);
  await expect(run).rejects.toThrow(stepFailure(kind, text));
}

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s",
  (_, cluster: Cluster) => {
    const field = PrimeField.of(cluster.prime);
    const p = field.modulus;
    const k = integerSize(field);
    // The largest dividend magnitude the masking protocols are exact for: 2^(k−1) − 1.
    const limit = (1n << BigInt(k - 1)) - 1n;
    const K = BigInt(k);

    describe("secret >> (RightShiftShares, one TRUNC each)", () => {
      const signed: [bigint, bigint][] = [
        [20n, 1n],
        [2n, 1n],
        [12n, 2n],
        [80n, 3n],
        [-7n, 1n],
        [-80n, 3n],
        [-81n, 3n],
        [-1n, 1n],
        [1n, 1n],
        [0n, 5n],
        [7n, 0n],
        [-7n, 0n],
        [limit, K - 1n],
        [-limit, K - 1n],
        [limit, 1n],
        [-limit, 1n],
        [-limit, K - 2n],
        [limit, K - 2n],
      ];

      it("floors Integers, negative ones toward −∞, up to m = k − 1 and |a| = 2^(k−1) − 1", async () => {
        const run = await runPairwise(cluster, ["rightShift"], [T.SInt, T.UInt], signed);
        // The §2.4 vectors: 20 >> 1 = 10, 2 >> 1 = 1, 12 >> 2 = 3, 80 >> 3 = 10, and −7 >> 1 = −4.
        expect(run.outputs["rightShift0"]).toEqual(new SecretInteger(10));
        expect(run.outputs["rightShift4"]).toEqual(new SecretInteger(-4));
        expect(run.outputs).toEqual(
          pairwiseOutputs(signed.length, {
            rightShift: (i) => {
              const [a, m] = signed[i] as [bigint, bigint];
              return new SecretInteger(floorDiv(a, 1n << m));
            },
          }),
        );
        expect(run.preprocessing).toEqual({ TRUNC: signed.length });
      });

      it("floors UnsignedIntegers; m = 0 returns the value", async () => {
        const unsigned: [bigint, bigint][] = [
          [20n, 1n],
          [80n, 3n],
          [0n, 4n],
          [5n, 0n],
          [limit, K - 1n],
          [limit, 3n],
        ];
        const run = await runPairwise(cluster, ["rightShift"], [T.SUInt, T.UInt], unsigned);
        expect(run.outputs).toEqual(
          pairwiseOutputs(unsigned.length, {
            rightShift: (i) => {
              const [a, m] = unsigned[i] as [bigint, bigint];
              return new SecretUnsignedInteger(a >> m);
            },
          }),
        );
        expect(run.preprocessing).toEqual({ TRUNC: unsigned.length });
      });

      it.each([
        ["SecretInteger", T.SInt],
        ["SecretUnsignedInteger", T.SUInt],
      ] as const)("fails on a %s for m ≥ k", async (_, type) => {
        for (const m of [K, K + 1n, 1000n]) {
          await expectStepFailure(
            runPairwise(cluster, ["rightShift"], [type, T.UInt], [[5n, m]]),
            "rightShift",
            SIZE_ERROR,
          );
        }
      });
    });

    describe("trunc_pr (TruncPr, one TRUNC_PR each)", () => {
      it("is exact on multiples of 2^m, the identity for m = 0 and one of two neighbours otherwise", async () => {
        const exact: [bigint, bigint][] = [
          [80n, 3n],
          [-96n, 5n],
          [0n, 4n],
          [1n << (K - 2n), K - 2n],
          [-(1n << (K - 2n)), K - 2n],
          [-7n, 0n],
          [limit, 0n],
        ];
        const rounded: [bigint, bigint][] = [
          [1001n, 3n],
          [-1001n, 3n],
          [-7n, 2n],
          [7n, 1n],
          [limit, K - 1n],
          [-limit, K - 1n],
          [limit, 1n],
        ];
        const run = await runPairwise(cluster, ["truncPr"], [T.SInt, T.UInt], [...exact, ...rounded]);
        exact.forEach(([a, m], i) => {
          expect(run.outputs[`truncPr${i}`]).toEqual(new SecretInteger(a >> m));
        });
        rounded.forEach(([a, m], i) => {
          const floor = floorDiv(a, 1n << m);
          expect([new SecretInteger(floor), new SecretInteger(floor + 1n)]).toContainEqual(
            run.outputs[`truncPr${exact.length + i}`],
          );
        });
        expect(run.preprocessing).toEqual({ TRUNC_PR: exact.length + rounded.length });
      });

      it("rounds a non-multiple both ways across draws, and never a multiple", async () => {
        // Each trunc_pr draws its own TRUNC_PR element. −6 / 4 and 12 / 8 lie halfway between their
        // neighbours: each of 48 draws rounds up with probability 1/2 (a one-sided result: 2^−47).
        const draws = 48;
        const builder = new ProgramBuilder();
        const signed = builder.input("signed", T.SInt);
        const unsigned = builder.input("unsigned", T.SUInt);
        const multiple = builder.input("multiple", T.SInt);
        const two = builder.input("two", T.UInt);
        const three = builder.input("three", T.UInt);
        const five = builder.input("five", T.UInt);
        for (let i = 0; i < draws; i++) {
          builder.output(`signed${i}`, builder.binary("truncPr", signed, two));
          builder.output(`unsigned${i}`, builder.binary("truncPr", unsigned, three));
          builder.output(`multiple${i}`, builder.binary("truncPr", multiple, five));
        }
        const run = await runProgram(
          builder.build(),
          {
            signed: new SecretInteger(-6),
            unsigned: new SecretUnsignedInteger(12),
            multiple: new SecretInteger(-96),
            two: new UnsignedInteger(2),
            three: new UnsignedInteger(3),
            five: new UnsignedInteger(5),
          },
          cluster,
        );
        const outputs = run.outputs["P"] ?? {};
        const seen = (name: string) =>
          new Set(Array.from({ length: draws }, (_, i) => outputs[`${name}${i}`]?.value));
        expect(seen("signed")).toEqual(new Set([-2n, -1n]));
        expect(seen("unsigned")).toEqual(new Set([1n, 2n]));
        expect(seen("multiple")).toEqual(new Set([-3n]));
        expect(outputs["signed0"]).toBeInstanceOf(SecretInteger);
        expect(outputs["unsigned0"]).toBeInstanceOf(SecretUnsignedInteger);
        expect(run.plan.preprocessing).toEqual({ TRUNC_PR: 3 * draws });
      });

      it("fails for m ≥ k, and for a negative signed amount, which the node's VM accepts", async () => {
        for (const m of [K, K + 1n, 1000n]) {
          await expectStepFailure(
            runPairwise(cluster, ["truncPr"], [T.SInt, T.UInt], [[5n, m]]),
            "truncPr",
            SIZE_ERROR,
          );
        }
        const unvalidated = { validate: false };
        await expectStepFailure(
          runPairwise(cluster, ["truncPr"], [T.SInt, T.Int], [[40n, -1n]], unvalidated),
          "truncPr",
          "negative shift amount",
        );
        await expectStepFailure(
          runPairwise(cluster, ["truncPr"], [T.SInt, T.Int], [[40n, K]], unvalidated),
          "truncPr",
          SIZE_ERROR,
        );
        // A signed amount in range is read like an unsigned one.
        const signedAmount = await runPairwise(
          cluster,
          ["truncPr"],
          [T.SInt, T.Int],
          [[40n, 3n]],
          unvalidated,
        );
        expect(signedAmount.outputs).toEqual({ truncPr0: new SecretInteger(5) });
      });
    });

    describe("/ and % by a public divisor (…SecretDividendPublicDivisor, one MODULO each)", () => {
      // The §2.4 vectors, each with its quotient and remainder.
      const vectors: Division[] = [
        [-542n, 34n, -16n, 2n],
        [782n, -65n, -13n, -63n],
        [19n, -3n, -7n, -2n],
        [-27n, -4n, 6n, -3n],
        [-25n, 5n, -5n, 0n],
        [-75n, -5n, 15n, 0n],
        [4n, -2n, -2n, 0n],
        [12n, 42n, 0n, 12n],
        [42n, 12n, 3n, 6n],
        [-52n, 34n, -2n, 16n],
        [52n, -34n, -2n, -16n],
        [-52n, -34n, 1n, -18n],
        [-15n, 12n, -2n, 9n],
        [15n, -12n, -2n, -9n],
        [-15n, -12n, 1n, -3n],
        [0n, 5n, 0n, 0n],
        [0n, -5n, 0n, 0n],
      ];
      // Dividends up to 2^(k−1) − 1 in magnitude, divisors up to k − 1 bits.
      const boundaries: Division[] = [
        [limit, limit],
        [-limit, limit],
        [limit, -limit],
        [-limit, -limit],
        [-limit, 1n],
        [limit, -1n],
        [-limit, 2n],
        [limit, 3n],
        [-limit, -7n],
        [1n, limit],
        [-1n, limit],
        [-1n, -limit],
        [limit - 1n, limit],
      ].map(([a, b]) => division(a as bigint, b as bigint));

      it("floors Integers and takes the divisor's sign for the remainder", async () => {
        const cases = [...vectors, ...boundaries];
        const run = await runPairwise(cluster, ["division", "modulo"], [T.SInt, T.Int], cases);
        expect(run.outputs).toEqual(quotientsAndRemainders(cases, "Int", p));
        expect(run.preprocessing).toEqual({ MODULO: 2 * cases.length });
      });

      it("divides UnsignedIntegers as non-negative integers", async () => {
        const cases: Division[] = [
          [542n, 34n, 15n, 32n],
          [782n, 65n, 12n, 2n],
          [12n, 42n, 0n, 12n],
          [33n, 32n, 1n, 1n],
          [0n, 9n, 0n, 0n],
          division(limit, limit),
          division(limit, 3n),
          division(limit - 1n, limit),
        ];
        const run = await runPairwise(cluster, ["division", "modulo"], [T.SUInt, T.UInt], cases);
        expect(run.outputs).toEqual(quotientsAndRemainders(cases, "UInt", p));
        expect(run.preprocessing).toEqual({ MODULO: 2 * cases.length });
      });

      it("reads an UnsignedInteger divisor above (p − 1)/2 as negative, as the node does (unlike public /)", async () => {
        // p − 3 is read as −3: 31 / −3 = −11 and 31 % −3 = −2, as residues p − 11 and p − 2.
        const secret = await runPairwise(cluster, ["division", "modulo"], [T.SUInt, T.UInt], [[31n, p - 3n]]);
        expect(secret.outputs).toEqual({
          division0: new SecretUnsignedInteger(p - 11n),
          modulo0: new SecretUnsignedInteger(p - 2n),
        });
        const publicRun = await runPairwise(
          cluster,
          ["division", "modulo"],
          [T.UInt, T.UInt],
          [[31n, p - 3n]],
        );
        expect(publicRun.outputs).toEqual({
          division0: new UnsignedInteger(0n),
          modulo0: new UnsignedInteger(31n),
        });
      });

      it.each(["division", "modulo"] as const)(
        "%s fails for a zero divisor and for one of k bits or more",
        async (kind) => {
          const power = 1n << (K - 1n);
          await expectStepFailure(
            runPairwise(cluster, [kind], [T.SInt, T.Int], [[10n, 0n]]),
            kind,
            "division by zero",
          );
          await expectStepFailure(
            runPairwise(cluster, [kind], [T.SUInt, T.UInt], [[10n, 0n]]),
            kind,
            "division by zero",
          );
          for (const divisor of [power, -power, power + 1n]) {
            await expectStepFailure(
              runPairwise(cluster, [kind], [T.SInt, T.Int], [[10n, divisor]]),
              kind,
              SIZE_ERROR,
            );
          }
          for (const divisor of [power, p - power]) {
            await expectStepFailure(
              runPairwise(cluster, [kind], [T.SUInt, T.UInt], [[10n, divisor]]),
              kind,
              SIZE_ERROR,
            );
          }
        },
      );
    });
  },
);

// Few cluster shapes: a division by a secret is a long division of ℓ comparisons on the narrower primes.
const SECRET_DIVISOR_CLUSTERS: readonly Cluster[] = [
  { prime: "SAFE_64_BITS", parties: 3, degree: 1 },
  { prime: "SAFE_64_BITS", parties: 5, degree: 2 },
  { prime: "SAFE_128_BITS", parties: 5, degree: 1 },
  { prime: "SAFE_256_BITS", parties: 3, degree: 1 },
  { prime: "SAFE_256_BITS", parties: 5, degree: 2 },
];

describe.each(SECRET_DIVISOR_CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
  "%s: / and % by a secret divisor (…SecretDivisor, one DIVISION_SECRET_DIVISOR each)",
  (_, cluster: Cluster) => {
    const field = PrimeField.of(cluster.prime);
    const p = field.modulus;
    // Dividends and divisors below 2^ℓ in magnitude are exact.
    const limit = (1n << BigInt(secretDivisionBits(field))) - 1n;

    // The §2.4 vectors, a zero divisor (quotient 0, remainder the dividend), and the ℓ-bit limits.
    const signed: Division[] = [
      [31n, 5n, 6n, 1n],
      [19n, -3n, -7n, -2n],
      [-27n, -4n, 6n, -3n],
      [-25n, 5n, -5n, 0n],
      [-75n, -5n, 15n, 0n],
      [12n, 42n, 0n, 12n],
      [30n, 12n, 2n, 6n],
      [-15n, 12n, -2n, 9n],
      [15n, -12n, -2n, -9n],
      [-15n, -12n, 1n, -3n],
      [0n, 7n, 0n, 0n],
      [12n, 0n, 0n, 12n],
      [-12n, 0n, 0n, -12n],
      [0n, 0n, 0n, 0n],
      ...[
        [limit, 1n],
        [-limit, limit],
        [limit, -limit],
        [-limit, 3n],
        [limit, 2n],
        [1n, limit],
        [-1n, limit],
        [limit, limit - 1n],
        [-limit, -2n],
        [-limit, -1n],
        [limit, -1n],
      ].map(([a, b]) => division(a as bigint, b as bigint)),
    ];
    const unsigned: Division[] = [
      [31n, 5n, 6n, 1n],
      [12n, 30n, 0n, 12n],
      [12n, 0n, 0n, 12n],
      [0n, 0n, 0n, 0n],
      division(limit, 1n),
      division(limit, limit - 1n),
      division(limit - 1n, limit),
      division(limit, 3n),
    ];

    // One program per operand mix and type, every case side by side.
    it.each([
      ["S", "Int"],
      ["P", "Int"],
      ["S", "UInt"],
      ["P", "UInt"],
    ] as const)(
      "%s dividend, %s: floor division, the divisor's sign, and 0 for a zero divisor",
      async (side, base) => {
        const cases = base === "Int" ? signed : unsigned;
        const types: [NadaType, NadaType] =
          base === "Int"
            ? [side === "S" ? T.SInt : T.Int, T.SInt]
            : [side === "S" ? T.SUInt : T.UInt, T.SUInt];
        const run = await runPairwise(cluster, ["division", "modulo"], types, cases);
        expect(run.outputs).toEqual(quotientsAndRemainders(cases, base, p));
        expect(run.preprocessing).toEqual({ DIVISION_SECRET_DIVISOR: 2 * cases.length });
      },
    );
  },
);

// The reciprocal division (256-bit prime) estimates the quotient within one and corrects it: exact at
// every divisor bit length, at both ends of each, and for dividends on and just beside a multiple.
describe("SAFE_256_BITS-3-1: / and % by a secret divisor of every bit length", () => {
  const cluster: Cluster = { prime: "SAFE_256_BITS", parties: 3, degree: 1 };
  const field = PrimeField.of(cluster.prime);
  const bits = secretDivisionBits(field);
  const limit = (1n << BigInt(bits)) - 1n;
  let seed = 0x2545f4914f6cdd1dn;
  const random = (below: bigint) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 128n) - 1n);
    return ((seed >> 32n) * (seed >> 64n)) % below;
  };

  it("is exact for every divisor size, on and beside multiples, with either sign", async () => {
    const cases: Division[] = [];
    for (let length = 1; length <= bits; length++) {
      const low = 1n << BigInt(length - 1);
      for (const b of [low, 2n * low - 1n, low + random(low)]) {
        const q = random(limit / b + 1n);
        const onMultiple = q * b;
        const sign = (length % 2 === 0 ? 1n : -1n) * (b === low ? -1n : 1n);
        const beside = length % 2 === 0 ? onMultiple + 1n : onMultiple - 1n;
        for (const a of [length % 3 === 0 ? onMultiple : beside, limit - random(b)]) {
          if (a < 0n || a > limit) continue;
          cases.push(division(sign * a, b === low ? b : -sign * b));
        }
      }
    }
    const run = await runPairwise(cluster, ["division"], [T.SInt, T.SInt], cases);
    expect(run.outputs).toEqual(
      pairwiseOutputs(cases.length, { division: (i) => new SecretInteger(cases[i]?.[2] as bigint) }),
    );
  }, 60_000);
});
