// Every case of the arithmetic-tier and tier-B fixtures on a real 3-node cluster: the front-end program
// stored through the Programs service, the secret inputs stored masked per node and the public ones given
// at compute time, one receipt invoking every node, and each node's answer unmasked and compared with the
// expected outputs (or the computation's error). For the tier-B programs, which consume preprocessing, the
// quote asks for what @nillion/nada's metadata (and the official compiler's, where it accepts the program)
// says, and the compute receipt takes exactly that from the pools PoolStatus reports.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { decodeProgram, lowerProgram, programMetadata } from "@nillion/nada";
import { PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import { type PreprocessingElementName, preprocessingElementName } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClusterUser,
  type ComputeCluster,
  expectedOutputs,
  type FixtureCase,
  fixtureBytes,
  fixtureCases,
  fixtureParties,
  fixtureValues,
  startComputeCluster,
  TIER_A,
  TIER_B,
  toFixtureJson,
} from "./compute-helpers.js";

const OFFICIAL_METADATA: Record<string, { preprocessing?: Record<string, number> }> = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada/official-metadata.json"),
    "utf8",
  ),
).programs;

let cluster: ComputeCluster;
let user: ClusterUser;

beforeAll(async () => {
  cluster = await startComputeCluster();
  user = await cluster.user();
});
afterAll(() => cluster.close());

/** Runs `testCase` of the program `name` (stored as `programId`); resolves every node's final state. */
async function run(name: string, programId: string, testCase: FixtureCase) {
  const values = fixtureValues(testCase.inputs);
  const secret = Object.fromEntries(
    Object.entries(values).filter(([, value]) => value.type.startsWith("Secret") || value.type === "Array"),
  );
  const rest = Object.fromEntries(Object.entries(values).filter(([name]) => !(name in secret)));
  const { inputParties, outputParties } = fixtureParties(name);
  const valueIds = Object.keys(secret).length === 0 ? [] : [await user.storeValues(secret, { programId })];
  const computeId = await user.invoke({
    programId,
    valueIds,
    values: rest,
    inputs: Object.fromEntries(inputParties.map((party) => [party, user.id])),
    outputs: Object.fromEntries(outputParties.map((party) => [party, [user.id]])),
  });
  return computeId;
}

describe.each([...TIER_A, ...TIER_B])("%s", (name) => {
  let programId: string;
  beforeAll(async () => {
    programId = await user.storeProgram(name, fixtureBytes(name));
  });

  it.each(fixtureCases(name).map((testCase) => [testCase.name, testCase] as const))(
    "%s",
    async (_, testCase) => {
      const computeId = await run(name, programId, testCase);
      if (testCase.error !== null) {
        const outcomes = await user.outcomes(computeId);
        expect(outcomes).toEqual(
          Array(3).fill({ case: "error", value: expect.stringContaining(testCase.error) }),
        );
        return;
      }
      const results = await user.results(computeId);
      const actual = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, toFixtureJson(v)]));
      expect(actual).toEqual(expectedOutputs(testCase, actual));
    },
  );
});

/** Each pool's `start` (the committed offset) by element, from PoolStatus. */
async function poolStarts(): Promise<Map<PreprocessingElementName, bigint>> {
  const status = await user.poolStatus();
  return new Map(status.offsets.map(({ element, start }) => [preprocessingElementName(element), start]));
}

describe.each(TIER_B)("%s's preprocessing", (name) => {
  const metadata = programMetadata(lowerProgram(decodeProgram(fixtureBytes(name))));

  it("is quoted as @nillion/nada's metadata says, and taken from the pools by the receipt", async () => {
    const programId = await user.storeProgram(`${name}_pools`, fixtureBytes(name));
    const quote = fromBinary(PriceQuoteSchema, (await user.quoteCompute(programId)).quote);
    const required = Object.fromEntries(
      quote.preprocessingRequirements.map(({ element, count }) => [
        preprocessingElementName(element),
        Number(count),
      ]),
    );
    expect(required).toEqual(metadata.preprocessing);
    const official = OFFICIAL_METADATA[`${name}.nada.bin`]?.preprocessing;
    if (official !== undefined) expect(required).toEqual(official);

    const before = await poolStarts();
    const [testCase] = fixtureCases(name);
    if (testCase === undefined) throw new Error(`${name} has no case`);
    await user.results(await run(name, programId, testCase));
    const after = await poolStarts();
    expect(
      Object.fromEntries(
        [...after].map(([element, start]) => [element, Number(start - (before.get(element) ?? 0n))]),
      ),
    ).toEqual(Object.fromEntries([...after.keys()].map((element) => [element, required[element] ?? 0])));
  });
});
