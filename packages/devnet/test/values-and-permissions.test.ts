// The Values and Permissions services of one node, through a connect router transport, with receipts the
// leader signs: ACLs (owner / granted / stranger), receipt rules, TTL expiry and malformed input.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { OperationMetadataSchema } from "@nillion/proto/nillion/payments/v1/receipt";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { beforeEach, describe, expect, it } from "vitest";
import { callerInterceptor } from "../src/node/caller.js";
import { issueReceipt } from "../src/node/payments/receipts.js";
import { receiptChecker } from "../src/node/receipt-checker.js";
import { permissionsService } from "../src/node/services/permissions-service.js";
import { valuesService } from "../src/node/services/values-service.js";
import { MemoryStore } from "../src/storage/memory-store.js";

const leader = PrivateKey.fromSeed("nillion-devnet:1");
const node = PrivateKey.fromSeed("nillion-devnet:0");
const nodeId = nodeIdFromPublicKey(node.publicKey);
const owner = PrivateKey.fromSeed("owner");
const friend = PrivateKey.fromSeed("friend");
const stranger = PrivateKey.fromSeed("stranger");
const DAY = 24 * 3600 * 1000;
let clock: Date;
let values: Client<typeof Values>;
let permissions: Client<typeof Permissions>;

beforeEach(() => {
  clock = new Date("2026-11-21T12:00:00Z");
  const store = new MemoryStore();
  const now = () => clock;
  const checkReceipt = receiptChecker(store, leader.publicKey, now);
  const transport = createRouterTransport(
    (router) => {
      router.service(Values, valuesService({ store, checkReceipt, prime: Prime.SAFE_256_BITS, now }));
      router.service(Permissions, permissionsService({ store, checkReceipt, now }));
    },
    { router: { interceptors: [callerInterceptor({ nodeId, now })] } },
  );
  values = createClient(Values, transport);
  permissions = createClient(Permissions, transport);
});

const as = (user: PrivateKey) => ({
  headers: {
    "x-nillion-token": encodeTokenHeader(
      createSignedToken({ signer: user, targetNodeId: nodeId, now: clock }),
    ),
  },
});
const receipt = (operation: NonNullable<MessageInitShape<typeof OperationMetadataSchema>["operation"]>) =>
  issueReceipt(create(OperationMetadataSchema, { operation }), leader, clock);
const storeReceipt = (ttlDays?: number) =>
  receipt({
    case: "storeValues",
    value: { secretSharedCount: 1n, ...(ttlDays === undefined ? {} : { ttlDays }) },
  });
const share = (name: string, fill: number, width = 32) =>
  create(NamedValueSchema, {
    name,
    value: { value: { case: "shamirShareInteger", value: { value: new Uint8Array(width).fill(fill) } } },
  });
const ownedBy = (user: PrivateKey) =>
  create(PermissionsSchema, {
    owner: { contents: user.userId.bytes },
    retrieve: [{ contents: user.userId.bytes }],
    update: [{ contents: user.userId.bytes }],
    delete: [{ contents: user.userId.bytes }],
  });

async function failure(promise: Promise<unknown>): Promise<[Code, string]> {
  try {
    await promise;
  } catch (error) {
    const connect = ConnectError.from(error);
    return [connect.code, connect.rawMessage];
  }
  throw new Error("expected a failure");
}

async function stored(ttlDays?: number): Promise<Uint8Array> {
  const { valuesId } = await values.storeValues(
    {
      signedReceipt: storeReceipt(ttlDays),
      permissions: ownedBy(owner),
      values: [share("a", 1), share("b", 2)],
    },
    as(owner),
  );
  return valuesId;
}
const retrieve = (valuesId: Uint8Array, user: PrivateKey) =>
  values.retrieveValues(
    { signedReceipt: receipt({ case: "retrieveValues", value: { valuesId } }) },
    as(user),
  );

