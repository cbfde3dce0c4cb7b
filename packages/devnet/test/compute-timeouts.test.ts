// Computations that cannot finish end as error results instead of hanging: a node the client never
// invokes, a peer that breaks the protocol. While one runs, RetrieveResults keeps sending
// waiting_computation, and the leader refuses compute receipts beyond its concurrency limit.
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createSignedToken, encodeTokenHeader, type PrivateKey } from "@nillion/crypto";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { ComputePeerMessageSchema } from "@nillion/proto/nillion/devnet/v1/compute";
import { Integer, SecretInteger } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClusterUser,
  type ComputeCluster,
  failure,
  fixtureBytes,
  startComputeCluster,
} from "./compute-helpers.js";

let cluster: ComputeCluster;
let user: ClusterUser;
let arith: string;

beforeAll(async () => {
  cluster = await startComputeCluster({
    compute: { inactivityTimeoutMs: 400, heartbeatIntervalMs: 20, maxConcurrentComputes: 1 },
  });
  user = await cluster.user();
  arith = await user.storeProgram("arith_basic", fixtureBytes("arith_basic"));
});
afterAll(() => cluster.close());

/** arith_basic's requests for every node (one secret product: one round). */
async function requests() {
  const valueIds = [
    await user.storeValues({ a: new SecretInteger(2), b: new SecretInteger(5) }, { programId: arith }),
  ];
  const receipt = await user.computeReceipt(arith);
  return user.invokeRequests(
    {
      programId: arith,
      valueIds,
      values: { c: new Integer(1) },
      inputs: { Dealer: user.id },
      outputs: { Dealer: [user.id] },
    },
    receipt,
  );
}

/** The nodes other than the leader, and the leader. */
const roles = () => {
  const leader = cluster.layout.leaderIndex;
  const others = [0, 1, 2].filter((index) => index !== leader) as [number, number];
  return { leader, others };
};

describe("inactivity timeout", () => {
  it("fails a computation one node never joins on every node, heartbeating until then", async () => {
    const { leader, others } = roles();
    const sent = await requests();
    const joined = [leader, others[0]];
    const [computeId] = await Promise.all(joined.map((index) => user.invokeOn(index, sent[index] ?? {})));
    const streams = await Promise.all(
      joined.map((index) => user.resultStream(index, computeId ?? new Uint8Array())),
    );
    for (const messages of streams) {
      const last = messages[messages.length - 1];
      expect(last?.state.case).toBe("error");
      expect(String(last?.state.value)).toMatch(/timed out|did not start/);
      // The first answer at once, then one per heartbeat while the computation waited.
      expect(messages.length).toBeGreaterThan(2);
      expect(messages.slice(0, -1).every((message) => message.state.case === "waitingComputation")).toBe(
        true,
      );
    }
    // The node the client never reached heard of the computation from its peers, and failed it too.
    const outcomes = await user.outcomes(computeId ?? new Uint8Array());
    for (const state of outcomes) {
      expect(state.case).toBe("error");
      expect(String(state.value)).toMatch(/timed out|did not start/);
    }
    // Invoking the missing node now changes nothing: the computation is over.
    await user.invokeOn(others[1], sent[others[1]] ?? {});
    expect(await user.outcomes(computeId ?? new Uint8Array())).toEqual(outcomes);
  });
});

describe("concurrency limit", () => {
  it("refuses compute receipts while the leader runs as many computations as allowed", async () => {
    const { leader, others } = roles();
    const sent = await requests();
    // A computation that waits for the node it was never sent to: it stays active until its timeout.
    const [computeId] = await Promise.all(
      [leader, others[0]].map((index) => user.invokeOn(index, sent[index] ?? {})),
    );
    const refused = await failure(user.computeReceipt(arith));
    expect([refused.code, refused.rawMessage]).toEqual([
      Code.Unavailable,
      "too many compute operations running, try again later",
    ]);
    // Other operations are not limited.
    await user.receipt({ case: "poolStatus", value: {} });
    await user.outcomes(computeId ?? new Uint8Array());
    // Once it has failed, computations are accepted again, and run.
    const computeAgain = await requests();
    const id = (await Promise.all(computeAgain.map((request, index) => user.invokeOn(index, request))))[0];
    expect(await user.results(id ?? new Uint8Array())).toEqual({
      prod: new SecretInteger(9),
      total: new SecretInteger(17),
    });
  });
});

describe("a peer that breaks the protocol", () => {
  /** A StreamCompute call to node `to` authenticated as the member node `as`. */
  function streamAs(
    as: PrivateKey,
    to: number,
    messages: { computeId?: Uint8Array; bincodeMessage: Uint8Array }[],
  ) {
    const target = cluster.layout.nodes[to];
    const transport = createGrpcTransport({
      baseUrl: target?.grpcEndpoint ?? "",
      interceptors: [
        (next) => (request) => {
          const token = createSignedToken({ signer: as, targetNodeId: target?.nodeId ?? new Uint8Array() });
          request.header.set("x-nillion-token", encodeTokenHeader(token));
          return next(request);
        },
      ],
    });
    return createClient(Compute, transport).streamCompute(
      (async function* () {
        yield* messages;
      })(),
    );
  }
  const round = (round: number, elements: Uint8Array) =>
    toBinary(
      ComputePeerMessageSchema,
      create(ComputePeerMessageSchema, { payload: { case: "round", value: { round, elements } } }),
    );

  it.each([
    [
      "bytes that are not field elements",
      [round(0, new Uint8Array(31))],
      /sent bytes that are not field elements in round 0/,
    ],
    [
      "a value at or above the prime",
      [round(0, new Uint8Array(32).fill(0xff))],
      /sent bytes that are not field elements/,
    ],
    [
      "a second message for one round",
      [round(0, new Uint8Array(32)), round(0, new Uint8Array(32))],
      /sent a second message for round 0/,
    ],
    ["bytes that are no message", [Uint8Array.of(0xff, 0xff)], /sent an undecodable message/],
    ["a message without a payload", [Uint8Array.of(0x48, 0x01)], /sent an empty message/],
  ])("fails the computation when a peer sends %s", async (_, payloads, reason) => {
    const computeId = crypto.getRandomValues(new Uint8Array(16));
    const impostor = cluster.layout.nodes[1]?.privateKey as PrivateKey;
    const refused = await failure(
      streamAs(
        impostor,
        0,
        payloads.map((bincodeMessage, i) => (i === 0 ? { computeId, bincodeMessage } : { bincodeMessage })),
      ),
    );
    expect(refused.code).toBe(Code.InvalidArgument);
    expect(refused.rawMessage).toMatch(reason);
    const messages = await user.resultStream(0, computeId);
    const last = messages[messages.length - 1]?.state;
    expect(last?.case).toBe("error");
    expect(String(last?.value)).toMatch(/protocol violation/);
  });
});
