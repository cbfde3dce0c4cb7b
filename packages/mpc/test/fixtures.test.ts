// Every case of the arithmetic-tier fixtures, as a client and a cluster would run it: the front-end
// program lowered and validated with @nillion/nada, inputs masked per party with SecretMasker, all
// parties simulated, outputs unmasked and compared with the expected values exactly. Fixtures of later
// tiers fail with "not supported yet" before any message is sent.
import { InvalidArgumentError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { planExecution } from "../src/index.js";
import {
  ALSO_RUNNABLE,
  fixtureCases,
  fixtureProgram,
  fixtureValues,
  LATER_TIERS,
  type RunnableFixture,
  TIER_A,
  toJson,
} from "./fixtures.js";
import { rejection } from "./rejection.js";
import { type Cluster, clusterName, runProgram } from "./run-program.js";

// The cases are written for the 256-bit prime.
const CLUSTERS: readonly Cluster[] = [
  { prime: "SAFE_256_BITS", parties: 3, degree: 1 },
  { prime: "SAFE_256_BITS", parties: 5, degree: 1 },
  { prime: "SAFE_256_BITS", parties: 5, degree: 2 },
];

// Communication rounds: the online depth (multiplications of two secrets and reveals on one chain).
const ROUNDS: Readonly<Record<RunnableFixture, number>> = {
  arith_basic: 1, // a·b
  three_parties: 1, // (x + y)·w and x·y side by side
  unsigned_ops: 1, // a·b
  reveal_chain: 2, // a·b, then its reveal
  array_ops: 0, // an inner product with a public array and additions: all local
  zip_unzip: 1, // three products side by side
  power_public: 0, // a public power and a public·secret product
  booleans: 1, // x·y for &, | and ^, side by side (x & z has a public factor)
};

describe.each([...TIER_A, ...ALSO_RUNNABLE])("%s", (name) => {
  const program = fixtureProgram(name);
  describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))("%s", (_, cluster) => {
    it.each(fixtureCases(name).map((testCase) => [testCase.name, testCase] as const))(
      "%s",
      async (_, testCase) => {
        if (testCase.error !== null) {
          await expect(runProgram(program, fixtureValues(testCase.inputs), cluster)).rejects.toThrow(
            testCase.error,
          );
          return;
        }
        const run = await runProgram(program, fixtureValues(testCase.inputs), cluster);
        const outputs = Object.fromEntries(
          Object.entries(run.outputs).map(([party, values]) => [
            party,
            Object.fromEntries(Object.entries(values).map(([output, value]) => [output, toJson(value)])),
          ]),
        );
        expect(outputs).toEqual(testCase.outputs);
        for (const result of run.results) expect(result.traffic.rounds).toBe(ROUNDS[name]);
      },
    );
  });
});

describe("fixtures of later tiers", () => {
  it.each(Object.entries(LATER_TIERS))(
    "%s fails with not supported yet, naming each operation",
    async (name, protocols) => {
      const fixture = name as keyof typeof LATER_TIERS;
      const program = fixtureProgram(fixture);
      const [testCase] = fixtureCases(fixture);
      const sent: unknown[] = [];
      const run = runProgram(
        program,
        fixtureValues(testCase?.inputs ?? {}),
        CLUSTERS[0] as Cluster,
        (message) => sent.push(message),
      );
      await expect(run).rejects.toThrow(InvalidArgumentError);
      const error = await rejection<InvalidArgumentError>(run);
      for (const protocol of protocols) {
        expect(error.message).toMatch(
          new RegExp(`${name}\\.py:\\d+: operation \\d+ \\(\\w+\\): not supported yet: ${protocol}`),
        );
      }
      expect(error.argument).toBe("program");
      expect(sent).toEqual([]);
      expect(planExecution(program).onlineDepth).toBeGreaterThan(0);
    },
  );
});
