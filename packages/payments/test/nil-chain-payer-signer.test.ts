// Paying with a cosmjs OfflineDirectSigner: a mnemonic wallet, and a signer that behaves like a browser
// extension (asynchronous, waits for the user's approval, may be refused, may change the fee).
import {
  DirectSecp256k1HdWallet,
  DirectSecp256k1Wallet,
  type OfflineDirectSigner,
} from "@cosmjs/proto-signing";
import { createPaymentsMessage, MSG_PAY_FOR_TYPE_URL, NilChainPayer, type Quote } from "@nillion/payments";
import { hexToBytes, InvalidArgumentError, PaymentError } from "@nillion/types";
import { afterEach, describe, expect, it } from "vitest";
import { encodeAuthInfo, SIGN_MODE_DIRECT } from "../src/cosmos-codec.js";
import { CHAIN_ID, FakeComet, KEY_0 } from "./fake-comet.js";

const MNEMONIC =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

let comet: FakeComet | undefined;
afterEach(async () => {
  await comet?.close();
  comet = undefined;
});

const resource = () => crypto.getRandomValues(new Uint8Array(32));

/** An extension-like signer over devnet key 0: every signature waits for `approve()` or `reject()`. */
async function extensionSigner() {
  const wallet = await DirectSecp256k1Wallet.fromKey(hexToBytes(KEY_0.privateKey), "nillion");
  const pending: Array<{ approve: () => void; reject: (reason: Error) => void }> = [];
  const signer: OfflineDirectSigner = {
    getAccounts: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return wallet.getAccounts();
    },
    signDirect: (address, signDoc) =>
      new Promise((resolve, reject) => {
        pending.push({
          approve: () => resolve(wallet.signDirect(address, signDoc)),
          reject,
        });
      }),
  };
  const nextRequest = async () => {
    while (pending.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return pending.shift() as (typeof pending)[number];
  };
  return { signer, nextRequest };
}

