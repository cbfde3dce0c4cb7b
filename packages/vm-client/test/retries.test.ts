import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { RetryInfoSchema } from "@nillion/proto/google/rpc/error_details";
import { PRICE } from "@nillion/test-kit/devnet-prices";
import {
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PaymentError,
  PermissionDeniedError,
  ResourceExhaustedError,
  SecretInteger,
  UnauthenticatedError,
  UnavailableError,
} from "@nillion/types";
import type { RetryEvent, VmClient } from "@nillion/vm-client";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import type { FakeCluster } from "./fake-cluster.js";

async function stored(retry = {}) {
  const events: RetryEvent[] = [];
  const { cluster, client } = await connect({
    client: { retry: { initialDelayMs: 1, maxDelayMs: 4, ...retry }, onRetry: (event) => events.push(event) },
  });
  cluster.balances.set(client.userId.toHex(), 1_000_000n);
  const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
  return { cluster, client, id, events };
}

const unavailable = () => new ConnectError("try again", Code.Unavailable);

describe("errors", () => {
  it.each([
    [Code.NotFound, "value not found", NotFoundError, "NOT_FOUND"],
    [
      Code.PermissionDenied,
      "user does not have permissions for action",
      PermissionDeniedError,
      "PERMISSION_DENIED",
    ],
    [Code.Unauthenticated, "token is expired", UnauthenticatedError, "UNAUTHENTICATED"],
    [Code.InvalidArgument, "invalid values: bad share", InvalidArgumentError, "INVALID_ARGUMENT"],
    [Code.FailedPrecondition, "nonce already used", PaymentError, "PAYMENT"],
    [
      Code.ResourceExhausted,
      "too many requests, try again in 1s",
      ResourceExhaustedError,
      "RESOURCE_EXHAUSTED",
    ],
    [Code.Unavailable, "auxiliary material is missing", UnavailableError, "UNAVAILABLE"],
    [Code.Internal, "internal error", InternalError, "INTERNAL"],
    [Code.DataLoss, "disk", InternalError, "INTERNAL"],
  ] as const)(
    "map status %s to the SDK's typed error, naming the node, the method and the cause",
    async (code, text, kind, errorCode) => {
      const { cluster, client, id } = await stored();
      const node = cluster.nodes[2] as FakeCluster["nodes"][number];
      cluster.faults.push({
        method: "RetrieveValues",
        node: node.endpoint,
        error: new ConnectError(text, code),
        // A refused token is replaced and the call sent once more; the second refusal is final.
        times: code === Code.Unauthenticated ? 2 : 1,
      });
      const error = await client
        .retrieveValues(id)
        .invoke()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(kind);
      const typed = error as InstanceType<typeof kind>;
      expect(typed.code).toBe(errorCode);
      expect(typed.message).toBe(`Values/RetrieveValues on ${node.endpoint} failed: ${text}`);
      expect(typed.details).toMatchObject({
        node: node.endpoint,
        method: "Values/RetrieveValues",
        rawMessage: text,
      });
      expect(typed.cause).toBeInstanceOf(ConnectError);
      expect((typed.cause as ConnectError).code).toBe(code);
    },
  );
});

