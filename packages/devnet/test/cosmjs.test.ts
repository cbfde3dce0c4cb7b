// Unmodified cosmjs pays with MsgPayFor: the current release, and 0.32.4, which the official TS client pins
// (through the browser proxy, as that client is configured on a devnet). Each run walks the whole path a
// payer takes: status, account, simulate, sign, broadcast_tx_sync, tx_search polling.
import * as protoSigning039 from "@cosmjs/proto-signing";
import * as stargate039 from "@cosmjs/stargate";
import { sha256 } from "@noble/hashes/sha2.js";
import * as protoSigning032 from "cosmjs-proto-signing-032";
import * as stargate032 from "cosmjs-stargate-032";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { MsgPayForType, PAY_FOR_TYPE_URL, payFor, startTestChain } from "./helpers.js";

const PAYMENT = 1_000_000n; // what a devnet operation costs: 1 NIL

let chain: NilChain;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain.stop();
});

/** What the tests use of a SigningStargateClient; both releases have it. */
interface Payer {
  getChainId(): Promise<string>;
  getAccount(
    address: string,
  ): Promise<{ readonly sequence: number; readonly pubkey: { readonly type: string } | null } | null>;
  getBalance(address: string, denom: string): Promise<{ readonly amount: string }>;
  getSequence(address: string): Promise<unknown>;
  simulate(address: string, messages: readonly EncodeObject[], memo: string): Promise<number>;
  signAndBroadcast(
    address: string,
    messages: readonly EncodeObject[],
    fee: "auto",
  ): Promise<{
    readonly code: number;
    readonly height: number;
    readonly transactionHash: string;
    readonly gasUsed: bigint;
    readonly gasWanted: bigint;
    readonly events: readonly { readonly type: string }[];
    readonly msgResponses: readonly { readonly typeUrl: string }[];
  }>;
  getTx(id: string): Promise<{ readonly height: number; readonly code: number } | null>;
  disconnect(): void;
}

type EncodeObject = protoSigning039.EncodeObject;

async function connect039(url: string, privateKey: Uint8Array): Promise<Payer> {
  const wallet = await protoSigning039.DirectSecp256k1Wallet.fromKey(privateKey, "nillion");
  const registry = new protoSigning039.Registry();
  registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as protoSigning039.GeneratedType);
  return stargate039.SigningStargateClient.connectWithSigner(url, wallet, {
    registry,
    gasPrice: stargate039.GasPrice.fromString("0unil"),
    broadcastPollIntervalMs: 20,
  });
}

async function connect032(url: string, privateKey: Uint8Array): Promise<Payer> {
  const wallet = await protoSigning032.DirectSecp256k1Wallet.fromKey(privateKey, "nillion");
  const registry = new protoSigning032.Registry();
  registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as protoSigning032.GeneratedType);
  return stargate032.SigningStargateClient.connectWithSigner(url, wallet, {
    registry,
    gasPrice: stargate032.GasPrice.fromString("0unil"),
    broadcastPollIntervalMs: 20,
  });
}

const versions = [
  { name: "@cosmjs/stargate 0.39 on the RPC port", connectTo: connect039, key: 0, via: "rpc" },
  { name: "@cosmjs/stargate 0.32.4 through the CORS proxy", connectTo: connect032, key: 1, via: "proxy" },
] as const;

describe.each(versions)("$name", ({ connectTo, key, via }) => {
  async function connect() {
    const { privateKey, address } = chain.keys[key] as { privateKey: string; address: string };
    const client = await connectTo(chain.urls[via], Buffer.from(privateKey, "hex"));
    return { client, address };
  }

  it("pays with MsgPayFor end to end: the balance drops, the supply burns, the sequence moves", async () => {
    const { client, address } = await connect();
    expect(await client.getChainId()).toBe("nillion-chain-devnet");
    const account = await client.getAccount(address);
    expect(account?.sequence).toBe(0);
    const balanceBefore = BigInt((await client.getBalance(address, "unil")).amount);
    const supplyBefore = chain.supply();

    const gas = await client.simulate(address, [payFor(address, PAYMENT)], "");
    expect(gas).toBeGreaterThan(10_000);
    const result = await client.signAndBroadcast(address, [payFor(address, PAYMENT)], "auto");

    expect(result.code).toBe(0);
    expect(result.height).toBeGreaterThan(1);
    expect(result.transactionHash).toMatch(/^[0-9A-F]{64}$/);
    expect(result.msgResponses.map((response) => response.typeUrl)).toEqual([
      "/nillion.meta.v1.MsgPayForResponse",
    ]);
    expect(BigInt(result.gasUsed)).toBeLessThanOrEqual(BigInt(result.gasWanted));
    const included = chain.tx(result.transactionHash);
    expect(
      Buffer.from(sha256(included?.tx ?? new Uint8Array()))
        .toString("hex")
        .toUpperCase(),
    ).toBe(result.transactionHash);
    expect(result.events.map((e) => e.type)).toEqual([
      "tx",
      "tx",
      "tx",
      "message",
      "coin_spent",
      "coin_received",
      "transfer",
      "message",
      "coin_spent",
      "burn",
    ]);

    expect(BigInt((await client.getBalance(address, "unil")).amount)).toBe(balanceBefore - PAYMENT);
    expect(chain.balance(address)).toBe(balanceBefore - PAYMENT);
    expect(chain.supply()).toBe(supplyBefore - PAYMENT);
    expect((await client.getAccount(address))?.sequence).toBe(1);
    expect((await client.getAccount(address))?.pubkey?.type).toBe("tendermint/PubKeySecp256k1");

    const found = await client.getTx(result.transactionHash);
    expect(found?.height).toBe(result.height);
    expect(found?.code).toBe(0);
    client.disconnect();
  });

  it("pays again right after, with the next sequence", async () => {
    const { client, address } = await connect();
    const before = chain.balance(address);
    const first = await client.signAndBroadcast(address, [payFor(address, 5n)], "auto");
    const second = await client.signAndBroadcast(address, [payFor(address, 7n)], "auto");
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(second.height).toBeGreaterThan(first.height);
    expect(chain.balance(address)).toBe(before - 12n);
    client.disconnect();
  });

  it("reports an unknown account the way cosmjs expects", async () => {
    const { client } = await connect();
    const stranger = "nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgr7vv7";
    expect(await client.getAccount(stranger)).toBeNull();
    await expect(client.getSequence(stranger)).rejects.toThrow(/does not exist on chain/);
    client.disconnect();
  });
});

