// Crash: kill -9 the whole devnet — the `nillion-devnet --processes` command, its chain and every node
// process, all at once — in the middle of a load, then start a devnet again from its data directory. Every
// store acknowledged before the kill reads back as stored, every receipt used before it stays used, and
// the chain's balances agree with its own txs.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { DEVNET_KEY_BALANCE, DEVNET_KEYS, Devnet, type DevnetKey } from "@nillion/devnet";
import { Network } from "@nillion/vm-client";
import { afterAll, expect, it } from "vitest";
import { mixedValues } from "../support/mixed-values.js";
import { seededRandom } from "../support/seeded-random.js";
import { watchProcess } from "../support/watch-process.js";
import { crashKnobs, crashReplay } from "./crash-knobs.js";
import { CrashLoad } from "./crash-load.js";
import { crashUsers } from "./crash-users.js";
import { expectNothingLost } from "./expect-nothing-lost.js";

const CLI = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@nillion/devnet/package.json")),
  "dist/nillion-devnet.js",
);
const knobs = crashKnobs();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-devnet-"));
const groups = new Set<number>();
let restarted: Devnet | undefined;

afterAll(async () => {
  for (const group of groups) killGroup(group);
  await restarted?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the command in a process group of its own, so that one signal reaches it and its node processes. */
async function startCommand(): Promise<{ child: ChildProcess; bootnode: string; chainRpc: string }> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      ...["--processes", "--data-dir", dataDir, "--no-write-config", "--port-base", "0"],
      ...["--chain-rpc-port", "0", "--chain-proxy-port", "0", "--chain-grpc-port", "0"],
    ],
    { detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  groups.add(child.pid as number);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("nillion-devnet is ready")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`nillion-devnet exited with ${code} before ready: ${stderr}`)),
    );
  });
  const bootnode = /node 0 at (http:\/\/\S+)/.exec(stdout)?.[1];
  const chainRpc = /\(direct: (http:\/\/\S+)\)/.exec(stdout)?.[1];
  if (bootnode === undefined || chainRpc === undefined) throw new Error(`no endpoints in:\n${stdout}`);
  return { child, bootnode, chainRpc };
}

function killGroup(group: number): void {
  try {
    process.kill(-group, "SIGKILL");
  } catch {
    // the group is gone already
  }
}

/** Process ids in process group `group`, by pgrep. */
function membersOf(group: number): number[] {
  try {
    return execFileSync("pgrep", ["-g", String(group)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

it("kill -9 of the whole devnet mid-load, then a start from its data directory: acknowledged stores read back, used receipts stay used, the chain's books balance", async () => {
  const faults = watchProcess();
  const random = seededRandom(knobs.seed + 1);
  const command = await startCommand();
  const group = command.child.pid as number;
  expect(membersOf(group)).toHaveLength(4); // the command and three node processes
  // The command's chain has no faucet another process can reach: the users pay from the genesis wallets.
  const users = crashUsers(DEVNET_KEYS.slice(0, 3) as [DevnetKey, DevnetKey, DevnetKey]);
  let load: CrashLoad | undefined;
  try {
    await Promise.all(users.map((user) => user.connect(Network.devnet(command.bootnode, command.chainRpc))));
    load = new CrashLoad(users, knobs.workers, () => mixedValues(random));
    await load.acknowledged(knobs.acks);
    killGroup(group);
    await load.stop();
  } finally {
    killGroup(group);
  }
  for (let waited = 0; membersOf(group).length > 0; waited += 50) {
    if (waited > 10_000) throw new Error(`processes ${membersOf(group)} outlived SIGKILL by 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  groups.delete(group);

  restarted = await Devnet.start({ portBase: 0, processes: true, dataDir, chain: { blockIntervalMs: 10 } });
  const network = Network.devnet(restarted.bootnodeUrl, restarted.chain.urls.proxy);
  await Promise.all(users.map((user) => user.connect(network)));
  try {
    await expectNothingLost(
      {
        load,
        acked: load.acked,
        used: load.used,
        chain: restarted.chain,
        users,
        fundedUnil: DEVNET_KEY_BALANCE,
        // Only these wallets ever paid on this chain, which started with the genesis wallets' funds alone.
        before: { supply: DEVNET_KEY_BALANCE * BigInt(DEVNET_KEYS.length), fees: 0n },
        leaderStayedUp: false,
        faults,
      },
      `(${crashReplay(knobs)}; killed after ${load.acked.length} acknowledged stores)`,
    );
  } finally {
    for (const user of users) user.close();
  }
});