describe("NilChainPayer.connectWithSigner", () => {
  it("pays with a mnemonic wallet (DirectSecp256k1HdWallet)", async () => {
    comet = await FakeComet.start();
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(MNEMONIC, { prefix: "nillion" });
    const [account] = await wallet.getAccounts();
    comet.fund(account?.address ?? "", account?.pubkey ?? new Uint8Array(), 1_000n);
    const payer = await NilChainPayer.connectWithSigner(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      wallet,
      { pollIntervalMs: 5 },
    );
    expect(payer.walletAddress).toBe(account?.address);
    const txHash = await payer.submitPayment(400n, resource());
    expect(comet.seen.map((tx) => tx.hash)).toEqual([txHash]);
    expect(await payer.balance()).toBe(600n);
  });

  it("pays once the extension-like signer approves", async () => {
    comet = await FakeComet.start();
    const { signer, nextRequest } = await extensionSigner();
    const payer = await NilChainPayer.connectWithSigner(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      signer,
      {
        pollIntervalMs: 5,
      },
    );
    expect(payer.walletAddress).toBe(KEY_0.address);
    const paying = payer.submitPayment(1_000n, resource());
    const request = await nextRequest();
    // Nothing leaves before the user approves.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(comet.seen).toEqual([]);
    request.approve();
    expect(await paying).toBe(comet.seen[0]?.hash);
    expect(comet.balanceOf(KEY_0.address)).toBe(10_000_000n - 1_000n);
  });

  it("a user's refusal is a PaymentError and nothing is sent or paid", async () => {
    comet = await FakeComet.start();
    const { signer, nextRequest } = await extensionSigner();
    const payer = await NilChainPayer.connectWithSigner(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      signer,
      {
        pollIntervalMs: 5,
      },
    );
    const paying = payer.submitPayment(1_000n, resource());
    (await nextRequest()).reject(new Error("Request rejected"));
    const error = await paying.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentError);
    expect((error as PaymentError).details).toEqual({ reason: "signer-refused" });
    expect((error as Error).message).toBe(
      `payment of 1000 unil from ${KEY_0.address} was not signed: the signer refused (Request rejected); nothing was sent`,
    );
    expect(comet.calls).not.toContain("broadcast_tx_sync");
    expect(comet.balanceOf(KEY_0.address)).toBe(10_000_000n);
    // The refusal frees the queue: the next payment goes through.
    const next = payer.submitPayment(5n, resource());
    (await nextRequest()).approve();
    await next;
    expect(comet.seen).toHaveLength(1);
  });

  it("an abort while the user decides rejects with the signal's reason and sends nothing", async () => {
    comet = await FakeComet.start();
    const { signer, nextRequest } = await extensionSigner();
    const payer = await NilChainPayer.connectWithSigner(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      signer,
      {
        pollIntervalMs: 5,
      },
    );
    const controller = new AbortController();
    const paying = payer.submitPayment(1_000n, resource(), { signal: controller.signal });
    const request = await nextRequest();
    const reason = new Error("user closed the page");
    controller.abort(reason);
    await expect(paying).rejects.toBe(reason);
    request.approve();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(comet.calls).not.toContain("broadcast_tx_sync");
  });

  it("sends what the wallet signed, when the wallet changed the fee", async () => {
    comet = await FakeComet.start();
    const wallet = await DirectSecp256k1Wallet.fromKey(hexToBytes(KEY_0.privateKey), "nillion");
    const [account] = await wallet.getAccounts();
    const raisesFee: OfflineDirectSigner = {
      getAccounts: () => wallet.getAccounts(),
      signDirect: (address, signDoc) =>
        wallet.signDirect(address, {
          ...signDoc,
          authInfoBytes: encodeAuthInfo({
            publicKey: account?.pubkey ?? new Uint8Array(),
            sequence: 0n,
            signMode: SIGN_MODE_DIRECT,
            fee: { amount: [{ denom: "unil", amount: "7" }], gasLimit: 123_456n },
          }),
        }),
    };
    const payer = await NilChainPayer.connectWithSigner(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      raisesFee,
      {
        pollIntervalMs: 5,
        gasLimit: 100_000n,
      },
    );
    await payer.submitPayment(10n, resource());
    expect(comet.seen[0]?.fee).toEqual([{ denom: "unil", amount: "7" }]);
    expect(comet.seen[0]?.gasLimit).toBe(123_456n);
  });

  it("refuses what is not a secp256k1 direct signer", async () => {
    const network = { chainId: CHAIN_ID, chainEndpoint: "http://127.0.0.1:1" };
    const notSigners = [
      {},
      { getAccounts: async () => [] },
      { getAccounts: async () => [], signDirect: async () => ({}) },
      {
        getAccounts: async () => [{ address: "x", algo: "ed25519", pubkey: new Uint8Array(32) }],
        signDirect: async () => ({}),
      },
    ];
    for (const signer of notSigners) {
      const error = await NilChainPayer.connectWithSigner(
        network,
        signer as unknown as OfflineDirectSigner,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("signer");
    }
  });

  it("a signer that will not give its accounts is a PaymentError", async () => {
    const signer = {
      getAccounts: async () => {
        throw new Error("Request rejected");
      },
      signDirect: async () => ({}),
    } as unknown as OfflineDirectSigner;
    await expect(
      NilChainPayer.connectWithSigner({ chainId: CHAIN_ID, chainEndpoint: "http://127.0.0.1:1" }, signer),
    ).rejects.toMatchObject({ name: "PaymentError", details: { reason: "signer-refused" } });
  });
});

describe("the MsgPayFor builders", () => {
  it("NilChainPayer.prepareMsg builds the message the payer sends", async () => {
    comet = await FakeComet.start();
    const payer = await NilChainPayer.connect(
      { chainId: CHAIN_ID, chainEndpoint: comet.url },
      KEY_0.privateKey,
      {
        pollIntervalMs: 5,
        gasLimit: 100_000n,
      },
    );
    const paid = resource();
    await payer.submitPayment(42n, paid);
    const message = NilChainPayer.prepareMsg(paid, KEY_0.address, 42n);
    expect(message.typeUrl).toBe(MSG_PAY_FOR_TYPE_URL);
    expect(message.value).toEqual(comet.seen[0]?.payFor);
  });

  it("createPaymentsMessage pays a quote's price for its nonce", () => {
    const nonce = resource();
    const quote = { tokens: 1_000_000n, quote: { nonce } } as unknown as Quote;
    const message = createPaymentsMessage(quote, KEY_0.address);
    expect(message.value.resource).toEqual(nonce);
    expect(message.value.fromAddress).toBe(KEY_0.address);
    expect(message.value.amount.map(({ denom, amount }) => ({ denom, amount }))).toEqual([
      { denom: "unil", amount: "1000000" },
    ]);
  });

  it("the builders check their arguments", () => {
    expect(() => NilChainPayer.prepareMsg("x" as unknown as Uint8Array, KEY_0.address, 1n)).toThrow(
      expect.objectContaining({ argument: "resource" }),
    );
    expect(() => NilChainPayer.prepareMsg(resource(), "", 1n)).toThrow(
      expect.objectContaining({ argument: "fromAddress" }),
    );
    expect(() => NilChainPayer.prepareMsg(resource(), KEY_0.address, 0n)).toThrow(
      expect.objectContaining({ argument: "amount" }),
    );
  });
});
