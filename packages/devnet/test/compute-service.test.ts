// The Compute service on a real 3-node cluster: what InvokeCompute refuses (receipt, bindings, compute
// permissions, duplicate / missing / unexpected inputs, types), how a refusal on
// one node fails the computation on every node, how RetrieveResults streams and routes results to output
// users, and who may use StreamCompute.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createSignedToken, encodeTokenHeader, PrivateKey } from "@nillion/crypto";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { ComputePeerMessageSchema } from "@nillion/proto/nillion/devnet/v1/compute";
import { ReceiptSchema, type SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Integer, InvalidArgumentError, SecretInteger } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComputeExtensionOptions, computeExtension } from "../src/node/compute/compute-extension.js";
import {
  type ClusterUser,
  type ComputeCluster,
  failure,
  fixtureBytes,
  type InvokeRequest,
  startComputeCluster,
  toFixtureJson,
} from "./compute-helpers.js";

let cluster: ComputeCluster;
let alice: ClusterUser;
let bob: ClusterUser;
let arith: string; // arith_basic: Dealer provides a, b (secret) and c (public); Dealer gets prod and total
let parties: string; // three_parties: Alice x, Bob y, Carol w; Carol gets weighted, Alice gets xy

beforeAll(async () => {
  cluster = await startComputeCluster();
  [alice, bob] = await Promise.all([cluster.user(), cluster.user()]);
  arith = await alice.storeProgram("arith_basic", fixtureBytes("arith_basic"));
  parties = await alice.storeProgram("three_parties", fixtureBytes("three_parties"));
});
afterAll(() => cluster.close());

const computeIdOf = (receipt: SignedReceipt) => fromBinary(ReceiptSchema, receipt.receipt).identifier;
const dealer = () => ({ inputs: { Dealer: alice.id }, outputs: { Dealer: [alice.id] } });
const secrets = (a: number, b: number) => ({ a: new SecretInteger(a), b: new SecretInteger(b) });

/** Invokes `arith_basic` on every node with `valueIds` and compute-time `values`; returns each node's refusal. */
async function refusals(invocation: Parameters<ClusterUser["invoke"]>[0], user = alice) {
  const receipt = await user.computeReceipt(invocation.programId);
  const requests = user.invokeRequests(invocation, receipt);
  return Promise.all(
    requests.map(async (request, index) => {
      const error = await failure(user.invokeOn(index, request));
      return [error.code, error.rawMessage] as const;
    }),
  );
}

