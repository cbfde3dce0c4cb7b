// The harness as a downstream suite uses it: one devnet per run from the global setup, a wallet per worker,
// and startDevnet() for runners without a global setup (node:test, jest), including reuse of a running
// devnet through its env file.
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Devnet, readCluster } from "@nillion/devnet";
import { DEVNET_ENV_FILE_VARIABLE, startDevnet } from "@nillion/devnet-test";
import { useDevnet } from "@nillion/devnet-test/vitest";
import { NilChainPayer } from "@nillion/payments";
import { InvalidArgumentError, UnavailableError } from "@nillion/types";
import { describe, expect, it } from "vitest";

function isListening(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(url).port), new URL(url).hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("useDevnet", () => {
  it("gives this worker the run's devnet and a funded wallet of its own", async () => {
    const devnet = useDevnet();
    const cluster = await readCluster(devnet.network.nilvmGrpcEndpoint);
    expect(cluster.members.map((member) => member.grpcEndpoint)).toEqual(
      devnet.nodes.map((node) => node.url),
    );
    expect(devnet.fundedKeys.map((key) => key.privateKey)).not.toContain(devnet.walletKey.privateKey);
    const payer = await NilChainPayer.connect(devnet.network, devnet.walletKey.privateKey);
    try {
      expect(payer.walletAddress).toBe(devnet.walletKey.address);
      // Other files of this worker may have paid from it already: it started with 1,000,000 NIL.
      const before = await payer.balance();
      expect(before).toBeGreaterThan(0n);
      expect(before).toBeLessThanOrEqual(1_000_000_000_000n);
      const txHash = await payer.submitPayment(1_000n, new Uint8Array(32).fill(1));
      expect(txHash).toMatch(/^[0-9A-F]{64}$/);
      expect(await payer.balance()).toBe(before - 1_000n);
    } finally {
      payer.disconnect();
    }
  });
});

describe("startDevnet", () => {
  it("starts a devnet on ephemeral ports and releases every port on stop()", async () => {
    const devnet = await startDevnet({ envFile: false });
    expect(devnet.reused).toBe(false);
    expect(devnet.nodes.filter((node) => node.leader)).toHaveLength(1);
    expect(devnet.network.chainId).toBe("nillion-chain-devnet");
    const wallet = devnet.createFundedKey(5_000n);
    const payer = await NilChainPayer.connect(devnet.network, wallet.privateKey);
    expect(await payer.balance()).toBe(5_000n);
    payer.disconnect();
    const urls = [...devnet.nodes.map((node) => node.url), devnet.chain.rpcUrl];
    await devnet.stop();
    for (const url of urls) expect(await isListening(url), url).toBe(false);
  });

  it(`reuses the devnet whose env file ${DEVNET_ENV_FILE_VARIABLE} names, and leaves it running`, async () => {
    const running = await Devnet.start({ portBase: 0 });
    const directory = mkdtempSync(path.join(os.tmpdir(), "devnet-test-"));
    try {
      const { envFilePath } = await running.writeConfig(directory);
      const devnet = await startDevnet({ env: { [DEVNET_ENV_FILE_VARIABLE]: envFilePath } });
      expect(devnet.reused).toBe(true);
      expect(devnet.network.nilvmGrpcEndpoint).toBe(running.bootnodeUrl);
      expect(devnet.nodes.map((node) => node.url)).toEqual(
        running.layout.nodes.map((node) => node.grpcEndpoint),
      );
      expect(devnet.fundedKeys).toEqual(
        running.fundedKeys.map(({ privateKey, address }) => ({ privateKey, address })),
      );
      expect(() => devnet.createFundedKey()).toThrow(UnavailableError);
      await devnet.stop();
      expect(await isListening(running.bootnodeUrl)).toBe(true);
    } finally {
      await running.stop();
      rmSync(directory, { recursive: true });
    }
  });

  it("says which env file it could not read", async () => {
    const missing = path.join(os.tmpdir(), "no-such-dir", "nillion-devnet.env");
    const attempt = startDevnet({ envFile: missing });
    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(`cannot read the devnet env file ${missing}`);
  });
});
