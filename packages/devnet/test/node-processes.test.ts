// `Devnet.nodeProcesses`, the crash-test hook of a devnet whose nodes run as OS processes: the pid to kill,
// and a restart on the same port and data directory that keeps what the node acknowledged.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SecretMasker } from "@nillion/crypto";
import { Integer, UnavailableError } from "@nillion/types";
import { afterAll, expect, it } from "vitest";
// Node processes run `dist/node-process.js`, so this test drives the built package.
import { Devnet } from "../dist/index.js";
import { ClusterClient } from "./cluster-client.js";
import { Code, failure } from "./cluster-helpers.js";

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<void> {
  for (let waited = 0; alive(pid); waited += 20) {
    if (waited > 5_000) throw new Error(`process ${pid} still runs 5 s after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it("restarts a node killed with SIGKILL on its port, with its data, and refuses restarts once stopping", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "node-processes-"));
  directories.push(dataDir);
  const devnet = await Devnet.start({
    portBase: 0,
    processes: true,
    dataDir,
    chain: { blockIntervalMs: 10 },
  });
  try {
    expect(devnet.nodeProcesses.map((node) => node.index)).toEqual([0, 1, 2]);
    const pids = devnet.nodeProcesses.map((node) => node.pid);
    expect(new Set(pids).size).toBe(3);
    expect(pids).not.toContain(process.pid);

    const client = await ClusterClient.connect(devnet.bootnodeUrl, devnet.chain.urls.rpc, 4);
    const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties: client.nodeIds });
    const receipt = await client.receipt({
      operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } },
    });
    const valuesId = await client.store(masker.mask({ n: new Integer(42n) }), receipt);

    const killed = devnet.nodeProcesses[2];
    if (killed === undefined) throw new Error("no node 2");
    process.kill(killed.pid, "SIGKILL");
    await gone(pids[2] as number);
    await killed.restart();
    expect(killed.pid).not.toBe(pids[2]);
    expect(alive(killed.pid)).toBe(true);

    // The restarted node answers on its old port, with the shares it acknowledged and its used receipt.
    const retrieve = await client.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
    expect(masker.unmask(await client.retrieve(retrieve))).toEqual({ n: new Integer(42n) });
    expect(await failure(client.store(masker.mask({ n: new Integer(1n) }), receipt))).toEqual([
      Code.FailedPrecondition,
      "nonce already used",
    ]);

    // A node that still runs is stopped first, then started again.
    const running = devnet.nodeProcesses[0];
    if (running === undefined) throw new Error("no node 0");
    const before = running.pid;
    await running.restart();
    expect(alive(before)).toBe(false);
    // Its peers saw it go away gracefully (GOAWAY) while the leader was still filling its pools, and none
    // may die of that.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const node of devnet.nodeProcesses) expect(alive(node.pid), `node ${node.index}`).toBe(true);
  } finally {
    await devnet.stop();
  }
  for (const node of devnet.nodeProcesses) expect(alive(node.pid)).toBe(false);
  await expect(devnet.nodeProcesses[1]?.restart()).rejects.toThrow(UnavailableError);
});

it("lists no node processes when the nodes run in this process", async () => {
  const devnet = await Devnet.start({ portBase: 0 });
  await devnet.stop();
  expect(devnet.nodeProcesses).toEqual([]);
});