describe("InvokeCompute", () => {
  it("runs a program on stored and compute-time values and returns the compute id on every node", async () => {
    const valueIds = [await alice.storeValues(secrets(6, 7), { programId: arith })];
    const receipt = await alice.computeReceipt(arith);
    const requests = alice.invokeRequests(
      { programId: arith, valueIds, values: { c: new Integer(1) }, ...dealer() },
      receipt,
    );
    const ids = await Promise.all(requests.map((request, index) => alice.invokeOn(index, request)));
    expect(new Set(ids.map((id) => Buffer.from(id).toString("hex"))).size).toBe(1);
    const results = await alice.results(ids[0] as Uint8Array);
    // prod = a·b + c − a = 42 + 1 − 6, total = a + b + 10
    expect(results).toEqual({ prod: new SecretInteger(37), total: new SecretInteger(23) });
  });

  it("uses a receipt once per node, and only an invoke_compute receipt", async () => {
    const valueIds = [await alice.storeValues(secrets(1, 2), { programId: arith })];
    const receipt = await alice.computeReceipt(arith);
    const [request] = alice.invokeRequests(
      { programId: arith, valueIds, values: { c: new Integer(0) }, ...dealer() },
      receipt,
    );
    await alice.invokeOn(0, request ?? {});
    const again = await failure(alice.invokeOn(0, request ?? {}));
    expect([again.code, again.rawMessage]).toEqual([Code.FailedPrecondition, "nonce already used"]);
    const wrong = await alice.receipt({ case: "poolStatus", value: {} });
    const refused = await failure(alice.invokeOn(1, { ...request, signedReceipt: wrong }));
    expect([refused.code, refused.rawMessage]).toEqual([
      Code.InvalidArgument,
      "receipt is not for a 'invoke compute' operation",
    ]);
  });

  it("needs an authenticated caller", async () => {
    const receipt = await alice.computeReceipt(arith);
    const [request] = alice.invokeRequests({ programId: arith, values: {}, ...dealer() }, receipt);
    const anonymous = createClient(
      Compute,
      createGrpcTransport({ baseUrl: cluster.layout.nodes[0]?.grpcEndpoint ?? "" }),
    );
    const error = await failure(anonymous.invokeCompute(request ?? {}));
    expect([error.code, error.rawMessage]).toEqual([Code.PermissionDenied, "permissions denied"]);
  });

  it.each([
    [
      "an input party the program does not declare",
      { inputs: { Dealer: "alice", Mallory: "alice" }, outputs: { Dealer: ["alice"] } },
      "input party Mallory is not defined in program",
    ],
    [
      "an input party bound twice",
      { inputs: { Dealer: "alice" }, outputs: { Dealer: ["alice"] }, repeatInput: true },
      "input party Dealer is not defined in program",
    ],
    [
      "an unbound input party",
      { inputs: {}, outputs: { Dealer: ["alice"] } },
      'input parties {"Dealer"} not bound',
    ],
    [
      "an unbound output party",
      { inputs: { Dealer: "alice" }, outputs: {} },
      'output parties {"Dealer"} not bound',
    ],
    [
      "an output party the program does not declare",
      { inputs: { Dealer: "alice" }, outputs: { Dealer: ["alice"], Eve: ["bob"] } },
      "output party Eve is not defined in program",
    ],
  ])("refuses %s", async (_, bindings, message) => {
    const user = (name: string) => (name === "alice" ? alice.id : bob.id);
    const valueIds = [await alice.storeValues(secrets(1, 2), { programId: arith })];
    const receipt = await alice.computeReceipt(arith);
    const requests = alice.invokeRequests(
      {
        programId: arith,
        valueIds,
        values: { c: new Integer(3) },
        inputs: Object.fromEntries(
          Object.entries(bindings.inputs).map(([party, name]) => [party, user(name)]),
        ),
        outputs: Object.fromEntries(
          Object.entries(bindings.outputs).map(([party, names]) => [party, names.map(user)]),
        ),
      },
      receipt,
    );
    const sent = requests.map((request) =>
      "repeatInput" in bindings
        ? { ...request, inputBindings: [...(request.inputBindings ?? []), ...(request.inputBindings ?? [])] }
        : request,
    );
    const errors = await Promise.all(sent.map((request, index) => failure(alice.invokeOn(index, request))));
    for (const error of errors)
      expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, message]);
  });

  it("needs the compute permission for this exact program on every stored value set, even for the owner", async () => {
    const permitted = await alice.storeValues({ a: new SecretInteger(1) }, { programId: arith });
    const notForThisProgram = await alice.storeValues({ b: new SecretInteger(2) }, { programId: parties });
    const denied = await refusals({
      programId: arith,
      valueIds: [permitted, notForThisProgram],
      values: { c: new Integer(0) },
      ...dealer(),
    });
    expect(denied).toEqual(
      Array(3).fill([Code.PermissionDenied, "user does not have permissions for action"]),
    );

    // Bob may compute with Alice's values once she grants it to him, for this program.
    const granted = await alice.storeValues(secrets(4, 5), { programId: arith, computeFor: [bob.id] });
    const computeId = await bob.invoke({
      programId: arith,
      valueIds: [granted],
      values: { c: new Integer(0) },
      inputs: { Dealer: alice.id },
      outputs: { Dealer: [bob.id] },
    });
    expect(await bob.results(computeId)).toEqual({
      prod: new SecretInteger(16),
      total: new SecretInteger(19),
    });
    const ownerWithoutGrant = await refusals({
      programId: arith,
      valueIds: [granted],
      values: { c: new Integer(0) },
      ...dealer(),
    });
    expect(ownerWithoutGrant).toEqual(
      Array(3).fill([Code.PermissionDenied, "user does not have permissions for action"]),
    );
  });

  it("refuses unknown and malformed value ids", async () => {
    const unknown = await refusals({
      programId: arith,
      valueIds: [new Uint8Array(16).fill(7)],
      values: { c: new Integer(0) },
      ...dealer(),
    });
    expect(unknown).toEqual(Array(3).fill([Code.NotFound, "value not found"]));
    const malformed = await refusals({
      programId: arith,
      valueIds: [new Uint8Array(5)],
      values: { c: new Integer(0) },
      ...dealer(),
    });
    expect(malformed).toEqual(Array(3).fill([Code.InvalidArgument, "values_id is not a uuid"]));
  });

  it.each([
    [
      "a name both stored and given at compute time",
      { a: new SecretInteger(9), c: new Integer(0) },
      "duplicate value key 'a'",
    ],
    ["a missing input", {}, "input validation failed: missing values: c"],
    [
      "an input the program does not declare",
      { c: new Integer(0), z: new Integer(1) },
      "input validation failed: unexpected values: z",
    ],
    [
      "a value of the wrong type",
      { c: new SecretInteger(0) },
      'input validation failed: invalid values: input "c" must be Integer, got shamirShareInteger',
    ],
  ])("refuses %s", async (_, values, message) => {
    const valueIds = [await alice.storeValues(secrets(1, 2), { programId: arith })];
    const refused = await refusals({ programId: arith, valueIds, values, ...dealer() });
    expect(refused).toEqual(Array(3).fill([Code.InvalidArgument, message]));
  });

  it("fails the computation on every node when one node refuses it", async () => {
    const valueIds = [await alice.storeValues(secrets(2, 3), { programId: arith })];
    const receipt = await alice.computeReceipt(arith);
    const requests = alice.invokeRequests(
      { programId: arith, valueIds, values: { c: new Integer(0) }, ...dealer() },
      receipt,
    );
    // Node 2 is sent no compute-time value; nodes 0 and 1 get valid requests.
    const bad = { ...requests[2], values: [] };
    const [first, second] = await Promise.all([
      alice.invokeOn(0, requests[0] ?? {}),
      alice.invokeOn(1, requests[1] ?? {}),
    ]);
    expect(first).toEqual(second);
    const refused = await failure(alice.invokeOn(2, bad));
    expect(refused.rawMessage).toBe("input validation failed: missing values: c");
    const outcomes = await alice.outcomes(first);
    expect(outcomes.map((state) => state.case)).toEqual(["error", "error", "error"]);
    for (const state of outcomes) expect(state.value).toContain("missing values: c");
  });

  it.each([
    [
      "an input binding without a user",
      (request: InvokeRequest) => ({ ...request, inputBindings: [{ partyName: "Dealer" }] }),
      "protobuf parsing error: 'user' not set",
    ],
    [
      "an output user id of 5 bytes",
      (request: InvokeRequest) => ({
        ...request,
        outputBindings: [{ partyName: "Dealer", users: [{ contents: new Uint8Array(5) }] }],
      }),
      "protobuf parsing error: a user id must have 20 bytes",
    ],
    [
      "a value id of 5 bytes",
      (request: InvokeRequest) => ({ ...request, valueIds: [new Uint8Array(5)] }),
      "values_id is not a uuid",
    ],
    [
      "a compute-time name given twice",
      (request: InvokeRequest) => ({
        ...request,
        values: [...(request.values ?? []), ...(request.values ?? [])],
      }),
      "duplicate value key 'c'",
    ],
  ])(
    "refuses %s before using the receipt, which then pays for the corrected request",
    async (_, spoil, message) => {
      const valueIds = [await alice.storeValues(secrets(2, 5), { programId: arith })];
      const receipt = await alice.computeReceipt(arith);
      const requests = alice.invokeRequests(
        { programId: arith, valueIds, values: { c: new Integer(1) }, ...dealer() },
        receipt,
      );
      const refused = await Promise.all(
        requests.map((request, index) => failure(alice.invokeOn(index, spoil(request)))),
      );
      for (const error of refused)
        expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, message]);
      const ids = await Promise.all(requests.map((request, index) => alice.invokeOn(index, request)));
      // prod = a·b + c − a = 10 + 1 − 2, total = a + b + 10
      expect(await alice.results(ids[0] as Uint8Array)).toEqual({
        prod: new SecretInteger(9),
        total: new SecretInteger(17),
      });
    },
  );
});

