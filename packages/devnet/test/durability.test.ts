// A chain with a data directory survives a restart: same blocks, hashes, balances, sequences and tx results,
// and it carries on from there. A torn last log line is dropped; real damage is reported, not papered over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InternalError, InvalidArgumentError } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { devnetKey, payForAny, rpc, signTx, startTestChain } from "./helpers.js";

const directories: string[] = [];
const running: NilChain[] = [];

function dataDir(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "nilchain-test-"));
  directories.push(directory);
  return directory;
}

async function start(options: Parameters<typeof startTestChain>[0]): Promise<NilChain> {
  const chain = await startTestChain(options);
  running.push(chain);
  return chain;
}

afterAll(async () => {
  await Promise.all(running.map((chain) => chain.stop()));
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

async function pay(chain: NilChain, amount: bigint): Promise<string> {
  const { key, address } = devnetKey(chain, 0);
  const account = chain.account(address);
  const tx = signTx({
    key,
    messages: [payForAny(address, amount)],
    accountNumber: account?.accountNumber ?? 0n,
    sequence: account?.sequence ?? 0n,
  });
  const { body } = await rpc(chain.urls.rpc, "broadcast_tx_commit", {
    tx: Buffer.from(tx).toString("base64"),
  });
  expect(body.result.tx_result.code).toBeUndefined();
  return Buffer.from(sha256(tx)).toString("hex").toUpperCase();
}

const extra = "nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgr7vv7";

it("resumes the same chain after a restart, then carries on", async () => {
  const directory = dataDir();
  const first = await start({ dataDir: directory, accounts: [{ address: extra, amount: 77n }] });
  const paid = await pay(first, 1_000n);
  first.fund(extra, 23n);
  const payer = first.keys[0]?.address ?? "";
  const before = {
    height: first.height,
    status: (await rpc(first.urls.rpc, "status")).body.result.sync_info,
    balance: first.balance(payer),
    extra: first.balance(extra),
    supply: first.supply(),
    account: first.account(payer),
    tx: first.tx(paid),
  };
  await first.stop();

  // The genesis in the directory wins over the options of a later start.
  const second = await start({ dataDir: directory });
  expect(second.height).toBe(before.height);
  expect((await rpc(second.urls.rpc, "status")).body.result.sync_info).toEqual(before.status);
  expect(second.balance(payer)).toBe(before.balance);
  expect(second.balance(extra)).toBe(100n);
  expect(before.extra).toBe(100n);
  expect(second.supply()).toBe(before.supply);
  expect(second.account(payer)).toEqual(before.account);
  expect(second.tx(paid)).toEqual(before.tx);

  await pay(second, 500n);
  expect(second.account(payer)?.sequence).toBe(2n);
  expect(second.height).toBeGreaterThan(before.height);
  expect(second.balance(payer)).toBe(before.balance - 500n);
});

it("drops a torn last line of the block log and keeps the blocks before it", async () => {
  const directory = dataDir();
  const chain = await start({ dataDir: directory });
  await pay(chain, 10n);
  const height = chain.height;
  await chain.stop();
  const log = path.join(directory, "nilchain", "blocks.jsonl");
  fs.appendFileSync(log, '{"height":');

  const again = await start({ dataDir: directory });
  expect(again.height).toBe(height);
  await again.stop();
  expect(fs.readFileSync(log, "utf8").endsWith("}\n")).toBe(true);
});

it("refuses a damaged block log and a directory that holds another chain", async () => {
  const directory = dataDir();
  const chain = await start({ dataDir: directory });
  await pay(chain, 10n);
  await chain.stop();
  await expect(startTestChain({ dataDir: directory, chainId: "nillion-chain-other" })).rejects.toThrow(
    InvalidArgumentError,
  );

  const log = path.join(directory, "nilchain", "blocks.jsonl");
  const lines = fs.readFileSync(log, "utf8").split("\n");
  fs.writeFileSync(log, ["not json", ...lines.slice(1)].join("\n"));
  await expect(startTestChain({ dataDir: directory })).rejects.toThrow(InternalError);
});

it("keeps nothing without a data directory", async () => {
  const chain = await start({});
  await pay(chain, 10n);
  await chain.stop();
  const fresh = await start({});
  expect(fresh.height).toBe(1);
  expect(fresh.account(fresh.keys[0]?.address ?? "")?.sequence).toBe(0n);
});
