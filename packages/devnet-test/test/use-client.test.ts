// useClient(): the harness's fast path — a fresh user with a funded balance, paying through the worker's
// wallet, closed when the test ends.
import { createTestClient, DEFAULT_TEST_FUNDS_UNIL } from "@nillion/devnet-test";
import { useClient, useDevnet } from "@nillion/devnet-test/vitest";
import { NilChainPayer } from "@nillion/payments";
import { InvalidArgumentError, SecretInteger, UnavailableError } from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// 100 credits per NIL on the devnet.
const CREDITS_PER_NIL = 100n;

async function walletBalance(): Promise<bigint> {
  const { network, walletKey } = useDevnet();
  const payer = await NilChainPayer.connect(network, walletKey.privateKey);
  try {
    return await payer.balance();
  } finally {
    payer.disconnect();
  }
}

describe("useClient", () => {
  let previous: VmClient | undefined;

  it("hands out a fresh user whose operations are paid from a balance funded with 100 NIL", async () => {
    const before = await walletBalance();
    const client = await useClient();
    previous = client;
    const funded = (await client.balance()).balance;
    expect(funded).toBe((DEFAULT_TEST_FUNDS_UNIL / 1_000_000n) * CREDITS_PER_NIL);
    const id = await client.storeValues({ age: new SecretInteger(42n) }, { ttlDays: 1 }).invoke();
    expect(await client.retrieveValues(id).invoke()).toEqual({ age: new SecretInteger(42n) });
    // Two operations came off the balance; the wallet paid only for the funding.
    expect((await client.balance()).balance).toBe(funded - 200n);
    expect(await walletBalance()).toBe(before - DEFAULT_TEST_FUNDS_UNIL);
  });

  it("closed the previous test's client when that test finished", async () => {
    expect(previous).toBeDefined();
    await expect(previous?.poolStatus().invoke()).rejects.toThrow(UnavailableError);
    await expect(previous?.poolStatus().invoke()).rejects.toThrow("the client is closed");
  });

  it("gives every call a user of its own, funding them one after another from the worker's wallet", async () => {
    const clients = await Promise.all([useClient(), useClient(), useClient({ fundsUnil: 0n })]);
    expect(new Set(clients.map((client) => client.userId.toString())).size).toBe(3);
    const balances = await Promise.all(clients.map(async (client) => (await client.balance()).balance));
    expect(balances).toEqual([10_000n, 10_000n, 0n]);
  });

  it("refuses a negative funding before anything is paid, naming the option", async () => {
    const before = await walletBalance();
    const attempt = useClient({ fundsUnil: -1n });
    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(attempt).rejects.toThrow("options.fundsUnil must be a bigint ≥ 0 (unil), got -1");
    expect(await walletBalance()).toBe(before);
  });
});

describe("useClient outside a test", () => {
  let refusal: unknown;
  beforeAll(async () => {
    refusal = await useClient().then(
      () => undefined,
      (error: unknown) => error,
    );
  });

  it("is refused with what to do instead", () => {
    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toBe(
      "useClient() must be called inside a test: it closes the client when the test ends",
    );
  });
});

describe("createTestClient", () => {
  let payer: NilChainPayer;
  let client: VmClient;
  beforeAll(async () => {
    const { network, walletKey } = useDevnet();
    payer = await NilChainPayer.connect(network, walletKey.privateKey, { pollIntervalMs: 10 });
    client = await createTestClient(network, payer, { fundsUnil: 3_000_000n });
  });
  afterAll(() => {
    client.close();
    payer.disconnect();
  });

  it("funds a client shared by a file's tests with what it was asked for", async () => {
    expect((await client.balance()).balance).toBe(300n);
  });
});
