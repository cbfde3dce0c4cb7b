// What the signers refuse, and when, on a real 3-node devnet: keys they cannot use and malformed input
// are refused before anything reaches a node; a user the nodes refuse pays once, gets a
// PermissionDeniedError, and is refused without paying from then on; a signal stops a signing.
import { type StdSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
import { NilChainPayer } from "@nillion/payments";
import {
  loadThresholdKey,
  ThresholdCosmosSigner,
  ThresholdEcdsaKey,
  thresholdAccount,
} from "@nillion/signers";
import {
  InvalidArgumentError,
  PaymentError,
  PermissionDeniedError,
  PermissionsDelta,
  SecretInteger,
  type ValuesId,
} from "@nillion/types";
import { VmClient, type VmClientOptions } from "@nillion/vm-client";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userKey } from "./user-key.js";

const DIGEST = sha256(new TextEncoder().encode("refusals"));

/** The rejection of `attempt`, which must reject. */
const failureOf = (attempt: Promise<unknown>) =>
  attempt.then(
    () => expect.fail("expected a rejection"),
    (reason: unknown) => reason,
  );

let devnet: TestDevnet;
let payer: NilChainPayer;
let fundedKey: { privateKey: string; address: string };
let alice: VmClient;
let key: { keyId: ValuesId; publicKey: Uint8Array };

/** A new user paying per operation, and the node calls it makes (`Service/Method`). */
async function user(options: VmClientOptions = {}) {
  const calls: string[] = [];
  const client = await VmClient.create(userKey(), devnet.network, payer, {
    ...options,
    interceptors: [
      (next) => (request) => {
        calls.push(`${request.service.name}/${request.method.name}`);
        return next(request);
      },
    ],
  });
  calls.length = 0; // connecting reads the cluster; only what the test does counts
  return { client, calls };
}

beforeAll(async () => {
  devnet = await startDevnet({ envFile: false });
  const funded = devnet.fundedKeys[0];
  if (funded === undefined) throw new Error("the devnet has no funded key");
  fundedKey = funded;
  payer = await NilChainPayer.connect(devnet.network, funded.privateKey);
  alice = await VmClient.create(userKey(), devnet.network, payer);
  const generated = await alice.generateThresholdKey({ curve: "ecdsa" }).invoke();
  key = { keyId: generated.keyId, publicKey: generated.publicKey.value };
});
afterAll(async () => {
  alice?.close();
  await devnet?.stop();
});