describe("Values", () => {
  it("stores under the receipt's identifier and gives the shares back to those who may retrieve them", async () => {
    const signedReceipt = storeReceipt();
    const { valuesId } = await values.storeValues(
      { signedReceipt, permissions: ownedBy(owner), values: [share("a", 1)] },
      as(owner),
    );
    expect(valuesId).toHaveLength(16);
    const back = await retrieve(valuesId, owner);
    expect(back.values).toEqual([share("a", 1)]);
    expect(await failure(retrieve(valuesId, stranger))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
    expect(
      await failure(
        values.retrieveValues({ signedReceipt: receipt({ case: "retrieveValues", value: { valuesId } }) }),
      ),
    ).toEqual([Code.PermissionDenied, "permissions denied"]);
  });

  it("uses each receipt once, and only for its operation", async () => {
    const signedReceipt = storeReceipt();
    await values.storeValues(
      { signedReceipt, permissions: ownedBy(owner), values: [share("a", 1)] },
      as(owner),
    );
    expect(
      await failure(
        values.storeValues(
          { signedReceipt, permissions: ownedBy(owner), values: [share("a", 1)] },
          as(owner),
        ),
      ),
    ).toEqual([Code.FailedPrecondition, "nonce already used"]);
    const wrong = receipt({ case: "retrieveValues", value: { valuesId: new Uint8Array(16) } });
    expect(
      await failure(
        values.storeValues(
          { signedReceipt: wrong, permissions: ownedBy(owner), values: [share("a", 1)] },
          as(owner),
        ),
      ),
    ).toEqual([Code.InvalidArgument, "receipt is not for a 'store values' operation"]);
  });

  it.each([
    ["no values", { values: [] }, "no values provided"],
    [
      "a share of the wrong width",
      { values: [share("a", 1, 31)] },
      "invalid values: 'a': invalid value length 31, expected 32",
    ],
    [
      "two values with one name",
      { values: [share("a", 1), share("a", 2)] },
      "invalid values: duplicate value: a",
    ],
    [
      "no permissions on a new store",
      { values: [share("a", 1)], permissions: undefined },
      "'permissions' is required when storing values",
    ],
  ])("refuses %s", async (_label, change, message) => {
    const request = { signedReceipt: storeReceipt(), permissions: ownedBy(owner), ...change };
    expect(await failure(values.storeValues(request, as(owner)))).toEqual([Code.InvalidArgument, message]);
  });

  it("replaces the whole set on update, for users with the update right only", async () => {
    const valuesId = await stored();
    expect(
      await failure(
        values.storeValues(
          { signedReceipt: storeReceipt(), updateIdentifier: valuesId, values: [share("c", 3)] },
          as(stranger),
        ),
      ),
    ).toEqual([Code.PermissionDenied, "user does not have permissions for action"]);
    await values.storeValues(
      { signedReceipt: storeReceipt(), updateIdentifier: valuesId, values: [share("c", 3)] },
      as(owner),
    );
    expect((await retrieve(valuesId, owner)).values).toEqual([share("c", 3)]);
    const unknown = new Uint8Array(16).fill(9);
    expect(
      await failure(
        values.storeValues(
          { signedReceipt: storeReceipt(), updateIdentifier: unknown, values: [share("c", 3)] },
          as(owner),
        ),
      ),
    ).toEqual([Code.NotFound, "value not found"]);
  });

  it("keeps the stored permissions when an updater who is not the owner sends some (stricter than the reference)", async () => {
    const id = (user: PrivateKey) => ({ contents: user.userId.bytes });
    const original = create(PermissionsSchema, {
      owner: id(owner),
      retrieve: [id(owner)],
      update: [id(owner), id(friend)],
      delete: [id(owner)],
    });
    const { valuesId } = await values.storeValues(
      { signedReceipt: storeReceipt(), permissions: original, values: [share("a", 1)] },
      as(owner),
    );
    const readPermissions = async () =>
      permissions.retrievePermissions(
        { signedReceipt: receipt({ case: "retrievePermissions", value: { valuesId } }) },
        as(owner),
      );
    // The friend updates the way the official clients do: with permissions, here naming itself owner.
    await values.storeValues(
      {
        signedReceipt: storeReceipt(),
        updateIdentifier: valuesId,
        permissions: ownedBy(friend),
        values: [share("b", 2)],
      },
      as(friend),
    );
    expect((await retrieve(valuesId, owner)).values).toEqual([share("b", 2)]);
    expect(await readPermissions()).toEqual(original);
    expect(await failure(retrieve(valuesId, friend))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
    // The owner still updates, and its permissions do replace the stored ones.
    const next = create(PermissionsSchema, {
      owner: id(owner),
      retrieve: [id(friend)],
      update: [id(owner)],
      delete: [id(owner)],
    });
    await values.storeValues(
      {
        signedReceipt: storeReceipt(),
        updateIdentifier: valuesId,
        permissions: next,
        values: [share("c", 3)],
      },
      as(owner),
    );
    expect(await failure(readPermissions())).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
    expect((await retrieve(valuesId, friend)).values).toEqual([share("c", 3)]);
    await values.deleteValues({ valuesId }, as(owner));
    expect(await failure(retrieve(valuesId, friend))).toEqual([Code.NotFound, "value not found"]);
  });

  it("expires values after their TTL", async () => {
    const valuesId = await stored(1);
    clock = new Date(clock.getTime() + 2 * DAY);
    expect(await failure(retrieve(valuesId, owner))).toEqual([Code.NotFound, "entity expired"]);
  });

  it("refuses an expiry after 31 December 262142 (the reference's calendar), at noon as at midnight", async () => {
    for (const time of ["2026-11-21T12:00:00Z", "2026-11-21T00:00:00Z", "2026-11-21T23:59:59.999Z"]) {
      clock = new Date(time);
      // Calendar days from the clock's date to the last one the reference can represent.
      const lastAccepted = (Date.UTC(262142, 11, 31) - Date.UTC(2026, 10, 21)) / DAY;
      const valuesId = await stored(lastAccepted);
      expect((await retrieve(valuesId, owner)).values).toEqual([share("a", 1), share("b", 2)]);
      expect(
        await failure(
          values.storeValues(
            {
              signedReceipt: storeReceipt(lastAccepted + 1),
              permissions: ownedBy(owner),
              values: [share("a", 1)],
            },
            as(owner),
          ),
        ),
      ).toEqual([Code.InvalidArgument, "ttl_days is too high"]);
    }
  });

  it("deletes for users with the delete right, then reports the values as not found", async () => {
    const valuesId = await stored();
    expect(await failure(values.deleteValues({ valuesId }, as(stranger)))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
    await values.deleteValues({ valuesId }, as(owner));
    expect(await failure(retrieve(valuesId, owner))).toEqual([Code.NotFound, "value not found"]);
    expect(await failure(values.deleteValues({ valuesId }, as(owner)))).toEqual([
      Code.NotFound,
      "value not found",
    ]);
    expect(await failure(values.deleteValues({ valuesId: new Uint8Array(3) }, as(owner)))).toEqual([
      Code.InvalidArgument,
      "values_id is not a uuid",
    ]);
  });
});

describe("Permissions", () => {
  const update = (valuesId: Uint8Array, user: PrivateKey, commands: object) =>
    permissions.updatePermissions(
      { signedReceipt: receipt({ case: "updatePermissions", value: { valuesId } }), ...commands },
      as(user),
    );

  it("lets retrievers read the permissions", async () => {
    const valuesId = await stored();
    const read = await permissions.retrievePermissions(
      { signedReceipt: receipt({ case: "retrievePermissions", value: { valuesId } }) },
      as(owner),
    );
    expect(read.owner?.contents).toEqual(owner.userId.bytes);
    expect(
      await failure(
        permissions.retrievePermissions(
          { signedReceipt: receipt({ case: "retrievePermissions", value: { valuesId } }) },
          as(stranger),
        ),
      ),
    ).toEqual([Code.PermissionDenied, "user does not have permissions for action"]);
  });

  it("lets only the owner update them: grants first, then revokes", async () => {
    const valuesId = await stored();
    await update(valuesId, owner, { retrieve: { grant: [{ contents: friend.userId.bytes }], revoke: [] } });
    expect((await retrieve(valuesId, friend)).values).toHaveLength(2);
    await update(valuesId, owner, {
      update: { grant: [{ contents: friend.userId.bytes }], revoke: [{ contents: friend.userId.bytes }] },
    });
    expect(
      await failure(
        values.storeValues(
          { signedReceipt: storeReceipt(), updateIdentifier: valuesId, values: [share("x", 1)] },
          as(friend),
        ),
      ),
    ).toEqual([Code.PermissionDenied, "user does not have permissions for action"]);
    expect(
      await failure(
        update(valuesId, friend, { retrieve: { grant: [{ contents: stranger.userId.bytes }], revoke: [] } }),
      ),
    ).toEqual([Code.PermissionDenied, "user does not have permissions for action"]);
    await update(valuesId, owner, { retrieve: { grant: [], revoke: [{ contents: friend.userId.bytes }] } });
    expect(await failure(retrieve(valuesId, friend))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
  });

  it("lets only the owner overwrite them", async () => {
    const valuesId = await stored();
    const overwrite = (user: PrivateKey) =>
      permissions.overwritePermissions(
        {
          signedReceipt: receipt({ case: "overwritePermissions", value: { valuesId } }),
          permissions: ownedBy(friend),
        },
        as(user),
      );
    expect(await failure(overwrite(stranger))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
    await overwrite(owner);
    expect((await retrieve(valuesId, friend)).values).toHaveLength(2);
    expect(await failure(retrieve(valuesId, owner))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
  });
});
