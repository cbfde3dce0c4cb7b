import { Code, ConnectError } from "@connectrpc/connect";
import { type InvalidArgumentError, SecretInteger, UnavailableError } from "@nillion/types";
import type { RetryEvent, VmClient } from "@nillion/vm-client";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import type { FakeCluster } from "./fake-cluster.js";

/** A computation whose results the fake holds back until `release()`. */
async function pendingComputation(options: Parameters<typeof connect>[0] = {}) {
  const { cluster, client } = await connect(options);
  let release = () => {};
  cluster.resultsGate = new Promise((resolve) => {
    release = resolve;
  });
  cluster.computeResult = () => ({ values: { out: new SecretInteger(1n) } });
  const computeId = await compute(client);
  return { cluster, client, computeId, release };
}

function compute(client: VmClient) {
  return (
    client
      .compute(
        `${"ab".repeat(20)}/p/sha256/${"cd".repeat(32)}`,
        [],
        [{ partyName: "out", users: [client.userId] }],
        {},
        [],
        {
          skipContractCheck: true,
        },
      )
      // Its own deadline: a client default as short as 40 ms is for the operation under test, not this one.
      .invoke({ timeoutMs: 60_000 })
  );
}

function requests(cluster: FakeCluster) {
  return cluster.calls.length;
}

describe("cancellation", () => {
  it("rejects with the signal's reason, before any call, when already aborted", async () => {
    const { cluster, client } = await connect();
    const calls = requests(cluster);
    const reason = new Error("user navigated away");
    const controller = new AbortController();
    controller.abort(reason);
    await expect(client.poolStatus().invoke({ signal: controller.signal })).rejects.toBe(reason);
    await expect(
      client.deleteValues("123e4567-e89b-12d3-a456-426614174000").invoke({ signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(requests(cluster)).toBe(calls);
  });

  it("stops waiting for results when aborted, with the signal's reason", async () => {
    const { client, computeId, release } = await pendingComputation();
    const controller = new AbortController();
    const waiting = client.retrieveComputeResults(computeId).invoke({ signal: controller.signal });
    const reason = new DOMException("stop", "AbortError");
    setTimeout(() => controller.abort(reason), 20);
    await expect(waiting).rejects.toBe(reason);
    release();
  });
});

describe("deadlines", () => {
  it("ends an operation at its deadline with an UnavailableError, and tells the nodes the time left", async () => {
    const { cluster, client, computeId, release } = await pendingComputation();
    const error = await client
      .retrieveComputeResults(computeId)
      .invoke({ timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).message).toBe(
      "retrieveComputeResults did not finish before its deadline",
    );
    expect((error as UnavailableError).details?.["reason"]).toBe("deadline");
    for (const call of cluster.callsOf("RetrieveResults")) {
      expect(call.timeoutMs).toBeGreaterThan(0);
      expect(call.timeoutMs).toBeLessThanOrEqual(50);
    }
    release();
  });

  it("applies the earlier of timeoutMs and deadline, and the client's default otherwise", async () => {
    const { cluster, client, computeId, release } = await pendingComputation({
      client: { defaultTimeoutMs: 40 },
    });
    const past = await client
      .poolStatus()
      .invoke({ deadline: new Date(Date.now() - 1), timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    expect((past as UnavailableError).details?.["reason"]).toBe("deadline");
    expect(cluster.callsOf("PriceQuote")).toHaveLength(1);

    const byDefault = await client
      .retrieveComputeResults(computeId)
      .invoke()
      .catch((e: unknown) => e);
    expect((byDefault as UnavailableError).details?.["reason"]).toBe("deadline");
    release();
  });

  it("does not start a retry it could not finish before the deadline", async () => {
    const events: RetryEvent[] = [];
    const { cluster, client } = await connect({
      client: {
        retry: { initialDelayMs: 10_000, maxDelayMs: 10_000 },
        onRetry: (event) => events.push(event),
      },
    });
    cluster.faults.push({
      method: "PriceQuote",
      times: 3,
      error: new ConnectError("busy", Code.Unavailable),
    });
    const error = await client
      .poolStatus()
      .quote({ timeoutMs: 1_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).details?.["rawMessage"]).toBe("busy");
    expect(events).toEqual([]);
    expect(cluster.callsOf("PriceQuote")).toHaveLength(1);
  });

  it("refuses unusable options", async () => {
    const { client } = await connect();
    for (const [options, argument] of [
      [{ timeoutMs: 0 }, "timeoutMs"],
      [{ timeoutMs: Number.NaN }, "timeoutMs"],
      [{ deadline: new Date(Number.NaN) }, "deadline"],
      [{ signal: {} as AbortSignal }, "signal"],
    ] as const) {
      const error = await client
        .poolStatus()
        .invoke(options)
        .catch((e: unknown) => e);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
  });
});
