// Many payers at once: 50 cosmjs clients with their own keys pay concurrently while one key pays 20 times
// in a row. Every accepted payment must be queryable, and the money must add up to the unil.
import { DirectSecp256k1Wallet, type GeneratedType, Registry } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { PrivateKey } from "@nillion/crypto";
import { GetTxRequest, GetTxResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { MsgPayForType, PAY_FOR_TYPE_URL, payFor, rpc, startTestChain } from "./helpers.js";

const PAYERS = 50;
const SEQUENTIAL = 20;
const FUNDS = 100_000_000n;

const keys = Array.from({ length: PAYERS }, (_, i) => PrivateKey.fromSeed(`concurrency payer ${i}`));
let addresses: string[];
let chain: NilChain;

async function client(privateKey: Uint8Array) {
  const wallet = await DirectSecp256k1Wallet.fromKey(privateKey, "nillion");
  const address = (await wallet.getAccounts())[0]?.address ?? "";
  const registry = new Registry();
  registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as GeneratedType);
  const signer = await SigningStargateClient.connectWithSigner(chain.urls.rpc, wallet, {
    registry,
    gasPrice: GasPrice.fromString("0unil"),
    broadcastPollIntervalMs: 25,
  });
  return { signer, address };
}

beforeAll(async () => {
  addresses = await Promise.all(
    keys.map(async (key) => {
      const wallet = await DirectSecp256k1Wallet.fromKey(key.toBytes(), "nillion");
      return (await wallet.getAccounts())[0]?.address ?? "";
    }),
  );
  chain = await startTestChain({
    blockIntervalMs: 50,
    accounts: addresses.map((address) => ({ address, amount: FUNDS })),
  });
});

afterAll(async () => {
  await chain.stop();
});

it("settles 50 concurrent payers and 20 sequential payments from one key, to the unil", async () => {
  const supplyBefore = chain.supply();
  const sequentialKey = chain.keys[0] as { privateKey: string; address: string };
  const sequentialBefore = chain.balance(sequentialKey.address);

  const concurrent = keys.map(async (key, i) => {
    const { signer, address } = await client(key.toBytes());
    const amount = BigInt(1_000 + i);
    const result = await signer.signAndBroadcast(address, [payFor(address, amount)], "auto");
    signer.disconnect();
    return { address, amount, result };
  });
  const sequential = (async () => {
    const { signer, address } = await client(Buffer.from(sequentialKey.privateKey, "hex"));
    const results = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const amount = BigInt(10_000 + i);
      results.push({
        amount,
        result: await signer.signAndBroadcast(address, [payFor(address, amount)], "auto"),
      });
    }
    signer.disconnect();
    return results;
  })();

  const payments = await Promise.all(concurrent);
  const series = await sequential;

  for (const { address, amount, result } of payments) {
    expect(result.code).toBe(0);
    expect(chain.balance(address)).toBe(FUNDS - amount);
    expect(chain.account(address)?.sequence).toBe(1n);
  }
  expect(series.map(({ result }) => result.code)).toEqual(Array(SEQUENTIAL).fill(0));
  expect(new Set(series.map(({ result }) => result.height)).size).toBe(SEQUENTIAL);
  const sequentialPaid = series.reduce((sum, { amount }) => sum + amount, 0n);
  expect(chain.balance(sequentialKey.address)).toBe(sequentialBefore - sequentialPaid);
  expect(chain.account(sequentialKey.address)?.sequence).toBe(BigInt(SEQUENTIAL));

  const concurrentPaid = payments.reduce((sum, { amount }) => sum + amount, 0n);
  expect(chain.supply()).toBe(supplyBefore - concurrentPaid - sequentialPaid);

  // Every accepted payment is queryable as a nilvm node queries it: GetTx through abci_query.
  const hashes = [
    ...payments.map(({ result }) => result.transactionHash),
    ...series.map(({ result }) => result.transactionHash),
  ];
  const heights = await Promise.all(
    hashes.map(async (hash) => {
      const data = Buffer.from(GetTxRequest.encode({ hash }).finish()).toString("hex");
      const { body } = await rpc(chain.urls.rpc, "abci_query", {
        path: "/cosmos.tx.v1beta1.Service/GetTx",
        data,
      });
      const response = GetTxResponse.decode(Buffer.from(body.result.response.value, "base64"));
      expect(response.txResponse?.code).toBe(0);
      return Number(response.txResponse?.height);
    }),
  );
  expect(heights.every((height) => height > 1)).toBe(true);
  // Concurrent payers share blocks.
  expect(new Set(heights.slice(0, PAYERS)).size).toBeLessThan(PAYERS);
});
