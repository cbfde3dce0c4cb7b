// The ante handler's verdicts, each with the SDK's code, codespace and log: what a Cosmos SDK v0.50 node
// answers to the same tx. Txs are built by hand so that exactly one thing is wrong in each.
import * as protoSigning from "@cosmjs/proto-signing";
import * as stargate from "@cosmjs/stargate";
import { PrivateKey } from "@nillion/crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { SignDoc, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import {
  broadcast,
  devnetKey,
  highS,
  MsgPayForType,
  PAY_FOR_TYPE_URL,
  payFor,
  payForAny,
  rpc,
  signTx,
  startTestChain,
  type TxSpec,
} from "./helpers.js";

const poor = PrivateKey.fromSeed("verification: poor payer");
const stranger = PrivateKey.fromSeed("verification: no account");
const poorAddress = "nillion1k8hflzhkvg0m8nrk2mc86cfzm7npa0sdhdk6c2";
const strangerAddress = "nillion1dy87k7lxuhsk2t4w4lsenzme3hlntmef7ufuul";

let chain: NilChain;

beforeAll(async () => {
  chain = await startTestChain({ accounts: [{ address: poorAddress, amount: 10n }] });
});

afterAll(async () => {
  await chain.stop();
});

/** A tx from devnet key `i`, valid unless `overrides` break it. */
function txFrom(i: number, overrides: Partial<TxSpec> = {}): Uint8Array {
  const { key, address } = devnetKey(chain, i);
  const account = chain.account(address);
  return signTx({
    key,
    messages: [payForAny(address, 1_000n)],
    accountNumber: account?.accountNumber ?? 0n,
    sequence: account?.sequence ?? 0n,
    ...overrides,
  });
}

async function checkTx(tx: Uint8Array): Promise<{ code: number; codespace: string; log: string }> {
  const { result, error } = await broadcast(chain.urls.rpc, tx);
  if (error !== undefined) throw new Error(JSON.stringify(error));
  return { code: result.code, codespace: result.codespace, log: result.log };
}

const unauthorized = (accountNumber: bigint) =>
  `signature verification failed; please verify account number (${accountNumber}) and chain-id (nillion-chain-devnet): (unable to verify single signer signature): unauthorized`;

it("derives the funded addresses the tests rely on", () => {
  expect(chain.account(poorAddress)).toBeDefined();
  expect(chain.balance(poorAddress)).toBe(10n);
  expect(chain.account(strangerAddress)).toBeUndefined();
  expect(poor.publicKey).toHaveLength(33);
  expect(stranger.publicKey).toHaveLength(33);
});

