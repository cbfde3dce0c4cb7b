// The NilChain handle: options, ports, block production on a timer and on demand, and the test hooks.
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import { InvalidArgumentError, UnavailableError } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_PORTS,
  DEVNET_KEY_BALANCE,
  DEVNET_KEYS,
  NilChain,
  startChain,
  walletAddress,
} from "../src/index.js";
import { devnetKey, payForAny, rpc, signTx, startTestChain } from "./helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("genesis", () => {
  it("funds the ten devnet keys, whose addresses derive from their private keys", async () => {
    const chain = await startChain({ rpcPort: 0, proxyPort: 0, grpcPort: 0 });
    try {
      expect(chain.chainId).toBe("nillion-chain-devnet");
      expect(chain.keys).toBe(DEVNET_KEYS);
      for (const { privateKey, address } of DEVNET_KEYS) {
        const wallet = await DirectSecp256k1Wallet.fromKey(Buffer.from(privateKey, "hex"), "nillion");
        expect((await wallet.getAccounts())[0]?.address).toBe(address);
        expect(chain.balance(address)).toBe(DEVNET_KEY_BALANCE);
      }
      expect(chain.supply()).toBe(10n * DEVNET_KEY_BALANCE);
      expect(chain.height).toBe(1);
      expect(chain.urls.rpc).toBe(`http://127.0.0.1:${chain.ports.rpc}`);
      expect(DEFAULT_PORTS).toEqual({ rpc: 26648, proxy: 48102, grpc: 26649 });
    } finally {
      await chain.stop();
    }
  });

  it("refuses malformed options", async () => {
    const bad = [
      { chainId: "" },
      { rpcPort: -1 },
      { grpcPort: 70_000 },
      { blockIntervalMs: 0 },
      { accounts: [{ address: "cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a", amount: 1n }] },
      { accounts: [{ address: DEVNET_KEYS[0]?.address ?? "", amount: -1n }] },
    ];
    for (const options of bad) await expect(NilChain.start(options)).rejects.toThrow(InvalidArgumentError);
  });

  it("reports a port in use and releases the ports it had bound", async () => {
    const first = await startTestChain();
    try {
      await expect(startTestChain({ grpcPort: first.ports.grpc })).rejects.toThrow(UnavailableError);
      await expect(startTestChain({ rpcPort: first.ports.rpc })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${first.ports.rpc} for the nilchain RPC: another process uses the port`,
      );
    } finally {
      await first.stop();
    }
  });
});

describe("blocks", () => {
  let chain: NilChain;

  beforeAll(async () => {
    chain = await startTestChain({ blockIntervalMs: 20 });
  });

  afterAll(async () => {
    await chain.stop();
  });

  it("makes no block while idle, and one shortly after a tx arrives", async () => {
    const height = chain.height;
    await sleep(60);
    expect(chain.height).toBe(height);
    const { key, address } = devnetKey(chain, 0);
    const account = chain.account(address);
    const tx = signTx({
      key,
      messages: [payForAny(address, 1n)],
      accountNumber: account?.accountNumber ?? 0n,
      sequence: 0n,
    });
    const started = Date.now();
    await rpc(chain.urls.rpc, "broadcast_tx_sync", { tx: Buffer.from(tx).toString("base64") });
    const included = await chain.waitForTx(Buffer.from(sha256(tx)).toString("hex"));
    expect(included.height).toBe(height + 1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("makes blocks on demand, with increasing heights and times", () => {
    const first = chain.produceBlock();
    const second = chain.produceBlock();
    expect(second.height).toBe(first.height + 1);
    expect(second.time.getTime()).toBeGreaterThan(first.time.getTime());
    expect(second.hash).not.toBe(first.hash);
    expect(second.txHashes).toEqual([]);
  });

  it("holds txs while paused and includes them after resume", async () => {
    const { key, address } = devnetKey(chain, 1);
    const account = chain.account(address);
    const tx = signTx({
      key,
      messages: [payForAny(address, 1n)],
      accountNumber: account?.accountNumber ?? 0n,
      sequence: 0n,
    });
    const hash = Buffer.from(sha256(tx)).toString("hex").toUpperCase();
    chain.pause();
    await rpc(chain.urls.rpc, "broadcast_tx_sync", { tx: Buffer.from(tx).toString("base64") });
    await sleep(60);
    expect(chain.tx(hash)).toBeUndefined();
    await expect(chain.waitForTx(hash, 30)).rejects.toThrow(UnavailableError);
    chain.resume();
    expect((await chain.waitForTx(hash)).code).toBe(0);
  });

  it("funds accounts from the faucet hook, raising the supply", () => {
    const address = "nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgr7vv7";
    const supply = chain.supply();
    const block = chain.fund(address, 5_000n);
    expect(block.height).toBe(chain.height);
    expect(chain.balance(address)).toBe(5_000n);
    expect(chain.balances(address)).toEqual(new Map([["unil", 5_000n]]));
    expect(chain.supply()).toBe(supply + 5_000n);
    expect(chain.account(address)?.sequence).toBe(0n);
    expect(() => chain.fund(address, 0n)).toThrow(InvalidArgumentError);
    expect(() => chain.balance("nope")).toThrow(InvalidArgumentError);
  });

  it("creates funded wallets whose address derives from their key", async () => {
    const first = chain.createFundedKey(7_000n);
    const second = chain.createFundedKey(7_000n);
    expect(first.privateKey).not.toBe(second.privateKey);
    expect(chain.balance(first.address)).toBe(7_000n);
    const wallet = await DirectSecp256k1Wallet.fromKey(Buffer.from(first.privateKey, "hex"), "nillion");
    expect((await wallet.getAccounts())[0]?.address).toBe(first.address);
    expect(walletAddress(first.privateKey)).toBe(first.address);
    expect(DEVNET_KEYS.map((key) => walletAddress(key.privateKey))).toEqual(
      DEVNET_KEYS.map((key) => key.address),
    );
    expect(() => walletAddress("12")).toThrow('"privateKey" must be 64 hex digits');
  });

  it("answers ABCI queries in process", () => {
    const { code, log, height } = chain.abciQuery(
      "/cosmos.tx.v1beta1.Service/GetTx",
      new Uint8Array([10, 2, 65, 66]),
    );
    expect({ code, height }).toEqual({ code: 22, height: chain.height });
    expect(log).toBe("rpc error: code = NotFound desc = tx not found: AB: key not found");
  });
});

describe("empty blocks and stopping", () => {
  it("makes empty blocks on the interval when asked to", async () => {
    const chain = await startTestChain({ blockIntervalMs: 10, emptyBlocks: true });
    try {
      const height = chain.height;
      await sleep(100);
      expect(chain.height).toBeGreaterThan(height + 2);
    } finally {
      await chain.stop();
    }
  });

  it("fails pending waits and later calls once stopped, and stops twice harmlessly", async () => {
    const chain = await startTestChain();
    const pending = chain.waitForTx("AB".repeat(32), 5_000);
    await chain.stop();
    await expect(pending).rejects.toThrow(UnavailableError);
    expect(() => chain.produceBlock()).toThrow("the chain is stopped");
    await chain.stop();
    await expect(fetch(chain.urls.rpc)).rejects.toThrow();
  });
});
