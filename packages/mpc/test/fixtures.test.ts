// Every case of the fixtures the engine runs, as a client and a cluster would run it: the front-end
// program lowered and validated with @nillion/nada, its preprocessing dealt, inputs masked per party
// with SecretMasker, all parties simulated, outputs unmasked and compared with the expected values
// exactly (or with either allowed value, for trunc_pr). The threshold-signature fixture's signatures are
// verified with @nillion/curves under its public key output, which must be the input key's, on every
// prime and cluster shape.
import {
  type EcdsaPrivateKey,
  EcdsaPublicKey,
  type EcdsaSignature,
  InvalidArgumentError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import {
  ALSO_RUNNABLE,
  type FixtureCase,
  fixtureCases,
  fixtureProgram,
  fixtureValues,
  LATER_RUNNABLE,
  LATER_TIERS,
  type RunnableFixture,
  resolveOneOf,
  THRESHOLD_FIXTURES,
  TIER_A,
  toJson,
} from "./fixtures.js";
import { CLUSTERS as ALL_CLUSTERS, type Cluster, clusterName, runProgram } from "./run-program.js";
import { ecdsaPublicKeyOf, ecdsaVerifies } from "./threshold-programs.js";

// The cases are written for the 256-bit prime.
const CLUSTERS: readonly Cluster[] = [
  { prime: "SAFE_256_BITS", parties: 3, degree: 1 },
  { prime: "SAFE_256_BITS", parties: 5, degree: 1 },
  { prime: "SAFE_256_BITS", parties: 5, degree: 2 },
];

// Communication rounds: the online depth (multiplications of two secrets and reveals on one chain).
const ROUNDS: Readonly<Record<(typeof TIER_A)[number] | (typeof ALSO_RUNNABLE)[number], number>> = {
  arith_basic: 1, // a·b
  three_parties: 1, // (x + y)·w and x·y side by side
  unsigned_ops: 1, // a·b
  reveal_chain: 2, // a·b, then its reveal
  array_ops: 0, // an inner product with a public array and additions: all local
  zip_unzip: 1, // three products side by side
  power_public: 0, // a public power and a public·secret product
  booleans: 1, // x·y for &, | and ^, side by side (x & z has a public factor)
};

/** Runs a case and compares its outputs, or its error, with the expected ones. */
async function runCase(name: RunnableFixture, testCase: FixtureCase, cluster: Cluster) {
  const program = fixtureProgram(name);
  if (testCase.error !== null) {
    const run = runProgram(program, fixtureValues(testCase.inputs), cluster);
    await expect(run).rejects.toThrow(InvalidArgumentError);
    await expect(run).rejects.toThrow(testCase.error);
    return undefined;
  }
  const run = await runProgram(program, fixtureValues(testCase.inputs), cluster);
  const outputs = Object.fromEntries(
    Object.entries(run.outputs).map(([party, values]) => [
      party,
      Object.fromEntries(Object.entries(values).map(([output, value]) => [output, toJson(value)])),
    ]),
  );
  const expected = Object.fromEntries(
    Object.entries(testCase.outputs ?? {}).map(([party, values]) => [
      party,
      Object.fromEntries(
        Object.entries(values).map(([output, value]) => [
          output,
          resolveOneOf(value, outputs[party]?.[output]),
        ]),
      ),
    ]),
  );
  expect(outputs).toEqual(expected);
  return run;
}

const casesOf = (name: RunnableFixture) =>
  fixtureCases(name).map((testCase) => [testCase.name, testCase] as const);
const clusters = CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const);

describe.each([...TIER_A, ...ALSO_RUNNABLE])("%s", (name) => {
  describe.each(clusters)("%s", (_, cluster) => {
    it.each(casesOf(name))("%s", async (_, testCase) => {
      const run = await runCase(name, testCase, cluster);
      for (const result of run?.results ?? []) expect(result.traffic.rounds).toBe(ROUNDS[name]);
    });
  });
});

describe.each(LATER_RUNNABLE)("%s", (name) => {
  describe.each(clusters)("%s", (_, cluster) => {
    it.each(casesOf(name))("%s", async (_, testCase) => {
      const run = await runCase(name, testCase, cluster);
      if (run === undefined) return;
      // The plan runs the tier's protocols, and every party goes through the same rounds.
      const protocols = new Set(
        run.plan.stages.flatMap((stage) => stage.online.map((step) => step.protocol)),
      );
      for (const protocol of LATER_TIERS[name]) expect(protocols).toContain(protocol);
      expect(new Set(run.results.map((result) => result.traffic.rounds)).size).toBe(1);
    });
  });
});

describe.each(THRESHOLD_FIXTURES)("%s", (name) => {
  describe.each(ALL_CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))(
    "%s",
    (_, cluster) => {
      it.each(fixtureCases(name).map((testCase) => [testCase.name, testCase] as const))(
        "%s: the signature verifies under the output public key, the input key's",
        async (_, testCase) => {
          const values = fixtureValues(testCase.inputs);
          const run = await runProgram(fixtureProgram(name), values, cluster);
          const outputs = run.outputs["OutParty"] ?? {};
          const key = values["key"] as EcdsaPrivateKey;
          const digest = values["digest"]?.value as Uint8Array;
          expect(outputs["public_key"]).toEqual(new EcdsaPublicKey(ecdsaPublicKeyOf(key)));
          expect(
            ecdsaVerifies(
              outputs["signature"] as EcdsaSignature,
              digest,
              outputs["public_key"] as EcdsaPublicKey,
            ),
          ).toBe(true);
          const protocols = new Set(
            run.plan.stages.flatMap((stage) => stage.online.map((step) => step.protocol)),
          );
          for (const protocol of LATER_TIERS[name]) expect(protocols).toContain(protocol);
          for (const result of run.results) expect(result.traffic.rounds).toBe(2);
        },
      );
    },
  );
});