describe("a payment that fails in its block", () => {
  it("passes CheckTx, is included with a non-zero code, and changes nothing but the sequence", async () => {
    const { privateKey, address } = chain.keys[2] as { privateKey: string; address: string };
    const wallet = await protoSigning039.DirectSecp256k1Wallet.fromKey(
      Buffer.from(privateKey, "hex"),
      "nillion",
    );
    const registry = new protoSigning039.Registry();
    registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as protoSigning039.GeneratedType);
    const client = await stargate039.SigningStargateClient.connectWithSigner(chain.urls.rpc, wallet, {
      registry,
      gasPrice: stargate039.GasPrice.fromString("0unil"),
      broadcastPollIntervalMs: 20,
    });
    const balance = chain.balance(address);
    const tooMuch = payFor(address, balance + 1n);

    await expect(client.signAndBroadcast(address, [tooMuch], "auto")).rejects.toThrow(
      `Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: failed to send coins: spendable balance ${balance}unil is smaller than ${balance + 1n}unil: insufficient funds With gas wanted: '18446744073709551615' and gas used: '`,
    );

    const fee = { amount: [{ denom: "unil", amount: "0" }], gas: "200000" };
    const result = await client.signAndBroadcast(address, [tooMuch], fee);
    // nilchain's handler wraps the bank error with fmt.Errorf, which hides its code from errors v1.
    expect({ code: result.code, log: result.rawLog }).toEqual({ code: 1, log: "internal" });
    expect(chain.tx(result.transactionHash)?.codespace).toBe("undefined");
    expect(chain.balance(address)).toBe(balance);
    expect(chain.account(address)?.sequence).toBe(1n);
    client.disconnect();
  });
});

describe("MsgSend", () => {
  it("funds a fresh account that can then pay", async () => {
    const { privateKey, address } = chain.keys[3] as { privateKey: string; address: string };
    const wallet = await protoSigning039.DirectSecp256k1Wallet.fromKey(
      Buffer.from(privateKey, "hex"),
      "nillion",
    );
    const client = await stargate039.SigningStargateClient.connectWithSigner(chain.urls.rpc, wallet, {
      gasPrice: stargate039.GasPrice.fromString("0unil"),
      broadcastPollIntervalMs: 20,
    });
    const fresh = await protoSigning039.DirectSecp256k1Wallet.fromKey(
      crypto.getRandomValues(new Uint8Array(32)),
      "nillion",
    );
    const freshAddress = (await fresh.getAccounts())[0]?.address ?? "";
    const sent = await client.sendTokens(
      address,
      freshAddress,
      [{ denom: "unil", amount: "3000000" }],
      "auto",
    );
    expect(sent.code).toBe(0);
    expect(chain.balance(freshAddress)).toBe(3_000_000n);
    expect(chain.account(freshAddress)?.sequence).toBe(0n);

    const registry = new protoSigning039.Registry();
    registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as protoSigning039.GeneratedType);
    const payer = await stargate039.SigningStargateClient.connectWithSigner(chain.urls.rpc, fresh, {
      registry,
      gasPrice: stargate039.GasPrice.fromString("0unil"),
      broadcastPollIntervalMs: 20,
    });
    const paid = await payer.signAndBroadcast(freshAddress, [payFor(freshAddress, 1_000_000n)], "auto");
    expect(paid.code).toBe(0);
    expect(chain.balance(freshAddress)).toBe(2_000_000n);

    const blocked = await client.signAndBroadcast(
      address,
      [
        {
          typeUrl: "/cosmos.bank.v1beta1.MsgSend",
          value: {
            fromAddress: address,
            toAddress: "nillion1agaaw03t2phqq5njx2e76apuqek6sw5w8s9m9f",
            amount: [{ denom: "unil", amount: "1" }],
          },
        },
      ],
      { amount: [], gas: "200000" },
    );
    expect({ code: blocked.code, log: blocked.rawLog }).toEqual({
      code: 4,
      log: "failed to execute message; message index: 0: nillion1agaaw03t2phqq5njx2e76apuqek6sw5w8s9m9f is not allowed to receive funds: unauthorized",
    });
    client.disconnect();
    payer.disconnect();
  });
});