describe("signatures", () => {
  it("accepts a correctly signed tx", async () => {
    expect(await checkTx(txFrom(0))).toEqual({ code: 0, codespace: "", log: "" });
    chain.produceBlock();
  });

  it("rejects a SignDoc for another chain id (cosmjs signing with explicit signer data)", async () => {
    const { privateKey, address } = chain.keys[1] as { privateKey: string; address: string };
    const wallet = await protoSigning.DirectSecp256k1Wallet.fromKey(
      Buffer.from(privateKey, "hex"),
      "nillion",
    );
    const registry = new protoSigning.Registry();
    registry.register(PAY_FOR_TYPE_URL, MsgPayForType as unknown as protoSigning.GeneratedType);
    const client = await stargate.SigningStargateClient.connectWithSigner(chain.urls.rpc, wallet, {
      registry,
    });
    const account = chain.account(address);
    const signed = await client.sign(
      address,
      [payFor(address, 10n)],
      { amount: [{ denom: "unil", amount: "0" }], gas: "200000" },
      "",
      {
        accountNumber: account?.accountNumber ?? 0n,
        sequence: Number(account?.sequence),
        chainId: "nillion-1",
      },
    );
    await expect(client.broadcastTx(TxRaw.encode(signed).finish())).rejects.toThrow(
      `Broadcasting transaction failed with code 4 (codespace: sdk). Log: ${unauthorized(account?.accountNumber ?? 0n)}`,
    );
    client.disconnect();
  });

  it("rejects a SignDoc with the wrong account number", async () => {
    const accountNumber = chain.account(chain.keys[2]?.address ?? "")?.accountNumber ?? 0n;
    expect(await checkTx(txFrom(2, { accountNumber: accountNumber + 1n }))).toEqual({
      code: 4,
      codespace: "sdk",
      log: unauthorized(accountNumber),
    });
  });

  it("rejects a corrupted signature", async () => {
    const accountNumber = chain.account(chain.keys[2]?.address ?? "")?.accountNumber ?? 0n;
    const tx = txFrom(2, { tamper: (signature) => signature.map((byte, i) => (i === 10 ? byte ^ 1 : byte)) });
    expect(await checkTx(tx)).toEqual({ code: 4, codespace: "sdk", log: unauthorized(accountNumber) });
  });

  it("rejects the high-S twin of a valid signature, which plain ECDSA would accept", async () => {
    const { key, address } = devnetKey(chain, 2);
    const account = chain.account(address);
    let twin: Uint8Array = new Uint8Array();
    const tx = txFrom(2, {
      tamper: (signature) => {
        twin = highS(signature);
        return twin;
      },
    });
    const decoded = TxRaw.decode(tx);
    const signDoc = SignDoc.encode({
      bodyBytes: decoded.bodyBytes,
      authInfoBytes: decoded.authInfoBytes,
      chainId: "nillion-chain-devnet",
      accountNumber: account?.accountNumber ?? 0n,
    }).finish();
    expect(secp256k1.verify(twin, sha256(signDoc), key.publicKey, { prehash: false, lowS: false })).toBe(
      true,
    );
    expect(await checkTx(tx)).toEqual({
      code: 4,
      codespace: "sdk",
      log: unauthorized(account?.accountNumber ?? 0n),
    });
  });

  it("rejects a public key that is not the signer's: from_address names another account", async () => {
    const { key } = devnetKey(chain, 3);
    const victim = chain.keys[4]?.address ?? "";
    const victimAccount = chain.account(victim);
    const tx = signTx({
      key,
      messages: [payForAny(victim, 1_000n)],
      accountNumber: victimAccount?.accountNumber ?? 0n,
      sequence: victimAccount?.sequence ?? 0n,
    });
    expect(await checkTx(tx)).toEqual({
      code: 8,
      codespace: "sdk",
      log: `pubKey does not match signer address ${victim} with signer index: 0: invalid pubkey`,
    });
  });

  it("rejects a first tx that carries no public key", async () => {
    expect(await checkTx(txFrom(5, { publicKey: null }))).toEqual({
      code: 8,
      codespace: "sdk",
      log: "unrecognized public key type: <nil>: invalid pubkey",
    });
  });

  it("rejects sign modes other than SIGN_MODE_DIRECT", async () => {
    const { address } = devnetKey(chain, 5);
    const account = chain.account(address);
    expect(await checkTx(txFrom(5, { signMode: SignMode.SIGN_MODE_UNSPECIFIED }))).toEqual({
      code: 4,
      codespace: "sdk",
      log: `signature verification failed; please verify account number (${account?.accountNumber}) and chain-id (nillion-chain-devnet): (unsupported sign mode SIGN_MODE_UNSPECIFIED): unauthorized`,
    });
  });

  it("rejects a tx without signatures", async () => {
    const tx = TxRaw.decode(txFrom(5));
    const unsigned = TxRaw.encode({ ...tx, signatures: [] }).finish();
    expect(await checkTx(unsigned)).toEqual({ code: 15, codespace: "sdk", log: "no signatures supplied" });
  });
});

describe("sequences", () => {
  it("rejects a replayed sequence and a future one, and refuses identical bytes as already seen", async () => {
    const { address } = devnetKey(chain, 6);
    const first = txFrom(6);
    expect((await checkTx(first)).code).toBe(0);
    await chain.waitForTx(Buffer.from(sha256(first)).toString("hex"));
    expect(chain.account(address)?.sequence).toBe(1n);

    expect(await checkTx(txFrom(6, { sequence: 0n }))).toEqual({
      code: 32,
      codespace: "sdk",
      log: "account sequence mismatch, expected 1, got 0: incorrect account sequence",
    });
    expect(await checkTx(txFrom(6, { sequence: 5n }))).toEqual({
      code: 32,
      codespace: "sdk",
      log: "account sequence mismatch, expected 1, got 5: incorrect account sequence",
    });
    const { error } = await broadcast(chain.urls.rpc, first);
    expect(error).toEqual({ code: -32603, message: "Internal error", data: "tx already exists in cache" });
  });

  it("admits consecutive sequences before they are in a block", async () => {
    const { address } = devnetKey(chain, 7);
    chain.pause();
    try {
      expect((await checkTx(txFrom(7, { sequence: 0n }))).code).toBe(0);
      expect((await checkTx(txFrom(7, { sequence: 1n }))).code).toBe(0);
      expect((await checkTx(txFrom(7, { sequence: 1n, memo: "again" }))).code).toBe(32);
    } finally {
      chain.resume();
    }
    chain.produceBlock();
    expect(chain.account(address)?.sequence).toBe(2n);
  });
});

