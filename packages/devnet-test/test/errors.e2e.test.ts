// Error paths end to end: bad arguments never reach the network (nothing quoted, nothing paid), unknown
// ids are NOT_FOUND, and on a devnet whose clock moves forward, expired values, quotes, receipts and
// tokens are refused with the SDK's typed errors.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startDevnet } from "@nillion/devnet-test";
import {
  InputPartyBinding,
  Integer,
  InvalidArgumentError,
  Array as NadaArray,
  NotFoundError,
  OutputPartyBinding,
  PaymentError,
  Permissions,
  PermissionsDelta,
  type ProgramId,
  SecretBlob,
  SecretInteger,
  SecretUnsignedInteger,
  UnauthenticatedError,
  UnavailableError,
  ValuesId,
  ValueValidationError,
} from "@nillion/types";
import { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eSession, failureOf, openSession, recordCalls } from "./e2e-session.js";
import { testSigner } from "./test-signer.js";

const HOUR_MS = 60 * 60 * 1000;
const FIXTURES = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");

type ErrorClass = abstract new (...args: never[]) => InvalidArgumentError;

describe("on the run's devnet", () => {
  let session: E2eSession;
  let client: VmClient;
  let id: ValuesId;
  let programId: ProgramId;
  const recorder = recordCalls();

  beforeAll(async () => {
    session = await openSession("errors");
    client = await session.user({ interceptors: [recorder.interceptor] });
    await client.addFunds(30_000_000n);
    id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    // arith_basic: party Dealer gives secrets a, b and public c, and receives prod and total.
    const program = new Uint8Array(readFileSync(path.join(FIXTURES, "arith_basic.nada.bin")));
    programId = await client.storeProgram("arith-basic", program).invoke();
  });
  afterAll(() => session.close());

  const dealer = () => [new InputPartyBinding("Dealer", client.userId)];
  const dealerOut = () => [new OutputPartyBinding("Dealer", [client.userId])];
  const arithInputs = { a: new SecretInteger(1n), b: new SecretInteger(2n), c: new Integer(3n) };
  const bad = <T>(value: unknown) => value as T;

  // Each case: what the caller got wrong, the call, and the argument the error must name.
  const cases: [string, () => Promise<unknown>, string, ErrorClass?][] = [
    ["no values", () => client.storeValues({}, { ttlDays: 1 }).invoke(), "values"],
    ["values that are not an object", () => client.storeValues(bad(null), { ttlDays: 1 }).invoke(), "values"],
    [
      "a plain number as a value",
      () => client.storeValues(bad({ a: 5 }), { ttlDays: 1 }).invoke(),
      "values.a",
    ],
    [
      "a secret integer beyond the prime's range",
      () => client.storeValues({ a: new SecretInteger(2n ** 255n) }, { ttlDays: 1 }).invoke(),
      "values",
      ValueValidationError,
    ],
    [
      "an unsigned integer beyond the prime",
      () => client.storeValues({ a: new SecretUnsignedInteger(2n ** 256n) }, { ttlDays: 1 }).invoke(),
      "values",
      ValueValidationError,
    ],
    [
      "an array of blobs",
      () =>
        client
          .storeValues({ a: new NadaArray([new SecretBlob(new Uint8Array(3))]) }, { ttlDays: 1 })
          .invoke(),
      "values",
      ValueValidationError,
    ],
    ["ttlDays 0", () => client.storeValues(arithInputs, { ttlDays: 0 }).invoke(), "ttlDays"],
    ["ttlDays 1.5", () => client.storeValues(arithInputs, { ttlDays: 1.5 }).invoke(), "ttlDays"],
    ["no ttlDays", () => client.storeValues(arithInputs, bad({})).invoke(), "ttlDays"],
    [
      "permissions that are not Permissions",
      () =>
        client.storeValues(arithInputs, { ttlDays: 1, permissions: bad({ owner: client.userId }) }).invoke(),
      "permissions",
    ],
    [
      "an update identifier that is not a UUID",
      () => client.storeValues(arithInputs, { ttlDays: 1, updateIdentifier: "values-1" }).invoke(),
      "updateIdentifier",
    ],
    ["a values id that is not a UUID", () => client.retrieveValues("values-1").invoke(), "id"],
    ["a values id that is a number", () => client.retrieveValues(bad(42)).invoke(), "id"],
    ["a bad id to delete", () => client.deleteValues("values-1").invoke(), "id"],
    ["a bad id to read permissions of", () => client.retrievePermissions("values-1").invoke(), "id"],
    [
      "permissions to overwrite that are not Permissions",
      () => client.overwritePermissions(id, bad({ owner: client.userId })).invoke(),
      "permissions",
    ],
    ["a delta that is not a PermissionsDelta", () => client.updatePermissions(id, bad({})).invoke(), "delta"],
    [
      "a program id that is not one",
      () => client.compute(bad("arith-basic"), dealer(), dealerOut(), arithInputs).invoke(),
      "programId",
    ],
    [
      "a program this client does not know",
      () =>
        client
          .compute(
            `${client.userId.toHex()}/other/sha256/${"0".repeat(64)}`,
            dealer(),
            dealerOut(),
            arithInputs,
          )
          .invoke(),
      "programId",
    ],
    [
      "an input party the program does not have",
      () =>
        client
          .compute(programId, [new InputPartyBinding("Alice", client.userId)], dealerOut(), arithInputs)
          .invoke(),
      "inputBindings",
    ],
    [
      "no output binding",
      () => client.compute(programId, dealer(), [], arithInputs).invoke(),
      "outputBindings",
    ],
    [
      "a compute value of the wrong type",
      () => client.compute(programId, dealer(), dealerOut(), { ...arithInputs, a: new Integer(1n) }).invoke(),
      "values.a",
      ValueValidationError,
    ],
    [
      "a missing compute input",
      () => client.compute(programId, dealer(), dealerOut(), { a: new SecretInteger(1n) }).invoke(),
      "values",
    ],
    [
      "a value the program does not take",
      () => client.compute(programId, dealer(), dealerOut(), { ...arithInputs, d: new Integer(4n) }).invoke(),
      "values",
    ],
    ["a negative timeout", () => client.retrieveValues(id).invoke({ timeoutMs: -1 }), "timeoutMs"],
    [
      "a deadline that is not a Date",
      () => client.poolStatus().invoke({ deadline: bad("soon") }),
      "deadline",
    ],
    ["a signal that is not an AbortSignal", () => client.poolStatus().quote({ signal: bad({}) }), "signal"],
    ["add funds of nothing", () => client.addFunds(0n), "amountUnil"],
    [
      "add funds for a user that is not a UserId",
      () => client.addFunds(1_000_000n, bad("bob")),
      "targetUser",
    ],
  ];

  it.each(cases)("%s is refused before anything is quoted or paid", async (_, call, argument, type) => {
    const calls = recorder.calls.length;
    const payments = session.payer.payments.length;
    const error = await failureOf(call());
    expect(error).toBeInstanceOf(type ?? InvalidArgumentError);
    expect(error).toMatchObject({ argument });
    expect(recorder.calls.slice(calls)).toEqual([]);
    expect(session.payer.payments.slice(payments)).toEqual([]);
  });

  it("a bad txHash is refused before the receipt is asked for", async () => {
    const quote = await client.requestQuote(client.poolStatus());
    const calls = recorder.calls.length;
    await expect(client.getPaymentReceipt(quote, bad(42))).rejects.toMatchObject({ argument: "txHash" });
    expect(recorder.calls.slice(calls)).toEqual([]);
  });

  it("an aborted signal rejects with its own reason, and a passed deadline as UNAVAILABLE, before any call", async () => {
    const calls = recorder.calls.length;
    const reason = new Error("the user went away");
    const aborted = failureOf(client.retrieveValues(id).invoke({ signal: AbortSignal.abort(reason) }));
    expect(await aborted).toBe(reason);
    const late = await failureOf(client.retrieveValues(id).invoke({ deadline: new Date(Date.now() - 1) }));
    expect(late).toBeInstanceOf(UnavailableError);
    expect(late).toMatchObject({ details: { reason: "deadline" } });
    expect(recorder.calls.slice(calls)).toEqual([]);
  });

  it("a closed client refuses every operation without calling a node", async () => {
    const closed = await session.user({ interceptors: [recorder.interceptor] });
    closed.close();
    const calls = recorder.calls.length;
    for (const attempt of [
      closed.storeValues(arithInputs, { ttlDays: 1 }).invoke(),
      closed.retrieveValues(id).invoke(),
      closed.deleteValues(id).invoke(),
      closed.balance(),
    ]) {
      await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    }
    expect(recorder.calls.slice(calls)).toEqual([]);
  });

  it("VmClient.create names a bad key, network or payer", async () => {
    const { network } = session;
    await expect(VmClient.create(bad({}), network, session.payer)).rejects.toMatchObject({ argument: "key" });
    await expect(VmClient.create(testSigner(), bad({}), session.payer)).rejects.toMatchObject({
      argument: "network",
    });
    await expect(VmClient.create(testSigner(), network, bad({}))).rejects.toMatchObject({
      argument: "payer",
    });
  });

  describe("unknown values ids are NOT_FOUND on every operation", () => {
    const unknown = () => ValuesId.parse(randomUUID());
    it.each([
      ["retrieve values", () => client.retrieveValues(unknown()).invoke()],
      [
        "update values",
        () => client.storeValues(arithInputs, { ttlDays: 1, updateIdentifier: unknown() }).invoke(),
      ],
      ["delete values", () => client.deleteValues(unknown()).invoke()],
      ["retrieve permissions", () => client.retrievePermissions(unknown()).invoke()],
      [
        "overwrite permissions",
        () => client.overwritePermissions(unknown(), Permissions.defaultsForUser(client.userId)).invoke(),
      ],
      [
        "update permissions",
        () =>
          client.updatePermissions(unknown(), new PermissionsDelta().grantRetrieve(client.userId)).invoke(),
      ],
    ])("%s", async (_, call) => {
      const error = await failureOf(call());
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({
        code: "NOT_FOUND",
        details: {
          node: client.cluster.members[0]?.grpcEndpoint,
          grpcCode: "not_found",
          rawMessage: "value not found",
        },
      });
    });
  });
});

