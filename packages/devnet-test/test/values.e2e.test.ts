// Values end to end, as a user runs them against a devnet: store every value type, read it back unmasked,
// replace it, delete it, and let it expire — paid from a balance and paid per operation on chain.
import { startDevnet } from "@nillion/devnet-test";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  Integer,
  Array as NadaArray,
  Boolean as NadaBoolean,
  type NadaValues,
  NotFoundError,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  StoreId,
  Tuple,
  UnsignedInteger,
  ValuesId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eSession, openSession, PRICE } from "./e2e-session.js";
import { testSigner } from "./test-signer.js";

const HOUR_MS = 60 * 60 * 1000;

const bytes = (length: number, start = 1) => Uint8Array.from({ length }, (_, i) => (start + i) % 256);

/** One value of every type a client can store. */
function everyType(): NadaValues {
  const ecdsa = testSigner("secp256k1");
  const eddsa = testSigner("ed25519");
  const ecdsaSignature = ecdsa.sign(bytes(10));
  return {
    secretInteger: new SecretInteger(-(2n ** 200n)),
    secretUnsigned: new SecretUnsignedInteger(2n ** 250n + 7n),
    integer: new Integer(-1234567890123456789n),
    unsigned: new UnsignedInteger(42n),
    secretTrue: new SecretBoolean(true),
    secretFalse: new SecretBoolean(false),
    flag: new NadaBoolean(true),
    // Longer than one 31-byte chunk, and ending with a zero byte that must survive.
    blob: new SecretBlob(Uint8Array.of(...bytes(70), 0)),
    emptyBlob: new SecretBlob(new Uint8Array(0)),
    secrets: new NadaArray([new SecretInteger(1n), new SecretInteger(-2n), new SecretInteger(3n)]),
    publics: new NadaArray([new UnsignedInteger(4n), new UnsignedInteger(5n)]),
    nested: new NadaArray([
      new NadaArray([new SecretBoolean(true)]),
      new NadaArray([new SecretBoolean(false)]),
    ]),
    pair: new Tuple(new SecretInteger(6n), new Integer(-6n)),
    ecdsaKey: new EcdsaPrivateKey(bytes(32)),
    ecdsaDigest: new EcdsaDigestMessage(bytes(32, 100)),
    ecdsaPublicKey: new EcdsaPublicKey(ecdsa.publicKey),
    ecdsaSignature: new EcdsaSignature({ r: ecdsaSignature.slice(0, 32), s: ecdsaSignature.slice(32) }),
    // Little-endian, with a zero top byte: below the group order.
    eddsaKey: new EddsaPrivateKey(Uint8Array.of(...bytes(31), 0)),
    eddsaMessage: new EddsaMessage(new TextEncoder().encode("gm, builder!")),
    eddsaPublicKey: new EddsaPublicKey(eddsa.publicKey),
    eddsaSignature: new EddsaSignature(eddsa.sign(bytes(5))),
    storeId: new StoreId("123e4567-e89b-12d3-a456-426614174000"),
  };
}

/** Asserts that `actual` holds exactly the values of `expected`, each equal. */
function expectSameValues(actual: NadaValues, expected: NadaValues): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, value] of Object.entries(expected)) {
    expect(actual[name]?.equals(value), `${name}: got ${String(actual[name])}, stored ${String(value)}`).toBe(
      true,
    );
  }
}