describe("retries", () => {
  it("retry idempotent calls on transient failures, with growing jittered backoff", async () => {
    const events: RetryEvent[] = [];
    const { cluster, client } = await connect({
      client: {
        retry: { initialDelayMs: 8, maxDelayMs: 20, maxAttempts: 5 },
        onRetry: (event) => events.push(event),
      },
    });
    cluster.faults.push({ method: "PriceQuote", times: 4, error: unavailable() });
    await client.poolStatus().quote();
    expect(cluster.callsOf("PriceQuote")).toHaveLength(5);
    expect(events.map((event) => [event.method, event.node, event.attempt])).toEqual(
      [1, 2, 3, 4].map((attempt) => ["Payments/PriceQuote", cluster.leader.endpoint, attempt]),
    );
    const ranges = [
      [4, 8],
      [8, 16],
      [10, 20],
      [10, 20],
    ];
    events.forEach((event, k) => {
      expect(event.delayMs).toBeGreaterThanOrEqual(ranges[k]?.[0] as number);
      expect(event.delayMs).toBeLessThanOrEqual(ranges[k]?.[1] as number);
      expect(event.error).toBeInstanceOf(UnavailableError);
    });
  });

  it("wait at least as long as the node's RetryInfo asks", async () => {
    const events: RetryEvent[] = [];
    const { cluster, client } = await connect({ client: { onRetry: (event) => events.push(event) } });
    const throttled = new ConnectError(
      "too many requests, try again in 30ms",
      Code.ResourceExhausted,
      undefined,
      [
        {
          desc: RetryInfoSchema,
          value: create(RetryInfoSchema, { retryDelay: { seconds: 0n, nanos: 30_000_000 } }),
        },
      ],
    );
    cluster.faults.push({ method: "PriceQuote", error: throttled });
    await client.poolStatus().quote();
    expect(events.map((event) => event.delayMs)).toEqual([30]);
  });

  it("give up after maxAttempts, or at once on a failure that is not transient", async () => {
    const { cluster, client } = await connect({ client: { retry: { maxAttempts: 3, initialDelayMs: 1 } } });
    cluster.faults.push({ method: "PriceQuote", times: 5, error: unavailable() });
    await expect(client.poolStatus().quote()).rejects.toBeInstanceOf(UnavailableError);
    expect(cluster.callsOf("PriceQuote")).toHaveLength(3);

    const error = await client
      .retrieveComputeResults("123e4567-e89b-12d3-a456-426614174000")
      .invoke()
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(cluster.callsOf("RetrieveResults")).toHaveLength(cluster.nodes.length);
  });

  it("read a broken results stream again", async () => {
    const { cluster, client, events } = await stored();
    const computeId = await client
      .compute(`${"ab".repeat(20)}/p/sha256/${"cd".repeat(32)}`, [], [outputTo(client)], {}, [], {
        skipContractCheck: true,
      })
      .invoke();
    cluster.computeResult = () => ({ values: { out: new SecretInteger(9n) } });
    cluster.faults.push({ method: "RetrieveResults", node: cluster.leader.endpoint, error: unavailable() });
    expect(await client.retrieveComputeResults(computeId).invoke()).toEqual({ out: new SecretInteger(9n) });
    expect(events.map((event) => event.method)).toEqual(["Compute/RetrieveResults"]);
  });

  it("treat a delete whose answer was lost, then not found on retry, as done", async () => {
    const { cluster, client, id, events } = await stored();
    cluster.faults.push({
      method: "DeleteValues",
      node: cluster.leader.endpoint,
      after: true,
      error: unavailable(),
    });
    await client.deleteValues(id).invoke();
    expect(events).toHaveLength(1);
    expect(cluster.nodes.every((node) => node.values.size === 0)).toBe(true);
    await expect(client.deleteValues(id).invoke()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("never resend a call whose receipt the node may have used", async () => {
    for (const after of [false, true]) {
      const { cluster, client, id, events } = await stored();
      cluster.faults.push({
        method: "RetrieveValues",
        node: cluster.leader.endpoint,
        after,
        error: unavailable(),
      });
      await expect(client.retrieveValues(id).invoke()).rejects.toBeInstanceOf(UnavailableError);
      expect(cluster.callsOf("RetrieveValues")).toHaveLength(cluster.nodes.length);
      expect(events).toEqual([]);
    }
  });

  it("resend a receipt call that never reached the node (connection refused)", async () => {
    const { cluster, client, id, events } = await stored();
    cluster.refuse("RetrieveValues", 2, cluster.leader.endpoint);
    expect(await client.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(1n) });
    expect(events.map((event) => [event.method, event.node])).toEqual([
      ["Values/RetrieveValues", cluster.leader.endpoint],
      ["Values/RetrieveValues", cluster.leader.endpoint],
    ]);
    // The node saw the request once: the refused attempts never reached it.
    expect(cluster.callsOf("RetrieveValues")).toHaveLength(cluster.nodes.length);
  });

  it("never repeat a payment", async () => {
    const { cluster, client, events } = await stored();
    const receipts = cluster.callsOf("PaymentReceipt").length;
    cluster.faults.push({ method: "PaymentReceipt", error: unavailable() });
    await expect(client.poolStatus().invoke()).rejects.toBeInstanceOf(UnavailableError);
    expect(cluster.callsOf("PaymentReceipt")).toHaveLength(receipts + 1);
    expect(cluster.callsOf("PoolStatus")).toEqual([]);
    expect(events).toEqual([]);
    expect(cluster.balances.get(client.userId.toHex())).toBe(1_000_000n - PRICE.credits);
  });
});

function outputTo(client: VmClient) {
  return { partyName: "out", users: [client.userId] };
}
