// Every check a node makes on the shape of a request, made by the client before anything is quoted or
// paid: each row is a request a node would refuse, and the client must refuse it first, naming the
// argument, without a single call to any node.
import { decodeProgram, encodeProgram } from "@nillion/nada";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import {
  InputPartyBinding,
  Integer,
  InvalidArgumentError,
  OutputPartyBinding,
  Permissions,
  PermissionsDelta,
  type ProgramId,
  SecretBlob,
  SecretInteger,
  UserId,
  ValuesId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { beforeAll, describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import type { FakeCluster } from "./fake-cluster.js";
import { fixture } from "./fixtures.js";

const MiB = 1024 * 1024;
const OTHER_ID = "123e4567-e89b-42d3-a456-426614174000";
/** A program this client knows nothing about: computations on it can only be paid for unchecked. */
const UNKNOWN_PROGRAM = `${"ab".repeat(20)}/p/sha256/${"cd".repeat(32)}`;

/** `count` distinct users, for permissions too large for one node request. */
function manyUsers(count: number): UserId[] {
  return Array.from({ length: count }, (_, index) => {
    const bytes = new Uint8Array(20);
    new DataView(bytes.buffer).setUint32(0, index + 1);
    return new UserId(bytes);
  });
}

/** arith_basic (already lowered) carrying a source file big enough to make it larger than 6 MiB. */
function hugeProgram(): Uint8Array {
  const program = decodeProgram(fixture("arith_basic"));
  return encodeProgram({ ...program, sourceFiles: { "padding.py": "#".repeat(6 * MiB) } });
}

interface Case {
  readonly refusal: string;
  readonly argument: string;
  readonly message: RegExp;
  readonly call: (client: VmClient, programId: ProgramId) => Promise<unknown>;
}

const dealer = (client: VmClient) => [new InputPartyBinding("Dealer", client.userId)];
const toDealer = (client: VmClient) => [new OutputPartyBinding("Dealer", [client.userId])];
const inputs = () => ({ a: new SecretInteger(5n), b: new SecretInteger(7n), c: new Integer(3n) });

const CASES: Case[] = [
  // Values/StoreValues, and the leader's quote of it.
  {
    refusal: 'a value without a name ("invalid values: a value has no name")',
    argument: 'values[""]',
    message: /^"values\[""\]": a value's name must not be empty$/,
    call: (client) => client.storeValues({ "": new SecretInteger(1n) }, { ttlDays: 1 }).invoke(),
  },
  {
    refusal: 'an expiry past the node\'s calendar ("ttl_days is too high")',
    argument: "ttlDays",
    message: /^"ttlDays" must be a whole number of days from 1 to 9\d{7} .*, got 1000000000$/,
    call: (client) => client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1e9 }).invoke(),
  },
  {
    refusal: "a time to live that is not a whole number of days",
    argument: "ttlDays",
    message: /got 0\.5$/,
    call: (client) => client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 0.5 }).invoke(),
  },
  {
    refusal: 'no values ("no values provided")',
    argument: "values",
    message: /must hold at least one value/,
    call: (client) => client.storeValues({}, { ttlDays: 1 }).invoke(),
  },
  {
    refusal: "permissions that are not a Permissions (no owner, malformed user ids)",
    argument: "permissions",
    message: /expected a Permissions/,
    call: (client) =>
      client
        .storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1, permissions: { owner: "me" } as never })
        .invoke(),
  },
  {
    refusal: 'an update identifier that is not a UUID ("invalid uuid")',
    argument: "updateIdentifier",
    message: /updateIdentifier/,
    call: (client) =>
      client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1, updateIdentifier: "42" }).invoke(),
  },
  {
    refusal: 'a payload over 6 MiB ("payload size (…) exceeds maximum (…)")',
    argument: "values",
    message: /^"values" makes a payload of \d+ bytes; nodes accept at most 6291456 \(6 MiB\)$/,
    call: (client) =>
      client.storeValues({ blob: new SecretBlob(new Uint8Array(5.5 * MiB)) }, { ttlDays: 1 }).invoke(),
  },
  {
    refusal: "a request over a node's 6 MiB message limit, its payload being small",
    argument: "permissions",
    message: /^"permissions" makes the request to a node \d+ bytes long; nodes read at most 6291456/,
    call: (client) => {
      const permissions = Permissions.defaultsForUser(client.userId);
      for (const user of manyUsers(270_000)) permissions.allowRetrieve(user);
      return client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1, permissions }).invoke();
    },
  },
  // Permissions/*.
  {
    refusal: 'a values id that is not a UUID ("invalid values identifier")',
    argument: "id",
    message: /"id"/,
    call: (client) => client.retrievePermissions("not-a-uuid").invoke(),
  },
  {
    refusal: "overwriting with something that is not a Permissions",
    argument: "permissions",
    message: /expected a Permissions/,
    call: (client) => client.overwritePermissions(OTHER_ID, {} as Permissions).invoke(),
  },
  {
    refusal: "overwriting with permissions over a node's message limit",
    argument: "permissions",
    message: /nodes read at most 6291456/,
    call: (client) => {
      const permissions = Permissions.defaultsForUser(client.userId);
      for (const user of manyUsers(270_000)) permissions.allowDelete(user);
      return client.overwritePermissions(OTHER_ID, permissions).invoke();
    },
  },
  {
    refusal: "updating with a delta over a node's message limit",
    argument: "delta",
    message: /nodes read at most 6291456/,
    call: (client) => {
      let delta = new PermissionsDelta();
      for (const user of manyUsers(270_000)) delta = delta.grantUpdate(user);
      return client.updatePermissions(OTHER_ID, delta).invoke();
    },
  },
  // Programs/StoreProgram, and the leader's quote and audit of it.
  {
    refusal: 'an empty program name ("empty program names are not allowed")',
    argument: "name",
    message: /"name"/,
    call: (client) => client.storeProgram("", fixture("arith_basic")).invoke(),
  },
  {
    refusal: 'a program name over 128 characters ("program name is too long")',
    argument: "name",
    message: /129 characters/,
    call: (client) => client.storeProgram("p".repeat(129), fixture("arith_basic")).invoke(),
  },
  {
    refusal: "a program name with a character outside A-Z a-z 0-9 + . : _ -",
    argument: "name",
    message: /" "/,
    call: (client) => client.storeProgram("my program", fixture("arith_basic")).invoke(),
  },
  {
    refusal: 'bytes that are not a program ("malformed program (invalid sdk version?)")',
    argument: "program",
    message: /^malformed program/,
    call: (client) => client.storeProgram("p", new Uint8Array([1, 2, 3])).invoke(),
  },
  {
    refusal: 'a program over 6 MiB ("payload size (…) exceeds maximum (…)", at the quote)',
    argument: "program",
    message: /^"program" makes a payload of \d+ bytes; nodes accept at most 6291456/,
    call: (client) => client.storeProgram("huge", hugeProgram()).invoke(),
  },
  // Compute/InvokeCompute, and the leader's quote of it.
  {
    refusal: 'a program id that does not parse ("processing target program failed")',
    argument: "programId",
    message: /programId/,
    call: (client) => client.compute("not a program id", [], [], {}).invoke(),
  },
  {
    refusal: 'an input party bound twice ("input party Dealer is not defined in program")',
    argument: "inputBindings[1]",
    message: /^"inputBindings\[1\]" binds party "Dealer" again \(as inputBindings\[0\] does\)$/,
    call: (client, programId) =>
      client.compute(programId, [...dealer(client), ...dealer(client)], toDealer(client), inputs()).invoke(),
  },
  {
    refusal: "an output party bound twice",
    argument: "outputBindings[1]",
    message: /binds party "Dealer" again/,
    call: (client, programId) =>
      client
        .compute(programId, dealer(client), [...toDealer(client), ...toDealer(client)], inputs())
        .invoke(),
  },
  {
    refusal: 'an unknown party ("input party X is not defined in program")',
    argument: "inputBindings",
    message: /"Nobody" is not defined in program/,
    call: (client, programId) =>
      client
        .compute(programId, [new InputPartyBinding("Nobody", client.userId)], toDealer(client), inputs())
        .invoke(),
  },
  {
    refusal: "a binding whose user is not a 20-byte user id",
    argument: "inputBindings[0]",
    message: /inputBindings\[0\]/,
    call: (client, programId) =>
      client
        .compute(programId, [{ partyName: "Dealer", user: "me" } as never], toDealer(client), inputs())
        .invoke(),
  },
  {
    refusal: 'a value set listed twice ("duplicate value key")',
    argument: "valueIds[1]",
    message: /^"valueIds\[1\]" lists value set "123e4567-.*" again \(as valueIds\[0\] does\)$/,
    call: (client, programId) =>
      client
        .compute(programId, dealer(client), toDealer(client), {}, [OTHER_ID, ValuesId.parse(OTHER_ID)])
        .invoke(),
  },
  {
    refusal: 'a value id that is not a UUID ("values_id is not a uuid")',
    argument: "valueIds[0]",
    message: /valueIds\[0\]/,
    call: (client, programId) =>
      client.compute(programId, dealer(client), toDealer(client), {}, ["x"]).invoke(),
  },
  {
    refusal: 'a compute-time value without a name ("input validation failed")',
    argument: 'values[""]',
    message: /a value's name must not be empty/,
    call: (client) =>
      client
        .compute(UNKNOWN_PROGRAM, dealer(client), toDealer(client), { "": new SecretInteger(1n) }, [], {
          skipContractCheck: true,
        })
        .invoke(),
  },
  {
    refusal: 'a value the program does not take ("input validation failed")',
    argument: "values",
    message: /which the program does not take/,
    call: (client, programId) =>
      client
        .compute(programId, dealer(client), toDealer(client), { ...inputs(), d: new SecretInteger(1n) })
        .invoke(),
  },
  {
    refusal: 'compute-time values over 6 MiB ("payload size (…) exceeds maximum (…)")',
    argument: "values",
    message: /makes a payload of \d+ bytes/,
    call: (client) =>
      client
        .compute(
          UNKNOWN_PROGRAM,
          dealer(client),
          toDealer(client),
          { blob: new SecretBlob(new Uint8Array(5.5 * MiB)) },
          [],
          { skipContractCheck: true },
        )
        .invoke(),
  },
  // The threshold-signature operations: the nodes refuse these inputs of the sign and DKG built-ins.
  {
    refusal: 'a digest of 31 bytes ("input validation failed: … digest must have 32 bytes, got 31")',
    argument: "digest",
    message: /^"digest" must be exactly 32 bytes \(a message digest such as SHA-256\), got 31 bytes$/,
    call: (client) => client.signDigest({ keyId: OTHER_ID, digest: new Uint8Array(31) }).invoke(),
  },
  {
    refusal: "a digest that is not bytes (a hex string, say)",
    argument: "digest",
    message: /^"digest" expected a Uint8Array or an EcdsaDigestMessage$/,
    call: (client) => client.signDigest({ keyId: OTHER_ID, digest: "ab".repeat(32) as never }).invoke(),
  },
  {
    refusal: 'a signing key id that is not a UUID ("values_id is not a uuid")',
    argument: "keyId",
    message: /^"keyId"/,
    call: (client) => client.signDigest({ keyId: "my-key", digest: new Uint8Array(32) }).invoke(),
  },
  {
    refusal: "an EdDSA message that is not bytes",
    argument: "message",
    message: /^"message" expected a Uint8Array or an EddsaMessage$/,
    call: (client) => client.signMessage({ keyId: OTHER_ID, message: "gm" as never }).invoke(),
  },
  {
    refusal: 'a key generation on a curve there is no built-in for ("program not found")',
    argument: "curve",
    message: /^"curve" must be "ecdsa" or "eddsa", got "secp256r1"$/,
    call: (client) => client.generateThresholdKey({ curve: "secp256r1" as never }).invoke(),
  },
  {
    refusal: 'a public-key derivation with a key id that is not a UUID ("values_id is not a uuid")',
    argument: "keyId",
    message: /^"keyId"/,
    call: (client) => client.thresholdPublicKey({ keyId: "my-key", curve: "ecdsa" }).invoke(),
  },
  {
    refusal: 'a public-key derivation on a curve there is no sign built-in for ("program not found")',
    argument: "curve",
    message: /^"curve" must be "ecdsa" or "eddsa", got "secp256r1"$/,
    call: (client) => client.thresholdPublicKey({ keyId: OTHER_ID, curve: "secp256r1" as never }).invoke(),
  },
  {
    refusal: "a public-key derivation without a curve, when only quoted",
    argument: "curve",
    message: /^"curve" must be "ecdsa" or "eddsa", got undefined$/,
    call: (client) => client.thresholdPublicKey({ keyId: OTHER_ID } as never).quote(),
  },
  // Payments/AddFunds: the leader refuses a payment below its minimum after it is made.
  {
    refusal: 'an add-funds amount that is not positive ("payment is too small")',
    argument: "amountUnil",
    message: /positive/,
    call: (client) => client.addFunds(0n),
  },
];