describe("refused before any node call", () => {
  it("an EdDSA key, as generateThresholdKey returns it: an InvalidArgumentError naming the key", async () => {
    const eddsa = await alice.generateThresholdKey({ curve: "eddsa" }).invoke();
    for (const make of [
      () => thresholdAccount(alice, eddsa),
      () => new ThresholdCosmosSigner(alice, eddsa),
      () => new ThresholdEcdsaKey(alice, { keyId: eddsa.keyId, publicKey: eddsa.publicKey.value }),
    ]) {
      const error = (() => {
        try {
          make();
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: expect.stringMatching(/^key/) });
      expect((error as Error).message).toMatch(/Ed25519|EdDSA/);
    }
  });

  it.each([
    ["a key id that is not a UUID", { keyId: "not-a-uuid" }, "key.keyId"],
    ["a public key of the wrong size", { publicKey: new Uint8Array(20) }, "key.publicKey"],
    [
      "bytes that are not a curve point",
      { publicKey: Uint8Array.of(2, ...new Uint8Array(32).fill(0xff)) },
      "key.publicKey",
    ],
  ])("%s: an InvalidArgumentError naming %s", (_, change, argument) => {
    expect(() => thresholdAccount(alice, { ...key, ...change })).toThrow(
      expect.objectContaining({ name: "InvalidArgumentError", argument }),
    );
  });

  it("a key without its public key: an InvalidArgumentError pointing at loadThresholdKey", () => {
    for (const make of [
      () => thresholdAccount(alice, { keyId: key.keyId } as never),
      () => new ThresholdCosmosSigner(alice, { keyId: key.keyId } as never),
    ]) {
      expect(make).toThrow(
        expect.objectContaining({
          name: "InvalidArgumentError",
          argument: "key.publicKey",
          message: expect.stringMatching(/missing.*loadThresholdKey/),
        }),
      );
    }
  });

  it("loadThresholdKey with a key id that is not a UUID, or bad options: no node call", async () => {
    const { client, calls } = await user();
    expect(await failureOf(loadThresholdKey(client, "not-a-uuid"))).toMatchObject({ argument: "keyId" });
    expect(await failureOf(loadThresholdKey(client, key.keyId, { timeoutMs: -1 }))).toMatchObject({
      argument: "options.timeoutMs",
    });
    expect(await failureOf(loadThresholdKey({} as never, key.keyId))).toMatchObject({ argument: "client" });
    expect(calls).toEqual([]);
    client.close();
  });

  it("a bad bech32 prefix, a foreign signer address, a digest of the wrong size: no node call", async () => {
    const { client, calls } = await user();
    expect(() => new ThresholdCosmosSigner(client, key, { prefix: "Not A Prefix" })).toThrow(
      expect.objectContaining({ argument: "prefix" }),
    );
    const signer = new ThresholdCosmosSigner(client, key, { prefix: "cosmos" });
    expect(signer.address).toMatch(/^cosmos1/);
    const doc = {
      bodyBytes: new Uint8Array(),
      authInfoBytes: new Uint8Array(),
      chainId: "x",
      accountNumber: 0n,
    };
    expect(await failureOf(signer.signDirect("cosmos1someoneelse", doc))).toMatchObject({
      argument: "signerAddress",
    });
    expect(await failureOf(signer.thresholdKey.sign(new Uint8Array(31)))).toMatchObject({
      argument: "digest",
    });
    expect(calls).toEqual([]);
    client.close();
  });

  it("an aborted signal, on the account or on the call: rejects with its reason, nothing quoted", async () => {
    const { client, calls } = await user();
    const reason = new Error("the user closed the tab");
    const account = thresholdAccount(client, key, { signal: AbortSignal.abort(reason) });
    expect(await failureOf(account.signMessage({ message: "gm" }))).toBe(reason);
    const signer = new ThresholdCosmosSigner(client, key);
    expect(await failureOf(signer.thresholdKey.sign(DIGEST, { signal: AbortSignal.abort(reason) }))).toBe(
      reason,
    );
    expect(calls.filter((call) => call.endsWith("/PriceQuote"))).toEqual([]);
    client.close();
  });
});

describe("who may sign", () => {
  it("a stranger pays once and gets a PermissionDeniedError; later signings are refused unpaid", async () => {
    const { client: bob, calls } = await user();
    const account = thresholdAccount(bob, key);
    const first = await failureOf(account.signMessage({ message: "let me in" }));
    expect(first).toBeInstanceOf(PermissionDeniedError);
    expect(calls.filter((call) => call.endsWith("/PriceQuote"))).toHaveLength(1);
    const before = calls.length;
    const second = await failureOf(
      account.signTypedData({ types: {}, primaryType: "EIP712Domain", domain: {} }),
    );
    expect(second).toBeInstanceOf(PermissionDeniedError);
    expect((second as Error).message).toMatch(/refused an earlier signing .* not paid for/);
    expect((second as Error).cause).toBe(first);
    expect(calls.length).toBe(before);
    bob.close();
  });

  it("a stranger cannot load alice's key: the nodes' PermissionDeniedError", async () => {
    const { client: dave } = await user();
    expect(await failureOf(loadThresholdKey(dave, key.keyId))).toBeInstanceOf(PermissionDeniedError);
    dave.close();
  });

  it("a stranger's threshold signer as a payer's wallet: a PaymentError caused by the refusal, nothing broadcast", async () => {
    const { client: erin } = await user();
    const signer = new ThresholdCosmosSigner(erin, key);
    // The payer reads the account before signing, so the address must exist on chain.
    const funding = await SigningStargateClient.connectWithSigner(
      devnet.chain.rpcUrl,
      await DirectSecp256k1Wallet.fromKey(Buffer.from(fundedKey.privateKey, "hex"), "nillion"),
      { broadcastPollIntervalMs: 50 },
    );
    const fee = { amount: [{ denom: "unil", amount: "0" }], gas: "200000" };
    const coins = [{ denom: "unil", amount: "5000000" }];
    expect((await funding.sendTokens(fundedKey.address, signer.address, coins, fee)).code).toBe(0);
    const walletPayer = await NilChainPayer.connectWithSigner(devnet.network, signer);
    const frank = await VmClient.create(userKey(), devnet.network, walletPayer, {
      paymentMode: "per-operation",
    });
    try {
      const failure = await failureOf(
        frank.storeValues({ n: new SecretInteger(1n) }, { ttlDays: 1 }).invoke(),
      );
      expect(failure).toBeInstanceOf(PaymentError);
      expect(failure).toMatchObject({ details: { reason: "signer-refused" } });
      expect((failure as Error).cause).toBeInstanceOf(PermissionDeniedError);
      expect(await walletPayer.balance()).toBe(5_000_000n);
    } finally {
      frank.close();
      erin.close();
      funding.disconnect();
    }
  });

  it("a user granted compute on builtin/tecdsa_sign signs with alice's key; alice's account verifies", async () => {
    const { client: carol } = await user();
    await alice
      .updatePermissions(key.keyId, new PermissionsDelta().grantCompute(carol.userId, "builtin/tecdsa_sign"))
      .invoke();
    const signature = await new ThresholdEcdsaKey(carol, key).sign(DIGEST);
    expect(secp256k1.verify(signature.compact, DIGEST, key.publicKey, { prehash: false })).toBe(true);
    carol.close();
  });
});

it("signAmino: the signature verifies over SHA-256 of the canonical amino JSON, under the account's key", async () => {
  const signer = new ThresholdCosmosSigner(alice, key);
  const doc: StdSignDoc = {
    chain_id: "nillion-chain-devnet",
    account_number: "3",
    sequence: "1",
    fee: { amount: [{ denom: "unil", amount: "0" }], gas: "200000" },
    msgs: [
      {
        type: "cosmos-sdk/MsgSend",
        value: { from_address: signer.address, to_address: signer.address, amount: [] },
      },
    ],
    memo: "amino",
  };
  const { signed, signature } = await signer.signAmino(signer.address, doc);
  expect(signed).toBe(doc);
  const [account] = await signer.getAccounts();
  expect(signature.pub_key.value).toBe(Buffer.from(account?.pubkey ?? []).toString("base64"));
  const compact = Buffer.from(signature.signature, "base64");
  expect(secp256k1.verify(compact, sha256(serializeSignDoc(doc)), key.publicKey, { prehash: false })).toBe(
    true,
  );
});
