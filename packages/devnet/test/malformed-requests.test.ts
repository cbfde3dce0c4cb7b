// Every node RPC answers malformed input with INVALID_ARGUMENT and a text that names what is wrong, never
// INTERNAL. What the request alone gets wrong is refused before its receipt is used, so the same receipt
// then pays for the corrected request; a receipt that is itself wrong for the call is used up, as on the
// reference node.
import fs from "node:fs";
import path from "node:path";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import { OperationMetadataSchema, type SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { sha256 } from "@noble/hashes/sha2.js";
import { beforeAll, describe, expect, it } from "vitest";
import { callerInterceptor } from "../src/node/caller.js";
import { paymentsService } from "../src/node/payments/payments-service.js";
import { issueReceipt } from "../src/node/payments/receipts.js";
import { receiptChecker } from "../src/node/receipt-checker.js";
import { leaderQueriesService } from "../src/node/services/leader-queries-service.js";
import { permissionsService } from "../src/node/services/permissions-service.js";
import { programsService } from "../src/node/services/programs-service.js";
import { valuesService } from "../src/node/services/values-service.js";
import { MemoryStore } from "../src/storage/memory-store.js";

const leader = PrivateKey.fromSeed("nillion-devnet:1");
const nodeId = nodeIdFromPublicKey(leader.publicKey);
const owner = PrivateKey.fromSeed("malformed requests: owner");
const program = new Uint8Array(
  fs.readFileSync(path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada/arith_basic.nada.bin")),
);

let values: Client<typeof Values>;
let permissions: Client<typeof Permissions>;
let programs: Client<typeof Programs>;
let leaderQueries: Client<typeof LeaderQueries>;
let payments: Client<typeof Payments>;
/** A record the owner stored, for the calls that need one. */
let valuesId: Uint8Array;

beforeAll(async () => {
  const store = new MemoryStore();
  const checkReceipt = receiptChecker(store, leader.publicKey, () => new Date());
  const transport = createRouterTransport(
    (router) => {
      router.service(Values, valuesService({ store, checkReceipt, prime: Prime.SAFE_256_BITS }));
      router.service(Permissions, permissionsService({ store, checkReceipt }));
      router.service(Programs, programsService({ store, checkReceipt }));
      router.service(LeaderQueries, leaderQueriesService({ checkReceipt }));
      router.service(
        Payments,
        paymentsService({
          leaderKey: leader,
          chain: () => Promise.reject(new Error("a malformed request must not reach the chain")),
          store,
        }),
      );
    },
    { router: { interceptors: [callerInterceptor({ nodeId })] } },
  );
  values = createClient(Values, transport);
  permissions = createClient(Permissions, transport);
  programs = createClient(Programs, transport);
  leaderQueries = createClient(LeaderQueries, transport);
  payments = createClient(Payments, transport);
  valuesId = (
    await values.storeValues(
      { signedReceipt: receipt({ case: "storeValues", value: {} }), values: [share()], permissions: mine() },
      auth(),
    )
  ).valuesId;
});

const auth = () => ({
  headers: {
    "x-nillion-token": encodeTokenHeader(createSignedToken({ signer: owner, targetNodeId: nodeId })),
  },
});
type Operation = NonNullable<MessageInitShape<typeof OperationMetadataSchema>["operation"]>;
const receipt = (operation: Operation) =>
  issueReceipt(create(OperationMetadataSchema, { operation }), leader, new Date());
const share = (width = 32) =>
  create(NamedValueSchema, {
    name: "a",
    value: { value: { case: "shamirShareInteger", value: { value: new Uint8Array(width).fill(1) } } },
  });
const me = () => ({ contents: owner.userId.bytes });
const short = () => ({ contents: new Uint8Array(5) });
// `change` may unset a field (owner: undefined), which the init type does not allow.
const mine = (change: object = {}) =>
  create(PermissionsSchema, {
    owner: me(),
    retrieve: [me()],
    update: [me()],
    delete: [me()],
    ...change,
  } as MessageInitShape<typeof PermissionsSchema>);
const programId = () => `${owner.userId.toHex()}/p/sha256/${"ab".repeat(32)}`;

async function failure(promise: Promise<unknown>): Promise<[Code, string]> {
  try {
    await promise;
  } catch (error) {
    const connect = ConnectError.from(error);
    return [connect.code, connect.rawMessage];
  }
  throw new Error("expected a failure");
}

interface Case {
  /** The receipt the call is paid with, if it takes one. */
  readonly receipt?: Operation | ((valuesId: Uint8Array) => Operation);
  /** The malformed call. */
  readonly bad: (signedReceipt: SignedReceipt) => Promise<unknown>;
  /** The text of the INVALID_ARGUMENT answer (a RegExp where it quotes another module's wording). */
  readonly text: string | RegExp;
  /** For a call with a receipt: the corrected call, which the same receipt must still pay for. */
  readonly good?: (signedReceipt: SignedReceipt) => Promise<unknown>;
}

const storeValues = (change: object) => (signedReceipt: SignedReceipt) =>
  values.storeValues({ signedReceipt, values: [share()], permissions: mine(), ...change }, auth());
const overwrite = (change: object) => (signedReceipt: SignedReceipt) =>
  permissions.overwritePermissions({ signedReceipt, permissions: mine(), ...change }, auth());
const update = (change: object) => (signedReceipt: SignedReceipt) =>
  permissions.updatePermissions({ signedReceipt, ...change }, auth());
const storeProgram = (bytes: Uint8Array) => (signedReceipt: SignedReceipt) =>
  programs.storeProgram({ signedReceipt, program: bytes }, auth());
const STORE: Operation = { case: "storeValues", value: {} };
const OVERWRITE = (id: Uint8Array): Operation => ({ case: "overwritePermissions", value: { valuesId: id } });
const UPDATE = (id: Uint8Array): Operation => ({ case: "updatePermissions", value: { valuesId: id } });
const programReceipt = (digest: Uint8Array): Operation => ({
  case: "storeProgram",
  value: { name: "p", contentsSha256: digest, metadata: {} },
});
const PROGRAM = programReceipt(sha256(program));
const UPDATE_ID = (id: Uint8Array) => ({ updateIdentifier: id });
const PARSE_PROGRAM_ID = /^protobuf parsing error: compute\[0\]\.program_ids\[0\]: "programId" must be/;
const addFundsPayload = (change: object) =>
  toBinary(
    AddFundsPayloadSchema,
    create(AddFundsPayloadSchema, { recipient: me(), nonce: new Uint8Array(32), ...change }),
  );

const REQUEST_CASES: Record<string, Record<string, Case>> = {
  "Values.StoreValues": {
    "no values": {
      receipt: STORE,
      bad: storeValues({ values: [] }),
      text: "no values provided",
      good: storeValues({}),
    },
    "a share narrower than the prime": {
      receipt: STORE,
      bad: storeValues({ values: [share(31)] }),
      text: "invalid values: 'a': invalid value length 31, expected 32",
      good: storeValues({}),
    },
    "a value without its oneof": {
      receipt: STORE,
      bad: storeValues({ values: [create(NamedValueSchema, { name: "a" })] }),
      text: "invalid values: 'a' has no value",
      good: storeValues({}),
    },
    "no permissions for new values": {
      receipt: STORE,
      bad: storeValues({ permissions: undefined }),
      text: "'permissions' is required when storing values",
      good: storeValues({}),
    },
    "permissions without an owner": {
      receipt: STORE,
      bad: storeValues({ permissions: mine({ owner: undefined }) }),
      text: "protobuf parsing error: 'owner' not set",
      good: storeValues({}),
    },
    "an owner of 5 bytes": {
      receipt: STORE,
      bad: storeValues({ permissions: mine({ owner: short() }) }),
      text: "protobuf parsing error: invalid user id length: owner has 5 bytes, expected 20",
      good: storeValues({}),
    },
    "a retriever of 5 bytes": {
      receipt: STORE,
      bad: storeValues({ permissions: mine({ retrieve: [me(), short()] }) }),
      text: "protobuf parsing error: invalid user id length: retrieve[1] has 5 bytes, expected 20",
      good: storeValues({}),
    },
    "a compute permission without a user": {
      receipt: STORE,
      bad: storeValues({ permissions: mine({ compute: [{ programIds: [programId()] }] }) }),
      text: "protobuf parsing error: 'user' not set in compute[0]",
      good: storeValues({}),
    },
    "a compute permission for a malformed program id": {
      receipt: STORE,
      bad: storeValues({ permissions: mine({ compute: [{ user: me(), programIds: ["p"] }] }) }),
      text: PARSE_PROGRAM_ID,
      good: storeValues({}),
    },
    "an update identifier of 5 bytes (INTERNAL on the reference)": {
      receipt: STORE,
      bad: storeValues({ updateIdentifier: new Uint8Array(5) }),
      text: "invalid uuid",
      good: (signedReceipt) => storeValues(UPDATE_ID(valuesId))(signedReceipt),
    },
    "an update with a deleter of 5 bytes": {
      receipt: STORE,
      bad: (signedReceipt) =>
        storeValues({ ...UPDATE_ID(valuesId), permissions: mine({ delete: [short()] }) })(signedReceipt),
      text: "protobuf parsing error: invalid user id length: delete[0] has 5 bytes, expected 20",
      good: (signedReceipt) => storeValues(UPDATE_ID(valuesId))(signedReceipt),
    },
  },
  "Values.DeleteValues": {
    "an id of 5 bytes": {
      bad: () => values.deleteValues({ valuesId: new Uint8Array(5) }, auth()),
      text: "values_id is not a uuid",
    },
  },
  "Permissions.OverwritePermissions": {
    "no permissions": {
      receipt: OVERWRITE,
      bad: overwrite({ permissions: undefined }),
      text: "'permissions' is required",
      good: overwrite({}),
    },
    "an updater of 5 bytes": {
      receipt: OVERWRITE,
      bad: overwrite({ permissions: mine({ update: [me(), short()] }) }),
      text: "protobuf parsing error: invalid user id length: update[1] has 5 bytes, expected 20",
      good: overwrite({}),
    },
  },
  "Permissions.UpdatePermissions": {
    "a grant to a user id of 5 bytes (was INTERNAL)": {
      receipt: UPDATE,
      bad: update({ retrieve: { grant: [short()], revoke: [] } }),
      text: "protobuf parsing error: invalid user id length: retrieve.grant[0] has 5 bytes, expected 20",
      good: update({ retrieve: { grant: [me()], revoke: [] } }),
    },
    "a revoke from a user id of 5 bytes": {
      receipt: UPDATE,
      bad: update({ delete: { grant: [], revoke: [short()] } }),
      text: "protobuf parsing error: invalid user id length: delete.revoke[0] has 5 bytes, expected 20",
      good: update({}),
    },
    "a compute grant without a user (was INTERNAL)": {
      receipt: UPDATE,
      bad: update({ compute: { grant: [{ programIds: [programId()] }], revoke: [] } }),
      text: "protobuf parsing error: 'user' not set in compute.grant[0]",
      good: update({ compute: { grant: [{ user: me(), programIds: [programId()] }], revoke: [] } }),
    },
    "a compute revoke with a user id of 5 bytes": {
      receipt: UPDATE,
      bad: update({ compute: { grant: [], revoke: [{ user: short(), programIds: [programId()] }] } }),
      text: "protobuf parsing error: invalid user id length: compute.revoke[0].user has 5 bytes, expected 20",
      good: update({}),
    },
    "a compute grant for a malformed program id": {
      receipt: UPDATE,
      bad: update({ compute: { grant: [{ user: me(), programIds: ["p"] }], revoke: [] } }),
      text: /^protobuf parsing error: compute\.grant\[0\]\.program_ids\[0\]: "programId" must be/,
      good: update({}),
    },
  },
  "Programs.StoreProgram": {
    "bytes that are not a program": {
      receipt: PROGRAM,
      bad: storeProgram(Uint8Array.of(0xff, 0xff)),
      text: "malformed program (invalid sdk version?)",
      good: storeProgram(program),
    },
  },
  "Payments.PriceQuote": {
    "no operation": {
      bad: () => payments.priceQuote({}),
      text: "protobuf parsing error: 'operation' not set",
    },
    "a program quote without metadata": {
      bad: () => payments.priceQuote({ operation: { case: "storeProgram", value: { name: "p" } } }),
      text: "protobuf parsing error: 'metadata' not set",
    },
  },
  "Payments.PaymentReceipt": {
    "no quote": {
      bad: () => payments.paymentReceipt({ txHash: "" }, auth()),
      text: "protobuf parsing error: 'signed_quote' not set",
    },
    "a quote the leader did not sign": {
      bad: () =>
        payments.paymentReceipt({ signedQuote: { quote: Uint8Array.of(1), signature: new Uint8Array(64) } }),
      text: "invalid signature",
    },
  },
  "Payments.AddFunds": {
    "a payload that does not decode": {
      bad: () => payments.addFunds({ payload: Uint8Array.of(0xff), txHash: "AB".repeat(32) }),
      text: "invalid payload",
    },
    "a recipient of 5 bytes": {
      bad: () =>
        payments.addFunds({ payload: addFundsPayload({ recipient: short() }), txHash: "AB".repeat(32) }),
      text: "invalid payload",
    },
    "a nonce of 31 bytes": {
      bad: () =>
        payments.addFunds({
          payload: addFundsPayload({ nonce: new Uint8Array(31) }),
          txHash: "AB".repeat(32),
        }),
      text: "invalid payload",
    },
  },
};

describe.each(Object.entries(REQUEST_CASES))("%s", (_rpc, cases) => {
  it.each(Object.entries(cases))("refuses %s with INVALID_ARGUMENT", async (_label, c) => {
    const operation = typeof c.receipt === "function" ? c.receipt(valuesId) : c.receipt;
    const signedReceipt = receipt(operation ?? STORE);
    const [code, text] = await failure(c.bad(signedReceipt));
    expect(code).toBe(Code.InvalidArgument);
    if (typeof c.text === "string") expect(text).toBe(c.text);
    else expect(text).toMatch(c.text);
    // The receipt was not used: it pays for the corrected request.
    if (c.good) await c.good(signedReceipt);
  });
});

describe("a receipt that is wrong for the call", () => {
  it.each([
    [
      "Values.RetrieveValues, with a receipt for another operation",
      (r: SignedReceipt) => values.retrieveValues({ signedReceipt: r }, auth()),
      () => receipt(STORE),
      "receipt is not for a 'retrieve values' operation",
    ],
    [
      "Values.RetrieveValues, with a receipt naming a 5-byte values id",
      (r: SignedReceipt) => values.retrieveValues({ signedReceipt: r }, auth()),
      () => receipt({ case: "retrieveValues", value: { valuesId: new Uint8Array(5) } }),
      "invalid values identifier",
    ],
    [
      "Permissions.RetrievePermissions, with a receipt naming a 5-byte values id",
      (r: SignedReceipt) => permissions.retrievePermissions({ signedReceipt: r }, auth()),
      () => receipt({ case: "retrievePermissions", value: { valuesId: new Uint8Array(5) } }),
      "invalid values identifier",
    ],
    [
      "Programs.StoreProgram, with a receipt for another program",
      (r: SignedReceipt) => programs.storeProgram({ signedReceipt: r, program }, auth()),
      () => receipt(programReceipt(new Uint8Array(32))),
      "invalid program hash",
    ],
    [
      "LeaderQueries.PoolStatus, with a receipt for another operation",
      (r: SignedReceipt) => leaderQueries.poolStatus({ signedReceipt: r }, auth()),
      () => receipt(STORE),
      "receipt is not for a 'pool status' operation",
    ],
  ])("%s: INVALID_ARGUMENT, and the receipt is used up", async (_label, call, signed, text) => {
    const signedReceipt = signed();
    expect(await failure(call(signedReceipt))).toEqual([Code.InvalidArgument, text]);
    expect(await failure(call(signedReceipt))).toEqual([Code.FailedPrecondition, "nonce already used"]);
  });
});