describe("requests a node would refuse", () => {
  let cluster: FakeCluster;
  let client: VmClient;
  let programId: ProgramId;

  beforeAll(async () => {
    ({ cluster, client } = await connect());
    programId = await client.storeProgram("arith-basic", fixture("arith_basic")).invoke();
  });

  it.each(CASES)(
    "refuses $refusal before any quote or payment",
    async ({ argument, message, call }) => {
      const calls = cluster.calls.length;
      const payments = cluster.payer.payments.length;
      const error = await call(client, programId).then(
        () => expect.fail("the call was not refused"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as Error).message).toMatch(message);
      expect(cluster.calls.slice(calls)).toEqual([]);
      expect(cluster.payer.payments).toHaveLength(payments);
    },
    60_000,
  );
});

describe("a receipt handed to the wrong call", () => {
  /** A paid receipt for `retrieveValues`, and what the nodes have seen so far. */
  async function paidRetrieval() {
    const { cluster, client } = await connect();
    const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    const { receipt } = await (await client.retrieveValues(id).quote()).pay();
    return { cluster, client, receipt };
  }

  async function refusal(cluster: FakeCluster, run: () => Promise<unknown>) {
    const calls = cluster.calls.length;
    const used = cluster.nodes.map((node) => node.usedReceipts.size);
    const error = await run().then(
      () => expect.fail("the call was not refused"),
      (e: unknown) => e,
    );
    expect(cluster.calls.slice(calls)).toEqual([]);
    expect(cluster.nodes.map((node) => node.usedReceipts.size)).toEqual(used);
    return error as InvalidArgumentError;
  }

  it("is refused before a node uses it up, and still works for its own operation", async () => {
    const { cluster, client, receipt } = await paidRetrieval();
    const runs: [string, () => Promise<unknown>][] = [
      ["storeValues", () => client.invokeStoreValues(receipt, { a: new SecretInteger(2n) })],
      ["retrievePermissions", () => client.invokeRetrievePermissions(receipt)],
      [
        "overwritePermissions",
        () => client.invokeOverwritePermissions(receipt, Permissions.defaultsForUser(client.userId)),
      ],
      ["updatePermissions", () => client.invokeUpdatePermissions(receipt, new PermissionsDelta())],
      ["storeProgram", () => client.invokeStoreProgram(receipt, fixture("arith_basic"))],
      ["invokeCompute", () => client.invokeCompute(receipt, [], [], {})],
      ["poolStatus", () => client.invokePoolStatus(receipt)],
    ];
    for (const [operation, run] of runs) {
      const error = await refusal(cluster, run);
      expect(error, operation).toBeInstanceOf(InvalidArgumentError);
      expect(error.argument).toBe("receipt");
      expect(error.message).toBe(
        `"receipt" pays for retrieveValues, not for ${operation}: nodes would refuse it, and it would be used up`,
      );
    }
    expect(await client.invokeRetrieveValues(receipt)).toEqual({ a: new SecretInteger(1n) });
  });

  it("refuses what is not a receipt", async () => {
    const { cluster, client } = await paidRetrieval();
    const error = await refusal(cluster, () =>
      client.invokeRetrieveValues({
        receipt: new Uint8Array([0xff]),
        signature: new Uint8Array(),
      } as SignedReceipt),
    );
    expect(error.argument).toBe("receipt");
  });

  it("refuses to upload another program than the receipt paid for", async () => {
    const { cluster, client } = await connect();
    const { receipt } = await (await client.storeProgram("p", fixture("arith_basic")).quote()).pay();
    const error = await refusal(cluster, () => client.invokeStoreProgram(receipt, fixture("three_parties")));
    expect(error.argument).toBe("program");
    expect(error.message).toMatch(/^"program" is not the program the receipt paid for: its SHA-256/);
    expect(await client.invokeStoreProgram(receipt, fixture("arith_basic"))).toMatch(/\/p\/sha256\//);
  });
});
