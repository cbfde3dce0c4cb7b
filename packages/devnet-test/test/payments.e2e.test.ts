// Payments end to end: NilChainPayer against the chain emulator, and the client's payment modes against
// the leader — balance with its fallback to chain, per operation, add-funds — with every refusal a
// user can meet (a reused receipt or quote, an unknown transaction, a wallet that cannot pay).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DirectSecp256k1Wallet, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { DEVNET_NODE_VERSION } from "@nillion/devnet";
import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
import { balanceSupported, NilChainPayer } from "@nillion/payments";
import {
  InvalidArgumentError,
  PaymentError,
  Permissions,
  PermissionsDelta,
  SecretInteger,
  UnavailableError,
  type ValuesId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eSession, failureOf, openSession, PRICE } from "./e2e-session.js";

const resource = () => new Uint8Array(randomBytes(32));
const ARITH_BASIC = path.resolve(
  import.meta.dirname,
  "../../../../shared/fixtures/nada/arith_basic.nada.bin",
);

type SignedReceipt = Parameters<VmClient["invokePoolStatus"]>[0];

describe("NilChainPayer on the chain emulator", () => {
  let devnet: TestDevnet;
  beforeAll(async () => {
    devnet = await startDevnet();
  });
  afterAll(() => devnet.stop());

  async function payerWith(unil: bigint, options = {}) {
    const wallet = devnet.createFundedKey(unil);
    const payer = await NilChainPayer.connect(devnet.network, wallet.privateKey, {
      pollIntervalMs: 10,
      ...options,
    });
    expect(payer.walletAddress).toBe(wallet.address);
    return payer;
  }

  it("pays with a simulated gas limit: the amount leaves the wallet, nothing more (gas is free)", async () => {
    const payer = await payerWith(10_000_000n);
    try {
      const txHash = await payer.submitPayment(1_234_567n, resource());
      expect(txHash).toMatch(/^[0-9A-F]{64}$/);
      expect(await payer.balance()).toBe(10_000_000n - 1_234_567n);
    } finally {
      payer.disconnect();
    }
  });

  it("pays with a fixed gas limit, the payer's or the payment's own", async () => {
    const payer = await payerWith(10_000_000n, { gasLimit: 200_000n });
    try {
      await payer.submitPayment(1_000n, resource());
      await payer.submitPayment(2_000n, resource(), { gasLimit: 300_000n });
      expect(await payer.balance()).toBe(10_000_000n - 3_000n);
    } finally {
      payer.disconnect();
    }
  });

  it("reports a transaction that failed in its block (paying more than the wallet holds)", async () => {
    // A fixed gas limit skips the simulation, so the chain takes the tx and fails it in the block.
    const payer = await payerWith(5_000n, { gasLimit: 200_000n });
    try {
      const error = await failureOf(payer.submitPayment(5_001n, resource()));
      expect(error).toBeInstanceOf(PaymentError);
      expect(error).toMatchObject({
        code: "PAYMENT",
        details: { txHash: expect.stringMatching(/^[0-9A-F]{64}$/), height: expect.any(Number) },
      });
      expect((error as PaymentError).details?.["code"]).not.toBe(0);
      expect((error as Error).message).toContain("failed in block");
      expect(await payer.balance()).toBe(5_000n);
      // The next payment gets the next sequence number: the failed tx still used one.
      expect(await payer.submitPayment(4_000n, resource())).toMatch(/^[0-9A-F]{64}$/);
      expect(await payer.balance()).toBe(1_000n);
    } finally {
      payer.disconnect();
    }
  });

  it("refuses, at simulation, a payment the wallet cannot cover", async () => {
    const payer = await payerWith(5_000n);
    try {
      const error = await failureOf(payer.submitPayment(5_001n, resource()));
      expect(error).toBeInstanceOf(PaymentError);
      expect((error as PaymentError).details?.["code"]).not.toBe(0);
      expect((error as PaymentError).details?.["txHash"]).toBeUndefined();
      expect(await payer.balance()).toBe(5_000n);
    } finally {
      payer.disconnect();
    }
  });

  it("reports a gas limit too low for the transaction as refused by the chain", async () => {
    const payer = await payerWith(5_000n, { gasLimit: 1_000n });
    try {
      const error = await failureOf(payer.submitPayment(1_000n, resource()));
      expect(error).toBeInstanceOf(PaymentError);
      expect(error).toMatchObject({ details: { code: 11 } });
    } finally {
      payer.disconnect();
    }
  });

  it("serialises concurrent payments from one key, so none races for the sequence", async () => {
    const payer = await payerWith(10_000_000n);
    try {
      const amounts = [1_000n, 2_000n, 3_000n, 4_000n, 5_000n, 6_000n];
      const hashes = await Promise.all(amounts.map((amount) => payer.submitPayment(amount, resource())));
      expect(new Set(hashes).size).toBe(amounts.length);
      expect(await payer.balance()).toBe(10_000_000n - 21_000n);
    } finally {
      payer.disconnect();
    }
  });

  /** A signer like a wallet extension's: asynchronous, and each signature waits for the user's answer. */
  async function extensionSigner(
    privateKey: string,
    answer: "approve" | "reject",
  ): Promise<OfflineDirectSigner> {
    const wallet = await DirectSecp256k1Wallet.fromKey(Buffer.from(privateKey, "hex"), "nillion");
    return {
      getAccounts: () => wallet.getAccounts(),
      signDirect: async (address, signDoc) => {
        await new Promise((resolve) => setTimeout(resolve, 50)); // the approval popup
        if (answer === "reject") throw new Error("Request rejected");
        return wallet.signDirect(address, signDoc);
      },
    };
  }

  it("pays with an extension-like signer; a refusal pays nothing", async () => {
    const wallet = devnet.createFundedKey(10_000n);
    const approving = await NilChainPayer.connectWithSigner(
      devnet.network,
      await extensionSigner(wallet.privateKey, "approve"),
      { pollIntervalMs: 10 },
    );
    expect(approving.walletAddress).toBe(wallet.address);
    await approving.submitPayment(1_000n, resource());
    expect(await approving.balance()).toBe(9_000n);

    const refusing = await NilChainPayer.connectWithSigner(
      devnet.network,
      await extensionSigner(wallet.privateKey, "reject"),
      { pollIntervalMs: 10 },
    );
    const error = await failureOf(refusing.submitPayment(1_000n, resource()));
    expect(error).toBeInstanceOf(PaymentError);
    expect(error).toMatchObject({ details: { reason: "signer-refused" } });
    expect(await refusing.balance()).toBe(9_000n);
    // The refused transaction used no sequence number: the approving signer pays on.
    await approving.submitPayment(500n, resource());
    expect(await approving.balance()).toBe(8_500n);
  });

  it("reports a wallet the chain has never seen", async () => {
    const payer = await NilChainPayer.connect(devnet.network, randomBytes(32).toString("hex"));
    try {
      const error = await failureOf(payer.submitPayment(1_000n, resource()));
      expect(error).toBeInstanceOf(PaymentError);
      expect((error as Error).message).toContain("never been funded");
    } finally {
      payer.disconnect();
    }
  });

  it("refuses to connect to a chain with another id, or to one that does not answer", async () => {
    const key = devnet.createFundedKey(1_000n).privateKey;
    const wrongChain = { chainId: "nillion-chain-testnet-1", chainEndpoint: devnet.network.chainEndpoint };
    await expect(NilChainPayer.connect(wrongChain, key)).rejects.toBeInstanceOf(InvalidArgumentError);
    const stopped = await startDevnet();
    await stopped.stop();
    await expect(NilChainPayer.connect(stopped.network, key)).rejects.toBeInstanceOf(UnavailableError);
  });

  it("fails an operation, paying nothing, when the balance is empty and the wallet cannot pay", async () => {
    const session = await openSession({
      network: devnet.network,
      walletKey: devnet.createFundedKey(PRICE.unil - 1n).privateKey,
    });
    try {
      for (const paymentMode of ["balance", "per-operation"] as const) {
        const client = await session.user({ paymentMode });
        const error = await failureOf(
          client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke(),
        );
        expect(error).toBeInstanceOf(PaymentError);
        expect((error as Error).message).toContain("insufficient funds");
      }
      expect(session.payer.payments).toEqual([]);
      expect(await session.payer.wallet.balance()).toBe(PRICE.unil - 1n);
    } finally {
      session.close();
    }
  });
});

