// What crosses the wire between the nodes, as the receiving nodes decode it: every round message of a
// computation is audited (see auditTranscript in compute-helpers.ts). The only values ever opened are the
// program's reveals; everything else is one point per peer of a fresh random sharing. The auditor is shown
// to catch an opening that is not allowed and reused randomness.
import { encodeProgram, type NadaProgram, type NadaType } from "@nillion/nada";
import { Integer, Array as NadaArray, SecretBoolean, SecretInteger } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditTranscript,
  type ClusterUser,
  type ComputeCluster,
  fixtureBytes,
  startComputeCluster,
} from "./compute-helpers.js";

let cluster: ComputeCluster;
let user: ClusterUser;

beforeAll(async () => {
  cluster = await startComputeCluster();
  user = await cluster.user();
});
afterAll(() => cluster.close());

const SINT: NadaType = { kind: "SecretInteger" };
const INT: NadaType = { kind: "Integer" };
const SBOOL: NadaType = { kind: "SecretBoolean" };
const ARRAY: NadaType = { kind: "Array", element: SINT, size: 3 };

/**
 * Products, an inner product and a secret if_else; one reveal of `chosen + k`; the rest stays secret:
 * `opened = (c ? x·y : xs·ys) + k`, `cubic = (x·y·x)·(xs·ys + k)`, `dot = xs·ys`.
 */
function mixedProgram(): Uint8Array {
  const operations: NadaProgram["operations"][number][] = [];
  const op = (operation: Record<string, unknown>): number => {
    const id = operations.length;
    operations.push({ ...operation, id, sourceRefIndex: 0 } as NadaProgram["operations"][number]);
    return id;
  };
  const inputs = [
    { name: "x", type: SINT, party: "Alice" },
    { name: "y", type: SINT, party: "Bob" },
    { name: "c", type: SBOOL, party: "Bob" },
    { name: "xs", type: ARRAY, party: "Alice" },
    { name: "ys", type: ARRAY, party: "Bob" },
    { name: "k", type: INT, party: "Alice" },
  ];
  const [x, y, c, xs, ys, k] = inputs.map(({ name, type }) =>
    op({ kind: "inputReference", input: name, type }),
  );
  const xy = op({ kind: "multiplication", left: x, right: y, type: SINT });
  const dot = op({ kind: "innerProduct", left: xs, right: ys, type: SINT });
  const chosen = op({ kind: "ifElse", condition: c, whenTrue: xy, whenFalse: dot, type: SINT });
  const opened = op({
    kind: "reveal",
    operand: op({ kind: "addition", left: chosen, right: k, type: SINT }),
    type: INT,
  });
  const cubic = op({
    kind: "multiplication",
    left: op({ kind: "multiplication", left: xy, right: x, type: SINT }),
    right: op({ kind: "addition", left: dot, right: k, type: SINT }),
    type: SINT,
  });
  const output = (name: string, operationId: number, type: NadaType, party: string) => ({
    name,
    operationId,
    type,
    party,
    sourceRefIndex: 0,
  });
  return encodeProgram({
    parties: ["Alice", "Bob", "Carol"].map((name) => ({ name, sourceRefIndex: 0 })),
    inputs: inputs.map((input) => ({ ...input, doc: "", sourceRefIndex: 0 })),
    literals: [],
    outputs: [
      output("opened", opened, INT, "Carol"),
      output("cubic", cubic, SINT, "Carol"),
      output("dot", dot, SINT, "Alice"),
    ],
    operations,
    functions: [],
    sourceFiles: { "mixed.py": "" },
    sourceRefs: [{ file: "mixed.py", line: 1, offset: 0, length: 0 }],
  } as NadaProgram);
}

/** Runs a computation alone on the cluster and returns its transcript. */
async function transcriptOf(run: () => Promise<unknown>) {
  cluster.transcript.length = 0;
  await run();
  return [...cluster.transcript];
}

describe("the node-to-node transcript", () => {
  it("opens only the program's reveal, and reshares everything else with fresh randomness", async () => {
    const programId = await user.storeProgram("mixed", mixedProgram());
    const secrets = {
      x: new SecretInteger(-3),
      y: new SecretInteger(11),
      c: new SecretBoolean(false),
      xs: new NadaArray([new SecretInteger(2), new SecretInteger(-4), new SecretInteger(5)]),
      ys: new NadaArray([new SecretInteger(7), new SecretInteger(1), new SecretInteger(-1)]),
    };
    let results = {};
    const messages = await transcriptOf(async () => {
      const valueIds = [await user.storeValues(secrets, { programId })];
      const computeId = await user.invoke({
        programId,
        valueIds,
        values: { k: new Integer(100) },
        inputs: { Alice: user.id, Bob: user.id },
        outputs: { Alice: [user.id], Carol: [user.id] },
      });
      results = await user.results(computeId);
    });
    // dot = 14 − 4 − 5 = 5; c is false, so the reveal opens dot + k = 105; cubic = (−33·−3)·105.
    expect(results).toEqual({
      opened: new Integer(105),
      cubic: new SecretInteger(10395),
      dot: new SecretInteger(5),
    });
    expect(auditTranscript(messages, [105n])).toEqual([105n]);
    // Round 0: x·y and the inner product; round 1: the if_else and x·y·x; round 2: the cubic product and
    // the reveal. Six messages a round: each node to each other node.
    expect(new Set(messages.map((message) => message.round))).toEqual(new Set([0, 1, 2]));
    expect(messages).toHaveLength(18);
  });

  it("opens nothing when the program reveals nothing, and the reveal of reveal_chain only", async () => {
    const parties = await user.storeProgram("three_parties", fixtureBytes("three_parties"));
    const secrets = { x: new SecretInteger(3), y: new SecretInteger(4), w: new SecretInteger(5) };
    const silent = await transcriptOf(async () => {
      const valueIds = [await user.storeValues(secrets, { programId: parties })];
      const inputs = { Alice: user.id, Bob: user.id, Carol: user.id };
      await user.results(
        await user.invoke({
          programId: parties,
          valueIds,
          inputs,
          outputs: { Alice: [user.id], Carol: [user.id] },
        }),
      );
    });
    expect(silent.length).toBeGreaterThan(0);
    expect(auditTranscript(silent, [])).toEqual([]);

    const chain = await user.storeProgram("reveal_chain", fixtureBytes("reveal_chain"));
    const revealing = await transcriptOf(async () => {
      const valueIds = [
        await user.storeValues({ a: new SecretInteger(6), b: new SecretInteger(7) }, { programId: chain }),
      ];
      const computeId = await user.invoke({
        programId: chain,
        valueIds,
        values: { c: new Integer(1) },
        inputs: { P: user.id },
        outputs: { P: [user.id] },
      });
      expect(await user.results(computeId)).toEqual({ result: new Integer(127), opened: new Integer(42) });
    });
    expect(auditTranscript(revealing, [42n])).toEqual([42n]);
    // The auditor is not vacuous: the same transcript fails when the reveal is not allowed…
    expect(() => auditTranscript(revealing, [])).toThrow(/opens 42, not allowed/);
    // …and when a resharing repeats another's randomness.
    const rounds = Math.max(...silent.map((message) => message.round)) + 1;
    const replayed = silent.map((message) => ({ ...message, round: message.round + rounds }));
    expect(() => auditTranscript([...silent, ...replayed], [])).toThrow(/reused randomness/);
  });
});
