// An operation that has settled leaves nothing behind that keeps the process alive, however far away the
// deadline it ran under: a script that closed its client must be able to exit.
import { Code, ConnectError } from "@connectrpc/connect";
import { PrivateKey } from "@nillion/crypto";
import { Permissions, PermissionsDelta, SecretInteger } from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { describe, expect, it } from "vitest";
import { runScript } from "./child-script.js";
import { connect } from "./connect.js";
import { FakeCluster } from "./fake-cluster.js";
import { fixture } from "./fixtures.js";
import { listenHttp2 } from "./http2-cluster.js";

const PROGRAM = `${"ab".repeat(20)}/p/sha256/${"cd".repeat(32)}`;

/** Timers keeping this process alive (unref'd ones do not count). */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
}

function startCompute(client: VmClient) {
  return client
    .compute(PROGRAM, [], [{ partyName: "out", users: [client.userId] }], {}, [], { skipContractCheck: true })
    .invoke();
}

describe("an operation run with a distant default deadline", () => {
  it("leaves no live timer once it has settled, whichever operation it was", async () => {
    const { cluster, client } = await connect({ client: { defaultTimeoutMs: 600_000 } });
    cluster.computeResult = () => ({ values: { out: new SecretInteger(1n) } });
    const baseline = liveTimers();
    const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    const computeId = await startCompute(client);
    const operations: [string, () => Promise<unknown>][] = [
      ["storeValues", () => client.storeValues({ a: new SecretInteger(2n) }, { ttlDays: 1 }).invoke()],
      ["retrieveValues", () => client.retrieveValues(id).invoke()],
      ["retrievePermissions", () => client.retrievePermissions(id).invoke()],
      [
        "overwritePermissions",
        () => client.overwritePermissions(id, Permissions.defaultsForUser(client.userId)).invoke(),
      ],
      [
        "updatePermissions",
        () => client.updatePermissions(id, new PermissionsDelta().grantRetrieve(client.userId)).invoke(),
      ],
      ["storeProgram", () => client.storeProgram("arith", fixture("arith_basic")).invoke()],
      ["compute", () => startCompute(client)],
      ["retrieveComputeResults", () => client.retrieveComputeResults(computeId).invoke()],
      ["poolStatus", () => client.poolStatus().invoke()],
      ["balance", () => client.balance()],
      ["requestQuote", () => client.requestQuote(client.poolStatus())],
      // The fake leader refuses add-funds after the payment: a failure on the payment path.
      ["addFunds", () => client.addFunds(1_000_000n).catch(() => undefined)],
      ["deleteValues", () => client.deleteValues(id).invoke()],
      [
        "a failed call",
        () =>
          client
            .retrieveValues(id)
            .invoke()
            .catch(() => undefined),
      ],
    ];
    for (const [name, operation] of operations) {
      await operation();
      expect({ name, timers: liveTimers() }).toEqual({ name, timers: baseline });
    }
  });

  it("leaves no live timer when the results stream fails", async () => {
    const { cluster, client } = await connect({ client: { defaultTimeoutMs: 600_000 } });
    cluster.computeResult = () => ({ error: "division by zero" });
    const computeId = await startCompute(client);
    const baseline = liveTimers();
    await expect(client.retrieveComputeResults(computeId).invoke()).rejects.toThrow("division by zero");
    cluster.faults.push({ method: "RetrieveResults", error: new ConnectError("gone", Code.NotFound) });
    await expect(client.retrieveComputeResults(computeId).invoke()).rejects.toThrow("gone");
    expect(liveTimers()).toBe(baseline);
  });
});

// Computes, fetches the results and closes the client: it must then exit by itself. args: the bootnode.
const COMPUTE_AND_EXIT = `
import { PrivateKey } from "@nillion/crypto";
import { Network, VmClient } from "@nillion/vm-client";
const [bootnode, program] = process.argv.slice(1);
const payer = { submitPayment: async () => { throw new Error("this script pays from its balance"); } };
const client = await VmClient.create(PrivateKey.fromSeed("alice"), Network.devnet(bootnode, "http://127.0.0.1:9"), payer, {
  defaultTimeoutMs: 600_000,
});
const computeId = await client
  .compute(program, [], [{ partyName: "out", users: [client.userId] }], {}, [], { skipContractCheck: true })
  .invoke();
const results = await client.retrieveComputeResults(computeId).invoke();
client.close();
console.log(JSON.stringify(Object.keys(results)));
`;

describe("a script on real sockets", () => {
  it("exits as soon as it closed its client, long before the 10-minute default deadline", async () => {
    const nodes = await listenHttp2(3);
    try {
      const cluster = new FakeCluster({ endpoints: nodes.urls });
      cluster.computeResult = () => ({ values: { out: new SecretInteger(1n) } });
      cluster.balances.set(PrivateKey.fromSeed("alice").userId.toHex(), 1_000n);
      nodes.serve(cluster);
      // Killed after 60 s: a leaked deadline timer would hold it for 10 minutes.
      const outcome = await runScript(COMPUTE_AND_EXIT, [cluster.bootnode, PROGRAM], 60_000);
      expect(outcome).toEqual({ exitCode: 0, stdout: '["out"]\n', stderr: "" });
    } finally {
      await nodes.close();
    }
  }, 90_000);
});
