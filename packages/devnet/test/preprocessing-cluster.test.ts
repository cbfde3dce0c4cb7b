// Preprocessing on a real 3-node cluster with small pools: the leader's dealer fills them at start-up,
// PoolStatus reports the real offsets, a compute quote lists what the program consumes (and is refused
// for an element the cluster does not pool), its receipt reserves consecutive offsets for every node to
// read, and once generation cannot keep up (a node is gone) receipts fail with RESOURCE_EXHAUSTED and the
// reference's QuotaFailure.
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { QuotaFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import { ReceiptSchema, type SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { PreprocessingElement } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClusterUser,
  type ComputeCluster,
  failure,
  fixtureBytes,
  startComputeCluster,
} from "./compute-helpers.js";

const { RANDOM_BOOLEAN, RANDOM_INTEGER } = PreprocessingElement;
let cluster: ComputeCluster;
let user: ClusterUser;
let random: string; // random_values: one SecretInteger.random() and one SecretBoolean.random()

beforeAll(async () => {
  cluster = await startComputeCluster({
    compute: {
      pools: {
        RANDOM_INTEGER: { batchSize: 2, generationThreshold: 2, targetOffsetJump: 0 },
        RANDOM_BOOLEAN: { batchSize: 4, generationThreshold: 4, targetOffsetJump: 4 },
      },
    },
  });
  user = await cluster.user();
  random = await user.storeProgram("random_values", fixtureBytes("random_values"));
});
afterAll(() => cluster.close());

const offsetsOf = (receipt: SignedReceipt) => {
  const { operation } = fromBinary(ReceiptSchema, receipt.receipt).metadata ?? {};
  if (operation?.case !== "invokeCompute") throw new Error("not a compute receipt");
  return operation.value.offsets.map(({ element, start, end, batchSize }) => [
    element,
    start,
    end,
    batchSize,
  ]);
};

describe("preprocessing pools", () => {
  it("are filled by the leader's dealer and reported by PoolStatus with their real offsets", async () => {
    let status = await user.poolStatus();
    for (let attempt = 0; status.preprocessingActive && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await user.poolStatus();
    }
    expect(status.preprocessingActive).toBe(false);
    // The cluster is up, so the CGGMP21 auxiliary material is reported, as the reference reports it.
    expect(status.auxiliaryMaterialAvailable).toBe(true);
    expect(status.offsets.map(({ element, start, end }) => [element, start, end])).toEqual([
      [RANDOM_BOOLEAN, 0n, 8n],
      [RANDOM_INTEGER, 0n, 2n],
    ]);
  });

  it("are consumed by compute receipts, which reserve consecutive offsets", async () => {
    const quote = fromBinary(PriceQuoteSchema, (await user.quoteCompute(random)).quote);
    expect(quote.preprocessingRequirements.map(({ element, count }) => [element, count])).toEqual([
      [RANDOM_BOOLEAN, 1n],
      [RANDOM_INTEGER, 1n],
    ]);
    const first = await user.computeReceipt(random);
    const second = await user.computeReceipt(random);
    expect(offsetsOf(first)).toEqual([
      [RANDOM_BOOLEAN, 0n, 1n, 4n],
      [RANDOM_INTEGER, 0n, 1n, 2n],
    ]);
    expect(offsetsOf(second)).toEqual([
      [RANDOM_BOOLEAN, 1n, 2n, 4n],
      [RANDOM_INTEGER, 1n, 2n, 2n],
    ]);
    const status = await user.poolStatus();
    expect(status.offsets.map(({ element, start }) => [element, start])).toEqual([
      [RANDOM_BOOLEAN, 2n],
      [RANDOM_INTEGER, 2n],
    ]);
  });

  it("refuse quotes for programs needing more than the cluster generates", async () => {
    // min_max needs Compare elements, which this cluster does not pool.
    const minMax = await user.storeProgram("min_max", fixtureBytes("min_max"));
    const unpooled = await failure(user.quoteCompute(minMax));
    expect([unpooled.code, unpooled.rawMessage]).toEqual([
      Code.InvalidArgument,
      "cluster is only configured to generate at most 0 Compare preprocessing elements",
    ]);
  });

  it("run out when generation cannot keep up: RESOURCE_EXHAUSTED with a QuotaFailure", async () => {
    // Without one of its nodes the cluster cannot deal new batches.
    const follower = cluster.layout.nodes.find((node) => node.index !== cluster.layout.leaderIndex);
    await cluster.nodes[follower?.index ?? 0]?.close();
    const starts: bigint[] = [];
    let exhausted: ConnectError | undefined;
    for (let attempt = 0; attempt < 10 && exhausted === undefined; attempt++) {
      const outcome = await user.computeReceipt(random).then(offsetsOf, (error) => ConnectError.from(error));
      if (outcome instanceof ConnectError) exhausted = outcome;
      else starts.push(outcome[1]?.[1] as bigint);
    }
    expect(exhausted?.code).toBe(Code.ResourceExhausted);
    expect(exhausted?.rawMessage).toBe("not enough RandomInteger elements");
    expect(exhausted?.findDetails(QuotaFailureSchema)).toEqual([
      expect.objectContaining({
        violations: [
          expect.objectContaining({
            subject: "PREPROCESSING",
            description: "preprocessing pool is exhausted",
          }),
        ],
      }),
    ]);
    // Every receipt before that took the next offset.
    expect(starts).toEqual(starts.map((_, i) => 2n + BigInt(i)));
    expect(starts.length).toBeGreaterThan(0);
  });
});
