// Crash: kill -9 one node of a devnet whose nodes run as OS processes with a data directory, in the middle
// of a load, then start it again on its port. Calls in flight may fail, with the SDK's typed errors; nothing
// acknowledged may be lost: every store the client got an id for reads back as stored, every receipt a node
// run was acknowledged with stays used, and the wallets and credits balance.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Devnet, type DevnetKey } from "@nillion/devnet";
import { Network } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, it } from "vitest";
import { mixedValues } from "../support/mixed-values.js";
import { moduleAddress } from "../support/module-address.js";
import { seededRandom } from "../support/seeded-random.js";
import { watchProcess } from "../support/watch-process.js";
import { crashKnobs, crashReplay } from "./crash-knobs.js";
import { type AckedStore, CrashLoad, type UsedReceipt } from "./crash-load.js";
import type { CrashUser } from "./crash-user.js";
import { crashUsers } from "./crash-users.js";
import { expectNothingLost } from "./expect-nothing-lost.js";

const FUNDING_UNIL = 10n ** 12n;
const knobs = crashKnobs();

describe("kill -9 of one node process mid-load, then a restart on its port and data directory", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crash-node-"));
  const random = seededRandom(knobs.seed);
  let devnet: Devnet;
  let users: CrashUser[];
  let atStart: { supply: bigint; fees: bigint };
  // Carried from one scenario to the next: the second crash must not lose what survived the first.
  const acked: AckedStore[] = [];
  /** Receipts used before a kill. */
  const used: UsedReceipt[] = [];

  beforeAll(async () => {
    devnet = await Devnet.start({ portBase: 0, processes: true, dataDir, chain: { blockIntervalMs: 10 } });
    const wallets = [0, 1, 2].map(() => devnet.chain.createFundedKey(FUNDING_UNIL)) as [
      DevnetKey,
      DevnetKey,
      DevnetKey,
    ];
    atStart = { supply: devnet.chain.supply(), fees: devnet.chain.balance(moduleAddress("fee_collector")) };
    users = crashUsers(wallets);
    const network = Network.devnet(devnet.bootnodeUrl, devnet.chain.urls.proxy);
    await Promise.all(users.map((user) => user.connect(network)));
  });

  afterAll(async () => {
    for (const user of users ?? []) user.close();
    await devnet?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ["the bootnode, which is not the leader", () => 0],
    ["the leader", () => devnet.layout.leaderIndex],
  ])(
    "%s: every acknowledged store reads back, used receipts stay used, the books balance",
    async (_, target) => {
      const index = target();
      const faults = watchProcess();
      const load = new CrashLoad(users, knobs.workers, () => mixedValues(random));
      await load.acknowledged(knobs.acks);
      const node = devnet.nodeProcesses[index];
      if (node === undefined) throw new Error(`no node ${index}`);
      process.kill(node.pid, "SIGKILL");
      const ackedBeforeKill = load.acked.length;
      used.push(...load.used);
      await node.restart();
      // The same clients carry on through the restart: calls the dead node refused are retried, the rest fail.
      await load.acknowledged(load.acked.length + Math.ceil(knobs.acks / 2));
      await load.stop();
      acked.push(...load.acked);

      await expectNothingLost(
        {
          load,
          acked,
          used,
          chain: devnet.chain,
          users,
          fundedUnil: FUNDING_UNIL,
          before: atStart,
          leaderStayedUp: index !== devnet.layout.leaderIndex,
          faults,
        },
        `(${crashReplay(knobs)}; node ${index} killed after ${ackedBeforeKill} acknowledged stores)`,
      );
    },
  );
});
