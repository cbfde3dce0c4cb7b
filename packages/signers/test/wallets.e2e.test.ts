// Threshold keys as wallets on real devnets of 3 and 5 nodes, over real sockets: a key the client imported
// and a key from DKG, each as a viem account (messages, typed data and three transaction types, checked
// with viem's own verification and recovery) and as a cosmjs signer whose MsgSend (through cosmjs) and
// MsgPayFor (through NilChainPayer) the chain emulator accepts (it verifies signatures as the Cosmos SDK
// does) and whose address pays; and a key another user knows by its id alone, loaded with its public key.
import { DirectSecp256k1Wallet, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
import { NilChainPayer } from "@nillion/payments";
import {
  loadThresholdKey,
  ThresholdCosmosSigner,
  type ThresholdKeyReference,
  thresholdAccount,
} from "@nillion/signers";
import { EcdsaPrivateKey, Permissions, PermissionsDelta, SecretInteger, type ValuesId } from "@nillion/types";
import { VmClient } from "@nillion/vm-client";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import {
  parseTransaction,
  recoverTransactionAddress,
  type TransactionSerialized,
  verifyMessage,
  verifyTypedData,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userKey } from "./user-key.js";

/** What a paid operation costs on the devnet, in unil. */
const PRICE = 1_000_000n;
/** Gas is free on the devnet; the limit is generous for one message. */
const FEE = { amount: [{ denom: "unil", amount: "0" }], gas: "400000" };

/** A cosmjs client of the chain at `rpcUrl` signing with `signer`; devnet blocks come every 10 ms. */
const chainClient = (rpcUrl: string, signer: OfflineDirectSigner) =>
  SigningStargateClient.connectWithSigner(rpcUrl, signer, { broadcastPollIntervalMs: 50 });

const TYPED_DATA = {
  domain: {
    name: "Ether Mail",
    version: "1",
    chainId: 1,
    verifyingContract: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC",
  },
  types: {
    Person: [
      { name: "name", type: "string" },
      { name: "wallet", type: "address" },
    ],
    Mail: [
      { name: "from", type: "Person" },
      { name: "to", type: "Person" },
      { name: "contents", type: "string" },
    ],
  },
  primaryType: "Mail",
  message: {
    from: { name: "Cow", wallet: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
    to: { name: "Bob", wallet: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
    contents: "Hello, Bob!",
  },
} as const;

const RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const TRANSACTIONS = {
  legacy: {
    type: "legacy",
    chainId: 1,
    nonce: 7,
    gasPrice: 20_000_000_000n,
    gas: 21_000n,
    to: RECIPIENT,
    value: 10n ** 15n,
  },
  eip2930: {
    type: "eip2930",
    chainId: 1,
    nonce: 8,
    gasPrice: 20_000_000_000n,
    gas: 30_000n,
    to: RECIPIENT,
    value: 1n,
    accessList: [{ address: RECIPIENT, storageKeys: [`0x${"00".repeat(31)}01`] }],
  },
  eip1559: {
    type: "eip1559",
    chainId: 11_155_111,
    nonce: 9,
    maxFeePerGas: 30_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    gas: 21_000n,
    to: RECIPIENT,
    value: 2n,
    data: "0xdeadbeef",
  },
} as const;

/** A devnet of `nodeCount` nodes, and a user (`alice`) paying from her balance, funded from a wallet. */
async function walletDevnet(nodeCount: number) {
  const devnet = await startDevnet({ nodeCount, envFile: false });
  const funded = devnet.fundedKeys[0];
  if (funded === undefined) throw new Error("the devnet has no funded key");
  const fundingWallet = await DirectSecp256k1Wallet.fromKey(Buffer.from(funded.privateKey, "hex"), "nillion");
  const funding = await chainClient(devnet.chain.rpcUrl, fundingWallet);
  const payer = await NilChainPayer.connect(devnet.network, funded.privateKey);
  const alice = await VmClient.create(userKey(), devnet.network, payer, { paymentMode: "balance" });
  await alice.addFunds(200n * PRICE);
  return { devnet, funded: funded.address, funding, alice, payer };
}

/** A secp256k1 key alice stores as the sign built-in's input, allowed to sign with it. */
async function importedKey(
  alice: VmClient,
): Promise<{ keyId: ValuesId; publicKey: Uint8Array; privateKey: Uint8Array }> {
  const privateKey = secp256k1.utils.randomSecretKey();
  const permissions = Permissions.defaultsForUser(alice.userId).allowCompute(
    alice.userId,
    "builtin/tecdsa_sign",
  );
  const keyId = await alice
    .storeValues({ tecdsa_private_key: new EcdsaPrivateKey(privateKey) }, { ttlDays: 1, permissions })
    .invoke();
  return { keyId, publicKey: secp256k1.getPublicKey(privateKey, true), privateKey };
}

describe.each([3, 5])("on a %i-node devnet", (nodeCount) => {
  let devnet: TestDevnet;
  let funded: string;
  let funding: SigningStargateClient;
  let alice: VmClient;
  let alicePayer: NilChainPayer;
  const keys: Record<"imported" | "dkg", ThresholdKeyReference & { privateKey?: Uint8Array }> = {} as never;
  beforeAll(async () => {
    ({ devnet, funded, funding, alice, payer: alicePayer } = await walletDevnet(nodeCount));
    keys.imported = await importedKey(alice);
    keys.dkg = await alice.generateThresholdKey({ curve: "ecdsa" }).invoke();
  });
  afterAll(async () => {
    alice?.close();
    funding?.disconnect();
    await devnet?.stop();
  });

  describe.each(["imported", "dkg"] as const)("a key from %s", (source) => {
    it("as a viem account: verifyMessage and verifyTypedData accept its signatures for its address", async () => {
      const key = keys[source];
      const account = thresholdAccount(alice, key);
      if (key.privateKey) expect(account.address).toBe(privateKeyToAccount(hex(key.privateKey)).address);
      const message = "gm from a key that is nowhere in one piece";
      const signature = await account.signMessage({ message });
      expect(await verifyMessage({ address: account.address, message, signature })).toBe(true);
      const raw = await account.signMessage({ message: { raw: new Uint8Array([1, 2, 3]) } });
      expect(
        await verifyMessage({ address: account.address, message: { raw: "0x010203" }, signature: raw }),
      ).toBe(true);
      const typed = await account.signTypedData(TYPED_DATA);
      expect(await verifyTypedData({ address: account.address, ...TYPED_DATA, signature: typed })).toBe(true);
    });

    it.each(Object.keys(TRANSACTIONS) as (keyof typeof TRANSACTIONS)[])(
      "as a viem account: a signed %s transaction parses and recovers to its address",
      async (type) => {
        const account = thresholdAccount(alice, keys[source]);
        const transaction = TRANSACTIONS[type];
        // The union of the three literal types widens signTransaction's return to plain hex.
        const serialized = (await account.signTransaction(transaction)) as TransactionSerialized;
        const parsed = parseTransaction(serialized);
        expect(parsed).toMatchObject({ ...transaction, to: RECIPIENT });
        expect(parsed.r).toMatch(/^0x[0-9a-f]{1,64}$/);
        expect(typeof parsed.yParity).toBe("number");
        expect(await recoverTransactionAddress({ serializedTransaction: serialized })).toBe(account.address);
      },
    );

    it("as a cosmjs signer: the chain accepts its MsgSend and its MsgPayFor for a store, and charges its address", async () => {
      const key = keys[source];
      const signer = new ThresholdCosmosSigner(alice, key);
      if (key.privateKey) {
        const [local] = await (await DirectSecp256k1Wallet.fromKey(key.privateKey, "nillion")).getAccounts();
        expect(signer.address).toBe(local?.address);
      }
      const start = BigInt((await funding.getBalance(signer.address, "unil")).amount);
      const funds = await funding.sendTokens(
        funded,
        signer.address,
        [{ denom: "unil", amount: "5000000" }],
        FEE,
      );
      expect(funds.code).toBe(0);

      const threshold = await chainClient(devnet.chain.rpcUrl, signer);
      try {
        const sent = await threshold.sendTokens(
          signer.address,
          funded,
          [{ denom: "unil", amount: "1000000" }],
          FEE,
        );
        expect(sent.code).toBe(0);
        const balance = async () => BigInt((await threshold.getBalance(signer.address, "unil")).amount);
        expect(await balance()).toBe(start + 4_000_000n);

        // bob pays from the threshold key's address: NilChainPayer sends one MsgPayFor signed by the cluster.
        const payer = await NilChainPayer.connectWithSigner(devnet.network, signer);
        expect(payer.walletAddress).toBe(signer.address);
        const bob = await VmClient.create(userKey(), devnet.network, payer, { paymentMode: "per-operation" });
        try {
          const id = await bob.storeValues({ secret: new SecretInteger(42n) }, { ttlDays: 1 }).invoke();
          expect(await payer.balance()).toBe(start + 4_000_000n - PRICE);
          const values = await bob.retrieveValues(id).invoke();
          expect(values["secret"]).toEqual(new SecretInteger(42n));
          expect(await balance()).toBe(start + 4_000_000n - 2n * PRICE);
        } finally {
          bob.close();
        }
      } finally {
        threshold.disconnect();
      }
    });
  });

  it("a key known by its id alone: carol, allowed only to sign, loads its public key and signs for its addresses", async () => {
    const key = await importedKey(alice);
    const carol = await VmClient.create(userKey(), devnet.network, alicePayer, { paymentMode: "balance" });
    try {
      await alice
        .updatePermissions(
          key.keyId,
          new PermissionsDelta().grantCompute(carol.userId, "builtin/tecdsa_sign"),
        )
        .invoke();
      await carol.addFunds(20n * PRICE);
      const loaded = await loadThresholdKey(carol, key.keyId.toString());
      expect(loaded.curve).toBe("ecdsa");
      expect(loaded.keyId.equals(key.keyId)).toBe(true);
      expect(loaded.publicKey.value).toEqual(key.publicKey);

      const account = thresholdAccount(carol, loaded);
      expect(account.address).toBe(privateKeyToAccount(hex(key.privateKey)).address);
      const signature = await account.signMessage({ message: "signed by a key carol cannot read" });
      expect(
        await verifyMessage({
          address: account.address,
          message: "signed by a key carol cannot read",
          signature,
        }),
      ).toBe(true);
      const [local] = await (await DirectSecp256k1Wallet.fromKey(key.privateKey, "nillion")).getAccounts();
      expect(new ThresholdCosmosSigner(carol, loaded).address).toBe(local?.address);
    } finally {
      carol.close();
    }
  });
});

const hex = (bytes: Uint8Array): `0x${string}` => `0x${Buffer.from(bytes).toString("hex")}`;
