// Every case of the arithmetic-tier fixtures on a real 3-node cluster: the front-end program stored through
// the Programs service, the secret inputs stored masked per node and the public ones given at compute time,
// one receipt invoking every node, and each node's answer unmasked and compared with the expected outputs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClusterUser,
  type ComputeCluster,
  fixtureBytes,
  fixtureCases,
  fixtureParties,
  fixtureValues,
  startComputeCluster,
  TIER_A,
  toFixtureJson,
} from "./compute-helpers.js";

let cluster: ComputeCluster;
let user: ClusterUser;

beforeAll(async () => {
  cluster = await startComputeCluster();
  user = await cluster.user();
});
afterAll(() => cluster.close());

describe.each(TIER_A)("%s", (name) => {
  let programId: string;
  beforeAll(async () => {
    programId = await user.storeProgram(name, fixtureBytes(name));
  });

  it.each(fixtureCases(name).map((testCase) => [testCase.name, testCase] as const))(
    "%s",
    async (_, testCase) => {
      const values = fixtureValues(testCase.inputs);
      const secret = Object.fromEntries(
        Object.entries(values).filter(
          ([, value]) => value.type.startsWith("Secret") || value.type === "Array",
        ),
      );
      const rest = Object.fromEntries(Object.entries(values).filter(([name]) => !(name in secret)));
      const { inputParties, outputParties } = fixtureParties(name);
      const valueIds =
        Object.keys(secret).length === 0 ? [] : [await user.storeValues(secret, { programId })];
      const computeId = await user.invoke({
        programId,
        valueIds,
        values: rest,
        inputs: Object.fromEntries(inputParties.map((party) => [party, user.id])),
        outputs: Object.fromEntries(outputParties.map((party) => [party, [user.id]])),
      });
      const results = await user.results(computeId);
      const expected = Object.assign({}, ...Object.values(testCase.outputs ?? {}));
      expect(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, toFixtureJson(v)]))).toEqual(
        expected,
      );
    },
  );
});