describe("fees and funds", () => {
  it("rejects a fee the payer cannot cover", async () => {
    const account = chain.account(poorAddress);
    const tx = signTx({
      key: poor,
      messages: [payForAny(poorAddress, 1n)],
      accountNumber: account?.accountNumber ?? 0n,
      sequence: 0n,
      fee: [{ denom: "unil", amount: "100" }],
    });
    expect(await checkTx(tx)).toEqual({
      code: 5,
      codespace: "sdk",
      log: "spendable balance 10unil is smaller than 100unil: insufficient funds: insufficient funds",
    });
  });

  it("takes a non-zero fee into the fee collector", async () => {
    const account = chain.account(poorAddress);
    const tx = signTx({
      key: poor,
      messages: [payForAny(poorAddress, 2n)],
      accountNumber: account?.accountNumber ?? 0n,
      sequence: 0n,
      fee: [{ denom: "unil", amount: "3" }],
    });
    expect((await checkTx(tx)).code).toBe(0);
    const included = await chain.waitForTx(Buffer.from(sha256(tx)).toString("hex"));
    expect(included.code).toBe(0);
    expect(chain.balance(poorAddress)).toBe(5n);
    expect(chain.balance("nillion17xpfvakm2amg962yls6f84z3kell8c5lteanq7")).toBe(3n);
  });

  it("fails an underfunded payment in its block, not in CheckTx, keeping fee and sequence", async () => {
    const account = chain.account(poorAddress);
    const tx = signTx({
      key: poor,
      messages: [payForAny(poorAddress, 1_000n)],
      accountNumber: account?.accountNumber ?? 0n,
      sequence: account?.sequence ?? 0n,
      fee: [{ denom: "unil", amount: "1" }],
    });
    expect((await checkTx(tx)).code).toBe(0);
    const included = await chain.waitForTx(Buffer.from(sha256(tx)).toString("hex"));
    expect({ code: included.code, codespace: included.codespace, log: included.log }).toEqual({
      code: 1,
      codespace: "undefined",
      log: "internal",
    });
    expect(chain.balance(poorAddress)).toBe(4n);
    expect(chain.account(poorAddress)?.sequence).toBe(2n);
  });

  it("refuses a fee payer without an account", async () => {
    const tx = signTx({
      key: stranger,
      messages: [payForAny(strangerAddress, 1n)],
      accountNumber: 0n,
      sequence: 0n,
    });
    expect(await checkTx(tx)).toEqual({
      code: 9,
      codespace: "sdk",
      log: `fee payer address: ${strangerAddress} does not exist: unknown address`,
    });
  });
});

describe("tx shape", () => {
  it("refuses an unknown message type", async () => {
    const tx = txFrom(8, {
      messages: [{ typeUrl: "/cosmos.staking.v1beta1.MsgDelegate", value: new Uint8Array([10, 1, 65]) }],
    });
    expect(await checkTx(tx)).toEqual({
      code: 2,
      codespace: "sdk",
      log: "unable to resolve type URL /cosmos.staking.v1beta1.MsgDelegate: tx parse error",
    });
  });

  it("refuses an amount that is not an integer while decoding", async () => {
    const { address } = devnetKey(chain, 8);
    expect(await checkTx(txFrom(8, { messages: [payForAny(address, "12abc")] }))).toEqual({
      code: 2,
      codespace: "sdk",
      log: 'math/big: cannot unmarshal "12abc" into a *big.Int: tx parse error',
    });
  });

  it("refuses garbage bytes", async () => {
    expect(await checkTx(new Uint8Array([0x08, 0x01]))).toEqual({
      code: 2,
      codespace: "sdk",
      log: "expected 2 wire type, got 0: tx parse error",
    });
  });

  it("refuses a memo over 256 bytes and a passed timeout height", async () => {
    expect(await checkTx(txFrom(8, { memo: "x".repeat(257) }))).toEqual({
      code: 12,
      codespace: "sdk",
      log: "maximum number of characters is 256 but received 257 characters: memo too large",
    });
    expect(await checkTx(txFrom(8, { timeoutHeight: 1n }))).toEqual({
      code: 30,
      codespace: "sdk",
      log: `block height: ${chain.height}, timeout height: 1: tx timeout height`,
    });
  });
});

describe("gas", () => {
  it("runs out of gas in CheckTx when the limit does not cover the tx's size (or is zero)", async () => {
    for (const gasLimit of [1_000n, 0n]) {
      const tx = txFrom(9, { gasLimit });
      expect(await checkTx(tx)).toEqual({
        code: 11,
        codespace: "sdk",
        log: `out of gas in location: txSize; gasWanted: ${gasLimit}, gasUsed: ${tx.length * 10}: out of gas`,
      });
    }
  });

  it("runs out of gas in the block when the limit covers the ante handler but not the payment", async () => {
    const { address } = devnetKey(chain, 9);
    const probe = txFrom(9, { memo: "probe" });
    const { body } = await rpc(chain.urls.rpc, "broadcast_tx_commit", {
      tx: Buffer.from(probe).toString("base64"),
    });
    const anteGas = BigInt(body.result.check_tx.gas_used);
    const balance = chain.balance(address);
    const sequence = chain.account(address)?.sequence ?? 0n;

    const tx = txFrom(9, { memo: "short", gasLimit: anteGas + 100n });
    expect((await checkTx(tx)).code).toBe(0);
    const included = await chain.waitForTx(Buffer.from(sha256(tx)).toString("hex"));
    expect(included.code).toBe(11);
    expect(included.log).toMatch(
      new RegExp(`^out of gas in location: \\w+; gasWanted: ${anteGas + 100n}, gasUsed: \\d+: out of gas$`),
    );
    expect(included.gasUsed).toBeGreaterThan(included.gasWanted);
    expect(chain.balance(address)).toBe(balance);
    expect(chain.account(address)?.sequence).toBe(sequence + 1n);
  });
});
