import { createHash } from "node:crypto";
import {
  chainPaymentMarginMs,
  DEFAULT_INCLUSION_TIMEOUT_MS,
  NilChainPayer,
  type NilChainPayerOptions,
} from "@nillion/payments";
import { hexToBytes, InvalidArgumentError, PaymentError, UnavailableError } from "@nillion/types";
import { afterEach, describe, expect, it } from "vitest";
import { CHAIN_ID, FakeComet, KEY_0 } from "./fake-comet.js";

const FAST: NilChainPayerOptions = { pollIntervalMs: 5 };

let comet: FakeComet | undefined;
let payer: NilChainPayer | undefined;

afterEach(async () => {
  payer?.disconnect();
  payer = undefined;
  await comet?.close();
  comet = undefined;
});

async function connect(options: NilChainPayerOptions = FAST, balance?: bigint) {
  comet = await FakeComet.start(balance === undefined ? {} : { balance });
  payer = await NilChainPayer.connect(
    { chainId: CHAIN_ID, chainEndpoint: comet.url },
    KEY_0.privateKey,
    options,
  );
  return { comet, payer };
}

const resource = () => crypto.getRandomValues(new Uint8Array(32));

/** Rejection of `promise`, for asserting on the error itself. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("NilChainPayer.connect", () => {
  it("derives the bech32 address of the key, as a hex string or as bytes", async () => {
    const { comet } = await connect();
    expect(payer?.walletAddress).toBe(KEY_0.address);
    const fromBytes = await NilChainPayer.connect(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      hexToBytes(KEY_0.privateKey),
    );
    expect(fromBytes.walletAddress).toBe(KEY_0.address);
    fromBytes.disconnect();
  });

  it("uses the wallet prefix it is given", async () => {
    comet = await FakeComet.start();
    payer = await NilChainPayer.connect({ chainId: CHAIN_ID, chainEndpoint: comet.url }, KEY_0.privateKey, {
      walletPrefix: "cosmos",
    });
    expect(payer.walletAddress).toMatch(/^cosmos1[02-9ac-hj-np-z]{38}$/);
  });

  it("refuses a chain whose id is not the network's", async () => {
    comet = await FakeComet.start({ chainId: "nillion-1" });
    const error = await rejectionOf(
      NilChainPayer.connect({ chainId: CHAIN_ID, chainEndpoint: comet.url }, KEY_0.privateKey),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("network");
    expect((error as InvalidArgumentError).details).toEqual({ expected: CHAIN_ID, actual: "nillion-1" });
  });

  it("reports an unreachable chain as UnavailableError", async () => {
    comet = await FakeComet.start();
    const url = comet.url;
    await comet.close();
    comet = undefined;
    const error = await rejectionOf(
      NilChainPayer.connect({ chainId: CHAIN_ID, chainEndpoint: url }, KEY_0.privateKey),
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).details).toEqual({ endpoint: url });
  });

  it("checks the key without ever echoing it", async () => {
    const network = { chainId: CHAIN_ID, chainEndpoint: "http://127.0.0.1:1" };
    const bad = [`0x${KEY_0.privateKey}`, KEY_0.privateKey.slice(2), "zz".repeat(32), new Uint8Array(31), 42];
    for (const key of bad) {
      const error = await rejectionOf(NilChainPayer.connect(network, key as string));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("walletPrivateKey");
      expect((error as Error).message).not.toContain(KEY_0.privateKey.slice(2, 20));
    }
    // Zero is not a secp256k1 private key.
    const zero = await rejectionOf(NilChainPayer.connect(network, "00".repeat(32)));
    expect((zero as InvalidArgumentError).argument).toBe("walletPrivateKey");
  });

  it("tells how long it waits for inclusion, which the payments client keeps in reserve on a quote", async () => {
    await connect({ queryTimeoutSeconds: 45, pollIntervalMs: 5 });
    expect(payer?.inclusionTimeoutMs).toBe(45_005);
    expect(chainPaymentMarginMs(payer as NilChainPayer)).toBe(55_005);
    const defaults = await NilChainPayer.connect(
      { chainId: CHAIN_ID, chainEndpoint: comet?.url ?? "" },
      KEY_0.privateKey,
    );
    // The margin a payer that does not tell its wait gets is NilChainPayer's default.
    expect(defaults.inclusionTimeoutMs).toBe(DEFAULT_INCLUSION_TIMEOUT_MS);
    expect(DEFAULT_INCLUSION_TIMEOUT_MS).toBe(30_200);
    expect(chainPaymentMarginMs(defaults)).toBe(40_200);
    defaults.disconnect();
  });

  it("checks the network and options", async () => {
    const key = KEY_0.privateKey;
    const ok = { chainId: CHAIN_ID, chainEndpoint: "http://127.0.0.1:1" };
    const cases: Array<[Parameters<typeof NilChainPayer.connect>, string]> = [
      [[{ chainId: CHAIN_ID, chainEndpoint: "tcp://127.0.0.1:26657" }, key], "network"],
      [[{ chainId: "", chainEndpoint: ok.chainEndpoint }, key], "network"],
      [[ok, key, { gasLimit: 0n }], "options.gasLimit"],
      [[ok, key, { gasLimit: 2n ** 60n }], "options.gasLimit"],
      [[ok, key, { walletPrefix: "Nillion" }], "options.walletPrefix"],
      [[ok, key, { queryTimeoutSeconds: 0 }], "options.queryTimeoutSeconds"],
      [[ok, key, { pollIntervalMs: -1 }], "options.pollIntervalMs"],
      [[ok, key, { gasPrice: "free" }], "options.gasPrice"],
    ];
    for (const [args, argument] of cases) {
      await expect(NilChainPayer.connect(...args)).rejects.toMatchObject({
        name: "InvalidArgumentError",
        argument,
      });
    }
  });
});

describe("NilChainPayer.submitPayment", () => {
  it("broadcasts one MsgPayFor for the resource and amount, fee 0unil, and returns the uppercase tx hash", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 150_000n });
    const paid = resource();
    const txHash = await payer.submitPayment(1_000_000n, paid);
    expect(comet.seen).toHaveLength(1);
    const [tx] = comet.seen;
    expect(txHash).toBe(tx?.hash);
    expect(txHash).toMatch(/^[0-9A-F]{64}$/);
    expect(tx?.typeUrl).toBe("/nillion.meta.v1.MsgPayFor");
    expect(tx?.payFor.fromAddress).toBe(KEY_0.address);
    expect(tx?.payFor.resource).toEqual(paid);
    expect(tx?.payFor.amount.map(({ denom, amount }) => ({ denom, amount }))).toEqual([
      { denom: "unil", amount: "1000000" },
    ]);
    expect(tx?.fee).toEqual([{ denom: "unil", amount: "0" }]);
    expect(tx?.gasLimit).toBe(150_000n);
    expect(tx?.memo).toBe("");
    expect(comet.balanceOf(KEY_0.address)).toBe(9_000_000n);
    // Fixed gas: no simulation.
    expect(comet.calls).not.toContain("abci_query /cosmos.tx.v1beta1.Service/Simulate");
  });

  it("without a gas limit simulates and allows 1.4 × the gas used", async () => {
    const { comet, payer } = await connect();
    comet.gasUsed = 71_000n;
    await payer.submitPayment(10n, resource());
    expect(comet.seen[0]?.gasLimit).toBe(99_400n);
    expect(comet.calls).toContain("abci_query /cosmos.tx.v1beta1.Service/Simulate");
  });

  it("a per-call gas limit wins over the payer's", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 150_000n });
    await payer.submitPayment(10n, resource(), { gasLimit: 300_000n });
    expect(comet.seen[0]?.gasLimit).toBe(300_000n);
  });

  it("prices gas with the gas price", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_001n, gasPrice: "0.025unil" });
    await payer.submitPayment(10n, resource());
    expect(comet.seen[0]?.fee).toEqual([{ denom: "unil", amount: "2501" }]);
  });

  it("runs concurrent payments one after another, so their sequences never collide", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    const hashes = await Promise.all([1n, 2n, 3n].map((amount) => payer.submitPayment(amount, resource())));
    expect(comet.seen.map((tx) => tx.sequence)).toEqual([0n, 1n, 2n]);
    expect(comet.seen.map((tx) => tx.payFor.amount[0]?.amount)).toEqual(["1", "2", "3"]);
    expect(hashes).toEqual(comet.seen.map((tx) => tx.hash));
  });

  it("rejects with PaymentError when the transaction fails in its block (code ≠ 0)", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n }, 500n);
    const error = await rejectionOf(payer.submitPayment(1_000n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    const txHash = comet.seen[0]?.hash;
    expect((error as PaymentError).details).toEqual({
      txHash,
      code: 5,
      height: 2,
      log: "failed to execute message; message index: 0: failed to send coins: spendable balance 500unil is smaller than 1000unil: insufficient funds",
    });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^payment of 1000 unil from ${KEY_0.address} failed in block 2 with code 5: failed to execute`,
      ),
    );
  });

  it("rejects with PaymentError when the chain refuses the transaction at broadcast (CheckTx)", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    comet.checkTxOverride = { code: 13, codespace: "sdk", log: "insufficient fee" };
    const error = await rejectionOf(payer.submitPayment(10n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toEqual({ code: 13, codespace: "sdk", log: "insufficient fee" });
    expect((error as Error).message).toBe(
      `payment of 10 unil from ${KEY_0.address} was refused by the chain with code 13 (codespace sdk): insufficient fee`,
    );
  });

  it("rejects with PaymentError when the simulation fails, naming the chain's code and log", async () => {
    const { comet, payer } = await connect(FAST, 500n);
    const error = await rejectionOf(payer.submitPayment(1_000n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toMatchObject({ code: 6 });
    expect((error as PaymentError).details?.["log"]).toContain("insufficient funds");
    expect(comet.seen).toEqual([]);
  });

  it("rejects with PaymentError, naming the tx, when it is not included in time", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n, queryTimeoutSeconds: 0.05 });
    comet.includeTxs = false;
    const error = await rejectionOf(payer.submitPayment(10n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    const txHash = comet.seen[0]?.hash;
    expect((error as PaymentError).details).toEqual({ txHash });
    expect((error as Error).message).toBe(
      `payment of 10 unil from ${KEY_0.address} was broadcast as tx ${txHash} but not included within 0.05 s; it may still be included later`,
    );
  });

  it("looks for the transaction long before pollIntervalMs, as soon as a fast chain may have it", async () => {
    // With the first look a whole pollIntervalMs after the broadcast, this would outlast the test timeout.
    const { comet, payer } = await connect({ gasLimit: 100_000n, pollIntervalMs: 600_000 });
    comet.searchMisses = 2;
    const txHash = await payer.submitPayment(10n, resource());
    expect(txHash).toBe(comet.seen[0]?.hash);
    expect(comet.calls.filter((c) => c === "tx_search")).toHaveLength(3);
  }, 10_000);

  it("backs off between looks and gives up at queryTimeoutSeconds, not a poll interval later", async () => {
    const { comet, payer } = await connect({
      gasLimit: 100_000n,
      pollIntervalMs: 600_000,
      queryTimeoutSeconds: 0.3,
    });
    comet.includeTxs = false;
    const error = await rejectionOf(payer.submitPayment(10n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as Error).message).toContain("not included within 0.3 s");
    // After 25, 56, 95, 144, 205 and 281 ms, then at the deadline: a handful of looks, not one per ms.
    expect(comet.calls.filter((c) => c === "tx_search").length).toBeLessThanOrEqual(10);
  }, 10_000);

  it("keeps polling until the transaction is found", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    comet.searchMisses = 3;
    const txHash = await payer.submitPayment(10n, resource());
    expect(comet.calls.filter((c) => c === "tx_search")).toHaveLength(4);
    expect(txHash).toBe(comet.seen[0]?.hash);
  });

  it("rejects with the signal's reason, before broadcasting or while waiting", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    const early = new Error("early");
    await expect(payer.submitPayment(10n, resource(), { signal: AbortSignal.abort(early) })).rejects.toBe(
      early,
    );
    expect(comet.seen).toEqual([]);

    comet.includeTxs = false;
    const controller = new AbortController();
    const late = new Error("late");
    const pending = payer.submitPayment(10n, resource(), { signal: controller.signal });
    while (comet.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(late);
    await expect(pending).rejects.toBe(late);
  });

  it("an abort while waiting behind another payment rejects at once; later payments still wait their turn", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    comet.includeTxs = false;
    const stopFirst = new AbortController();
    const first = payer.submitPayment(1n, resource(), { signal: stopFirst.signal });
    let firstSettled = false;
    first
      .catch(() => undefined)
      .finally(() => {
        firstSettled = true;
      });
    const stopSecond = new AbortController();
    const second = payer.submitPayment(2n, resource(), { signal: stopSecond.signal });
    const third = payer.submitPayment(3n, resource());
    const reason = new Error("not waiting");
    stopSecond.abort(reason);
    await expect(second).rejects.toBe(reason);
    expect(firstSettled).toBe(false);
    // The first payment is still being looked for, and the third has not been sent.
    while (comet.calls.filter((c) => c === "tx_search").length < 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(comet.seen.map((tx) => tx.payFor.amount[0]?.amount)).toEqual(["1"]);
    comet.includeTxs = true;
    stopFirst.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    await third;
    expect(comet.seen.map((tx) => [tx.payFor.amount[0]?.amount, tx.sequence])).toEqual([
      ["1", 0n],
      ["3", 1n],
    ]);
  });

  it("an aborted payment does not block the next one", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    await expect(payer.submitPayment(10n, resource(), { signal: AbortSignal.abort() })).rejects.toMatchObject(
      {
        name: "AbortError",
      },
    );
    await payer.submitPayment(10n, resource());
    expect(comet.seen).toHaveLength(1);
  });

  it("reports a wallet the chain has never seen as a PaymentError", async () => {
    comet = await FakeComet.start();
    const stranger = createHash("sha256").update("stranger").digest("hex");
    payer = await NilChainPayer.connect({ chainId: CHAIN_ID, chainEndpoint: comet.url }, stranger, {
      ...FAST,
      gasLimit: 100_000n,
    });
    const error = await rejectionOf(payer.submitPayment(10n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as Error).message).toBe(
      `payment of 10 unil from ${payer.walletAddress} failed: the wallet has never been funded on the chain`,
    );
  });

  it("reports a chain that went away as UnavailableError", async () => {
    const { comet, payer } = await connect({ ...FAST, gasLimit: 100_000n });
    await comet.close();
    const error = await rejectionOf(payer.submitPayment(10n, resource()));
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).details).toEqual({ endpoint: comet.url });
  });

  it("checks its arguments", async () => {
    const { payer } = await connect();
    for (const amount of [0n, -1n, 5 as unknown as bigint]) {
      await expect(payer.submitPayment(amount, resource())).rejects.toMatchObject({ argument: "amount" });
    }
    await expect(payer.submitPayment(1n, "nonce" as unknown as Uint8Array)).rejects.toMatchObject({
      argument: "resource",
    });
    await expect(payer.submitPayment(1n, resource(), { gasLimit: 0n })).rejects.toMatchObject({
      argument: "options.gasLimit",
    });
  });
});

describe("NilChainPayer.balance", () => {
  it("is the wallet's unil balance", async () => {
    const { payer } = await connect({ ...FAST, gasLimit: 100_000n }, 1_234_567n);
    expect(await payer.balance()).toBe(1_234_567n);
    await payer.submitPayment(67n, resource());
    expect(await payer.balance()).toBe(1_234_500n);
  });
});