describe("on a devnet whose clock moves forward", () => {
  it("expired values are NOT_FOUND, expired quotes and receipts are refused", async () => {
    const devnet = await startDevnet();
    // Nodes, chain and client share this process's clock; the client has no clock of its own.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const session = await openSession({
      network: devnet.network,
      walletKey: devnet.createFundedKey().privateKey,
    });
    try {
      const client = await session.user();
      await client.addFunds(10_000_000n);
      const perOperation = await session.user({ paymentMode: "per-operation" });
      const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
      const quotedFromBalance = await client.poolStatus().quote();
      const quotedOnChain = await perOperation.poolStatus().quote();
      const paid = await (await client.poolStatus().quote()).pay();
      const { balance } = await client.balance();
      const payments = session.payer.payments.length;

      vi.setSystemTime(Date.now() + 25 * HOUR_MS);

      const expired = (error: unknown) => {
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({ details: { rawMessage: "entity expired" } });
      };
      expired(await failureOf(client.retrieveValues(id).invoke()));
      expired(await failureOf(client.retrievePermissions(id).invoke()));
      expired(
        await failureOf(client.overwritePermissions(id, Permissions.defaultsForUser(client.userId)).invoke()),
      );
      expired(
        await failureOf(
          client.updatePermissions(id, new PermissionsDelta().grantDelete(perOperation.userId)).invoke(),
        ),
      );
      expired(
        await failureOf(
          client.storeValues({ a: new SecretInteger(2n) }, { ttlDays: 1, updateIdentifier: id }).invoke(),
        ),
      );
      expired(await failureOf(client.deleteValues(id).invoke()));

      // The leader refuses an expired quote before taking any credits.
      const fromBalance = await failureOf(quotedFromBalance.invoke());
      expect(fromBalance).toBeInstanceOf(PaymentError);
      expect(fromBalance).toMatchObject({ details: { rawMessage: "quote expired" } });
      // An expired quote is never paid on chain.
      const onChain = await failureOf(quotedOnChain.invoke());
      expect(onChain).toBeInstanceOf(PaymentError);
      expect((onChain as Error).message).toContain("expired");
      // Receipts expire too; nodes word it as for quotes.
      const receipt = await failureOf(paid.invoke());
      expect(receipt).toBeInstanceOf(PaymentError);
      expect(receipt).toMatchObject({ details: { rawMessage: "quote expired" } });

      // The five paid operations on expired values were charged (deleting is free); the refused quotes were not.
      expect((await client.balance()).balance).toBe(balance - 5n * 100n);
      expect(session.payer.payments.slice(payments)).toEqual([]);
    } finally {
      vi.useRealTimers();
      session.close();
      await devnet.stop();
    }
  });

  it("nodes refuse tokens signed by a client whose clock is behind theirs", async () => {
    // The client has no clock option: the nodes alone are two days ahead.
    const devnet = await startDevnet({ now: () => new Date(Date.now() + 48 * HOUR_MS) });
    const session = await openSession({
      network: devnet.network,
      walletKey: devnet.createFundedKey().privateKey,
    });
    try {
      const error = await failureOf(session.user());
      expect(error).toBeInstanceOf(UnauthenticatedError);
      expect(error).toMatchObject({
        code: "UNAUTHENTICATED",
        details: { node: devnet.nodes.find((node) => node.leader)?.url, rawMessage: "token is expired" },
      });
    } finally {
      session.close();
      await devnet.stop();
    }
  });

  it("a network that does not answer is UNAVAILABLE after the retries", async () => {
    const devnet = await startDevnet();
    const session = await openSession({
      network: devnet.network,
      walletKey: devnet.createFundedKey().privateKey,
    });
    await devnet.stop();
    try {
      const retries: string[] = [];
      const error = await failureOf(
        session.user({
          retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
          onRetry: (event) => retries.push(event.method),
        }),
      );
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ details: { node: devnet.network.nilvmGrpcEndpoint } });
      expect(retries).toEqual(["Membership/Cluster", "Membership/Cluster"]);
    } finally {
      session.close();
    }
  });
});