describe.each(["balance", "per-operation"] as const)("values, paid %s", (paymentMode) => {
  let session: E2eSession;
  let client: VmClient;

  /** What the user spent during `run`: chain payments and credits. */
  async function spent(run: () => Promise<unknown>) {
    const payments = session.payer.payments.length;
    const { balance } = await client.balance();
    await run();
    return {
      payments: session.payer.payments.slice(payments).map((payment) => payment.amount),
      credits: balance - (await client.balance()).balance,
    };
  }

  /** What `operations` paid operations cost in this payment mode. */
  const cost = (operations: number) =>
    paymentMode === "balance"
      ? { payments: [], credits: PRICE.credits * BigInt(operations) }
      : { payments: Array.from({ length: operations }, () => PRICE.unil), credits: 0n };

  beforeAll(async () => {
    session = await openSession("values");
    client = await session.user({ paymentMode });
    expect(client.paymentMode).toBe(paymentMode);
    // Per-operation payments must ignore a balance, so both modes start with one.
    await client.addFunds(20n * PRICE.unil);
  });
  afterAll(() => session.close());

  it("store every value type and retrieve it unmasked, exactly as stored", async () => {
    const values = everyType();
    let id: ValuesId | undefined;
    let back: NadaValues = {};
    const paid = await spent(async () => {
      id = await client.storeValues(values, { ttlDays: 1 }).invoke();
      back = await client.retrieveValues(id).invoke();
    });
    expect(id).toBeInstanceOf(ValuesId);
    expectSameValues(back, values);
    expect(paid).toEqual(cost(2));
  });

  it("retrieve by the id's UUID text as well", async () => {
    const id = await client.storeValues({ age: new SecretInteger(42n) }, { ttlDays: 1 }).invoke();
    const back = await client.retrieveValues(id.toString()).invoke();
    expectSameValues(back, { age: new SecretInteger(42n) });
  });

  it("update: replace the whole value set under the same id", async () => {
    const id = await client
      .storeValues({ a: new SecretInteger(1n), b: new Integer(2n) }, { ttlDays: 1 })
      .invoke();
    let updated: ValuesId | undefined;
    const paid = await spent(async () => {
      updated = await client
        .storeValues({ c: new SecretUnsignedInteger(3n) }, { ttlDays: 1, updateIdentifier: id })
        .invoke();
    });
    expect(updated?.equals(id)).toBe(true);
    expect(paid).toEqual(cost(1));
    expectSameValues(await client.retrieveValues(id).invoke(), { c: new SecretUnsignedInteger(3n) });

    await client
      .storeValues({ d: new SecretBoolean(false) }, { ttlDays: 1, updateIdentifier: id.toString() })
      .invoke();
    expectSameValues(await client.retrieveValues(id).invoke(), { d: new SecretBoolean(false) });
  });

  it("delete: for free, from every node, after which the id is unknown", async () => {
    const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    const paid = await spent(() => client.deleteValues(id).invoke());
    expect(paid).toEqual({ payments: [], credits: 0n });

    const retrieve = client.retrieveValues(id).invoke();
    await expect(retrieve).rejects.toBeInstanceOf(NotFoundError);
    await expect(retrieve).rejects.toMatchObject({ details: { rawMessage: "value not found" } });
    // Every node deleted its shares: a second delete finds nothing anywhere.
    await expect(client.deleteValues(id).invoke()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("run concurrent operations of one client independently", async () => {
    const stored = Array.from({ length: 6 }, (_, i) => ({ n: new SecretInteger(BigInt(i)) }));
    const ids = await Promise.all(
      stored.map((values) => client.storeValues(values, { ttlDays: 1 }).invoke()),
    );
    expect(new Set(ids.map(String)).size).toBe(ids.length);
    const back = await Promise.all(ids.map((id) => client.retrieveValues(id).invoke()));
    back.forEach((values, i) => {
      expectSameValues(values, stored[i] as NadaValues);
    });
  });

  it("quote a store with its value counts and time to live", async () => {
    const values = { a: new SecretInteger(1n), b: new Integer(2n), key: new EcdsaPrivateKey(bytes(32)) };
    const quoted = await client.storeValues(values, { ttlDays: 30 }).quote();
    expect(quoted.quote.quote.request?.operation).toMatchObject({
      case: "storeValues",
      value: { ttlDays: 30, secretSharedCount: 1n, publicValuesCount: 1n, ecdsaPrivateKeySharesCount: 1n },
    });
    expect(quoted.quote).toMatchObject({ tokens: PRICE.unil, credits: PRICE.credits });
    const id = await quoted.invoke();
    expectSameValues(await client.retrieveValues(id).invoke(), values);
  });
});

describe("time to live", () => {
  it("keeps values for ttlDays, and no longer", async () => {
    const devnet = await startDevnet();
    // Nodes and client share this process's clock, which the test moves forward.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const session = await openSession({
      network: devnet.network,
      walletKey: devnet.createFundedKey().privateKey,
    });
    try {
      const client = await session.user();
      const id = await client.storeValues({ a: new SecretInteger(7n) }, { ttlDays: 1 }).invoke();

      vi.setSystemTime(Date.now() + 23 * HOUR_MS);
      expectSameValues(await client.retrieveValues(id).invoke(), { a: new SecretInteger(7n) });

      vi.setSystemTime(Date.now() + 2 * HOUR_MS);
      const retrieve = client.retrieveValues(id).invoke();
      await expect(retrieve).rejects.toBeInstanceOf(NotFoundError);
      await expect(retrieve).rejects.toMatchObject({ details: { rawMessage: "entity expired" } });
    } finally {
      vi.useRealTimers();
      session.close();
      await devnet.stop();
    }
  });
});