describe("RetrieveResults", () => {
  it("streams waiting_computation first, then one success", async () => {
    const valueIds = [await alice.storeValues(secrets(3, 3), { programId: arith })];
    const computeId = await alice.invoke({
      programId: arith,
      valueIds,
      values: { c: new Integer(0) },
      ...dealer(),
    });
    const messages = await alice.resultStream(0, computeId);
    expect(messages[0]?.state.case).toBe("waitingComputation");
    expect(
      messages
        .slice(1)
        .map((message) => message.state.case)
        .filter((c) => c !== "waitingComputation"),
    ).toEqual(["success"]);
    expect(messages[messages.length - 1]?.state.case).toBe("success");
  });

  it("gives each output user the outputs of the parties it is bound to, and the union for several", async () => {
    const carol = await cluster.user();
    const values = { x: new SecretInteger(3), y: new SecretInteger(4), w: new SecretInteger(5) };
    const valueIds = [await alice.storeValues(values, { programId: parties })];
    const inputs = { Alice: alice.id, Bob: bob.id, Carol: carol.id };
    const split = await alice.invoke({
      programId: parties,
      valueIds,
      inputs,
      outputs: { Alice: [alice.id], Carol: [carol.id] },
    });
    expect(await alice.results(split)).toEqual({ xy: new SecretInteger(12) });
    expect(await carol.results(split)).toEqual({ weighted: new SecretInteger(35) });
    const denied = await failure(bob.resultStream(1, split));
    expect([denied.code, denied.rawMessage]).toEqual([
      Code.PermissionDenied,
      "user is not authorized to fetch result",
    ]);

    const both = await alice.invoke({
      programId: parties,
      valueIds,
      inputs,
      outputs: { Alice: [alice.id, bob.id], Carol: [bob.id] },
    });
    const union = await bob.results(both);
    expect(
      Object.fromEntries(Object.entries(union).map(([name, value]) => [name, toFixtureJson(value)])),
    ).toEqual({
      xy: { type: "SecretInteger", value: "12" },
      weighted: { type: "SecretInteger", value: "35" },
    });
  });

  it("shows a failure to everyone, and answers NOT_FOUND for an unknown compute id", async () => {
    const valueIds = [await alice.storeValues(secrets(1, 1), { programId: arith })];
    const receipt = await alice.computeReceipt(arith);
    const requests = alice.invokeRequests({ programId: arith, valueIds, values: {}, ...dealer() }, receipt);
    await Promise.all(requests.map((request, index) => failure(alice.invokeOn(index, request))));
    for (const user of [alice, bob]) {
      const outcomes = await user.outcomes(computeIdOf(receipt));
      expect(outcomes.map((state) => [state.case, state.value])).toEqual(
        Array(3).fill(["error", "input validation failed: missing values: c"]),
      );
    }
    const unknown = await failure(alice.resultStream(0, new Uint8Array(16).fill(3)));
    expect([unknown.code, unknown.rawMessage]).toEqual([Code.NotFound, "not found"]);
    const malformed = await failure(alice.resultStream(0, new Uint8Array(5)));
    expect([malformed.code, malformed.rawMessage]).toEqual([Code.InvalidArgument, "invalid uuid"]);
  });
});