describe("paying for operations", () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openSession("payments");
  });
  afterAll(() => session.close());

  /** The chain payments made during `run`. */
  async function paymentsDuring(run: () => Promise<unknown>) {
    const before = session.payer.payments.length;
    await run();
    return session.payer.payments.slice(before);
  }

  it("use balances with the devnet's leader, unless told to pay per operation", async () => {
    expect(balanceSupported({ version: DEVNET_NODE_VERSION })).toBe(true);
    expect((await session.user()).paymentMode).toBe("balance");
    expect((await session.user({ paymentMode: "per-operation" })).paymentMode).toBe("per-operation");
  });

  it("balance mode, balance empty: pay the very quote on chain, then run with its receipt", async () => {
    const client = await session.user();
    const quoted = await client.poolStatus().quote();
    expect(quoted.quote).toMatchObject({ tokens: PRICE.unil, credits: PRICE.credits });
    let paid: Awaited<ReturnType<typeof quoted.pay>> | undefined;
    const payments = await paymentsDuring(async () => {
      paid = await quoted.pay();
    });
    expect(payments).toEqual([
      { amount: quoted.quote.tokens, resource: quoted.quote.quote.nonce, txHash: expect.any(String) },
    ]);
    expect(paid?.receipt.receipt.length).toBeGreaterThan(0);
    expect(await paid?.invoke()).toMatchObject({ offsets: expect.any(Array) });
    expect((await client.balance()).balance).toBe(0n);
  });

  it("addFunds credits the balance, which pays until it runs short, then the chain takes over", async () => {
    const client = await session.user();
    const empty = await client.balance();
    expect(empty.balance).toBe(0n);
    const before = Date.now();
    const addFunds = await paymentsDuring(() => client.addFunds(2n * PRICE.unil));
    expect(addFunds.map((payment) => payment.amount)).toEqual([2n * PRICE.unil]);
    const funded = await client.balance();
    expect(funded.balance).toBe(2n * PRICE.credits);
    expect(funded.lastUpdated.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(funded.expiresAt.getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 60 * 60 * 1000);

    const fromBalance = await paymentsDuring(async () => {
      const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
      await client.retrieveValues(id).invoke();
    });
    expect(fromBalance).toEqual([]);
    expect((await client.balance()).balance).toBe(0n);

    const fromChain = await paymentsDuring(() => client.poolStatus().invoke());
    expect(fromChain.map((payment) => payment.amount)).toEqual([PRICE.unil]);
  });

  it("addFunds for another user credits their balance", async () => {
    const alice = await session.user();
    const bob = await session.user();
    await alice.addFunds(PRICE.unil, bob.userId);
    expect((await bob.balance()).balance).toBe(PRICE.credits);
    expect((await alice.balance()).balance).toBe(0n);
  });

  it("addFunds refuses, before paying, an amount below the leader's minimum", async () => {
    const client = await session.user();
    const payments = await paymentsDuring(async () => {
      const attempt = client.addFunds(9_999n);
      await expect(attempt).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(attempt).rejects.toMatchObject({ argument: "amountUnil" });
      await expect(client.addFunds(0n)).rejects.toMatchObject({ argument: "amountUnil" });
    });
    expect(payments).toEqual([]);
  });

  it("per-operation mode pays every operation on chain and leaves the balance alone", async () => {
    const client = await session.user({ paymentMode: "per-operation" });
    await client.addFunds(PRICE.unil);
    const payments = await paymentsDuring(async () => {
      const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
      await client.retrieveValues(id).invoke();
    });
    expect(payments.map((payment) => payment.amount)).toEqual([PRICE.unil, PRICE.unil]);
    expect((await client.balance()).balance).toBe(PRICE.credits);
  });

  it("every payable operation runs with a receipt paid by hand (the invoke* methods)", async () => {
    const client = await session.user();
    await client.addFunds(10n * PRICE.unil);
    const receiptFor = async (operation: {
      quote(): Promise<{ pay(): Promise<{ receipt: SignedReceipt }> }>;
    }) => (await (await operation.quote()).pay()).receipt;
    const other = await session.user();

    const values = { a: new SecretInteger(1n) };
    const id = await client.invokeStoreValues(
      await receiptFor(client.storeValues(values, { ttlDays: 1 })),
      values,
    );
    expect(await client.invokeRetrieveValues(await receiptFor(client.retrieveValues(id)))).toEqual(values);

    const replacement = { b: new SecretInteger(2n) };
    const update = client.storeValues(replacement, { ttlDays: 1, updateIdentifier: id });
    expect(
      (
        await client.invokeStoreValues(await receiptFor(update), replacement, { updateIdentifier: id })
      ).equals(id),
    ).toBe(true);
    expect(await client.invokeRetrieveValues(await receiptFor(client.retrieveValues(id)))).toEqual(
      replacement,
    );

    const permissions = Permissions.defaultsForUser(client.userId).allowRetrieve(other.userId);
    await client.invokeOverwritePermissions(
      await receiptFor(client.overwritePermissions(id, permissions)),
      permissions,
    );
    const delta = new PermissionsDelta().grantDelete(other.userId);
    await client.invokeUpdatePermissions(await receiptFor(client.updatePermissions(id, delta)), delta);
    const stored = await client.invokeRetrievePermissions(await receiptFor(client.retrievePermissions(id)));
    expect(stored.equals(delta.applyTo(permissions))).toBe(true);

    const bytes = new Uint8Array(readFileSync(ARITH_BASIC));
    const programId = await client.invokeStoreProgram(
      await receiptFor(client.storeProgram("arith", bytes)),
      bytes,
    );
    expect(programId).toBe(await client.storeProgram("arith", bytes).invoke());
    expect(await client.invokePoolStatus(await receiptFor(client.poolStatus()))).toMatchObject({
      offsets: expect.any(Array),
    });

    await client.invokeDeleteValues(id);
    await expect(client.retrieveValues(id).invoke()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a receipt pays for the operation it was quoted for, and no other", async () => {
    const client = await session.user();
    await client.addFunds(2n * PRICE.unil);
    const paid = await (await client.poolStatus().quote()).pay();
    const error = await failureOf(client.invokeRetrieveValues(paid.receipt));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    // The client refuses it before a node reads it: a node would use the receipt up to refuse it.
    expect(error).toMatchObject({
      argument: "receipt",
      details: { paidFor: "poolStatus", operation: "retrieveValues" },
    });
    expect(await client.invokePoolStatus(paid.receipt)).toMatchObject({ offsets: expect.any(Array) });
  });

  describe("single use", () => {
    let client: VmClient;
    let id: ValuesId;
    beforeAll(async () => {
      client = await session.user();
      await client.addFunds(10n * PRICE.unil);
      id = await client.storeValues({ a: new SecretInteger(5n) }, { ttlDays: 1 }).invoke();
    });

    /** Asserts the leader's or a node's "nonce already used", as the SDK reports it. */
    function expectNonceUsed(error: unknown, node: string | undefined) {
      expect(error).toBeInstanceOf(PaymentError);
      expect(error).toMatchObject({
        code: "PAYMENT",
        details: { node, grpcCode: "failed_precondition", rawMessage: "nonce already used" },
      });
    }

    it("a receipt runs one operation: used again, every node refuses it", async () => {
      const paid = await (await client.retrieveValues(id).quote()).pay();
      expect(await client.invokeRetrieveValues(paid.receipt)).toEqual({ a: new SecretInteger(5n) });
      expectNonceUsed(
        await failureOf(client.invokeRetrieveValues(paid.receipt)),
        client.cluster.members[0]?.grpcEndpoint,
      );
      expectNonceUsed(await failureOf(paid.invoke()), client.cluster.members[0]?.grpcEndpoint);
    });

    it("a quote paid on chain twice: the leader refuses the second payment, whose error names its tx", async () => {
      const perOperation = await session.user({ paymentMode: "per-operation" });
      const quoted = await perOperation.poolStatus().quote();
      await quoted.pay();
      const payments = await paymentsDuring(async () => {
        const error = await failureOf(quoted.pay());
        expect(error).toBeInstanceOf(PaymentError);
        expect((error as PaymentError).cause).toMatchObject({
          details: { rawMessage: "nonce already used" },
        });
        expect((error as PaymentError).details?.["txHash"]).toBe(session.payer.payments.at(-1)?.txHash);
      });
      expect(payments.map((payment) => payment.amount)).toEqual([quoted.quote.tokens]);
    });

    it("a quote is paid once, from the balance or on chain", async () => {
      const leader = client.cluster.leader.grpcEndpoint;
      const quote = await client.requestQuote(client.retrieveValues(id));
      const receipt = await client.getPaymentReceipt(quote);
      expectNonceUsed(await failureOf(client.getPaymentReceipt(quote)), leader);
      const txHash = await session.payer.submitPayment(quote.tokens, quote.quote.nonce);
      expectNonceUsed(await failureOf(client.getPaymentReceipt(quote, txHash)), leader);
      expect(await client.invokeRetrieveValues(receipt)).toEqual({ a: new SecretInteger(5n) });

      // Paying by hand, as the README shows, and presenting the same transaction twice.
      const next = await client.requestQuote(client.retrieveValues(id));
      const nextTx = await session.payer.submitPayment(next.tokens, next.quote.nonce);
      const nextReceipt = await client.getPaymentReceipt(next, nextTx);
      expectNonceUsed(await failureOf(client.getPaymentReceipt(next, nextTx)), leader);
      expect(await client.invokeRetrieveValues(nextReceipt)).toEqual({ a: new SecretInteger(5n) });
    });

    it("a payment counts only for its own quote, and only in full", async () => {
      const quote = await client.requestQuote(client.poolStatus());
      const other = await client.requestQuote(client.poolStatus());
      const wrongNonce = await session.payer.submitPayment(quote.tokens, other.quote.nonce);
      const short = await session.payer.submitPayment(quote.tokens - 1n, quote.quote.nonce);
      await expect(client.getPaymentReceipt(quote, wrongNonce)).rejects.toMatchObject({
        code: "PAYMENT",
        details: { rawMessage: "nonce in payment doens't match nonce in quote" },
      });
      await expect(client.getPaymentReceipt(quote, short)).rejects.toMatchObject({
        code: "PAYMENT",
        details: { rawMessage: "insufficient payment" },
      });
      // Neither refusal consumed the quote.
      expect(await client.invokePoolStatus(await client.getPaymentReceipt(quote))).toMatchObject({
        offsets: expect.any(Array),
      });
    });

    it("a receipt for a transaction the chain does not know is UNAVAILABLE, and the quote stays payable", async () => {
      const quote = await client.requestQuote(client.poolStatus());
      const error = await failureOf(client.getPaymentReceipt(quote, "AB".repeat(32)));
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({
        code: "UNAVAILABLE",
        details: { node: client.cluster.leader.grpcEndpoint, rawMessage: "transaction not found" },
      });
      const receipt = await client.getPaymentReceipt(quote);
      expect(await client.invokePoolStatus(receipt)).toMatchObject({ offsets: expect.any(Array) });
    });
  });
});