describe("StreamCompute", () => {
  it("is for cluster members only", async () => {
    const stranger = PrivateKey.fromSeed("not a node");
    const node = cluster.layout.nodes[0];
    const transport = createGrpcTransport({
      baseUrl: node?.grpcEndpoint ?? "",
      interceptors: [
        (next) => (request) => {
          request.header.set(
            "x-nillion-token",
            encodeTokenHeader(
              createSignedToken({ signer: stranger, targetNodeId: node?.nodeId ?? new Uint8Array() }),
            ),
          );
          return next(request);
        },
      ],
    });
    const payload = toBinary(
      ComputePeerMessageSchema,
      create(ComputePeerMessageSchema, { payload: { case: "round", value: { round: 0 } } }),
    );
    const error = await failure(
      createClient(Compute, transport).streamCompute(
        (async function* () {
          yield { computeId: new Uint8Array(16).fill(1), bincodeMessage: payload };
        })(),
      ),
    );
    expect([error.code, error.rawMessage]).toEqual([Code.PermissionDenied, "not a member of this cluster"]);
  });
});

describe("compute quotes", () => {
  it("refuse programs that do not exist", async () => {
    const missing = await failure(alice.quoteCompute(`${alice.id.toHex()}/nothing/sha256/${"0".repeat(64)}`));
    expect([missing.code, missing.rawMessage]).toEqual([
      Code.InvalidArgument,
      "processing target program failed: not found",
    ]);
  });
});

describe("computeExtension options", () => {
  it("refuse pools the dealer cannot fill and limits that are not positive whole numbers", () => {
    const pool = { batchSize: 4, generationThreshold: 4, targetOffsetJump: 0 };
    const pools = { ECDSA_AUX_INFO: pool } as unknown as NonNullable<ComputeExtensionOptions["pools"]>;
    expect(() => computeExtension({ pools })).toThrow(
      "the dealer cannot generate ECDSA_AUX_INFO elements, so they cannot be pooled",
    );
    expect(() => computeExtension({ pools: { RANDOM_INTEGER: { ...pool, batchSize: 0 } } })).toThrow(
      InvalidArgumentError,
    );
    expect(() => computeExtension({ inactivityTimeoutMs: 0 })).toThrow(
      '"inactivityTimeoutMs" must be a positive whole number, got 0',
    );
    expect(() => computeExtension({ maxConcurrentComputes: 1.5 })).toThrow(InvalidArgumentError);
  });
});
