// Access control and expiry on a running devnet, over gRPC-web (what the official TS client speaks): the
// owner / granted / stranger matrix for every values and permissions operation, and TTLs on a moved clock.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { SecretMasker } from "@nillion/crypto";
import { type Permissions, PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { Integer } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Devnet } from "../src/index.js";
import { at, failure, sharesFor, startTestDevnet, TestUser } from "./cluster-helpers.js";

const DAY_MS = 24 * 3600 * 1000;

function maskerFor(devnet: Devnet): SecretMasker {
  return new SecretMasker({
    prime: "SAFE_256_BITS",
    degree: 1,
    parties: devnet.layout.nodes.map((node) => node.nodeId),
  });
}

type Right = "retrieve" | "update" | "delete" | "owner";
type Operation = (caller: TestUser, valuesId: Uint8Array) => Promise<unknown>;

describe("permission matrix", () => {
  let devnet: Devnet;
  let owner: TestUser;
  let granted: TestUser;
  let stranger: TestUser;
  let masker: SecretMasker;
  beforeAll(async () => {
    devnet = await startTestDevnet();
    const protocol = "gRPC-web over HTTP/1.1";
    owner = new TestUser(devnet, { seed: "acl owner", walletIndex: 6, protocol });
    granted = new TestUser(devnet, { seed: "acl granted", walletIndex: 7, protocol });
    stranger = new TestUser(devnet, { seed: "acl stranger", walletIndex: 8, protocol });
    masker = maskerFor(devnet);
  });
  afterAll(() => devnet.stop());

  /** Values owned by `owner`, with `right` also granted to `granted` (every right but ownership for "owner"). */
  async function storeGranting(right: Right): Promise<Uint8Array> {
    const rights = right === "owner" ? (["retrieve", "update", "delete"] as const) : ([right] as const);
    const permissions: MessageInitShape<typeof PermissionsSchema> = {
      owner: { contents: owner.userId },
      retrieve: [{ contents: owner.userId }],
      update: [{ contents: owner.userId }],
      delete: [{ contents: owner.userId }],
    };
    for (const each of rights)
      (permissions[each] as { contents: Uint8Array }[]).push({ contents: granted.userId });
    const receipt = await owner.receipt({
      operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } },
    });
    const shares = masker.mask({ n: new Integer(5n) });
    const ids = await Promise.all(
      owner.nodes.map((node, index) =>
        node.values.storeValues({
          values: sharesFor(shares, at(devnet.layout.nodes, index).nodeId),
          permissions: create(PermissionsSchema, permissions),
          signedReceipt: receipt,
        }),
      ),
    );
    return at(ids, 0).valuesId;
  }

  // Each operation needs the one right named; overwriting and updating permissions are the owner's alone.
  const operations: [string, Right, Operation][] = [
    [
      "retrieve values",
      "retrieve",
      async (caller, valuesId) => {
        const receipt = await caller.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
        return at(caller.nodes, 0).values.retrieveValues({ signedReceipt: receipt });
      },
    ],
    [
      "update values",
      "update",
      async (caller, valuesId) => {
        const receipt = await caller.receipt({
          operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } },
        });
        const shares = masker.mask({ n: new Integer(6n) });
        return at(caller.nodes, 0).values.storeValues({
          values: sharesFor(shares, at(devnet.layout.nodes, 0).nodeId),
          updateIdentifier: valuesId,
          signedReceipt: receipt,
        });
      },
    ],
    ["delete values", "delete", (caller, valuesId) => at(caller.nodes, 0).values.deleteValues({ valuesId })],
    [
      "retrieve permissions",
      "retrieve",
      async (caller, valuesId) => {
        const receipt = await caller.receipt({
          operation: { case: "retrievePermissions", value: { valuesId } },
        });
        return at(caller.nodes, 0).permissions.retrievePermissions({ signedReceipt: receipt });
      },
    ],
    [
      "overwrite permissions",
      "owner",
      async (caller, valuesId) => {
        const receipt = await caller.receipt({
          operation: { case: "overwritePermissions", value: { valuesId } },
        });
        return at(caller.nodes, 0).permissions.overwritePermissions({
          permissions: { owner: { contents: caller.userId } },
          signedReceipt: receipt,
        });
      },
    ],
    [
      "update permissions",
      "owner",
      async (caller, valuesId) => {
        const receipt = await caller.receipt({
          operation: { case: "updatePermissions", value: { valuesId } },
        });
        return at(caller.nodes, 0).permissions.updatePermissions({
          delete: { grant: [{ contents: caller.userId }] },
          signedReceipt: receipt,
        });
      },
    ],
  ];

  it.each(operations)(
    "%s: the owner may, a user granted %s may unless it is ownership, a stranger may not",
    async (_, right, operation) => {
      await expect(operation(owner, await storeGranting(right))).resolves.toBeDefined();
      const grantedAttempt = operation(granted, await storeGranting(right));
      if (right === "owner") {
        expect(await failure(grantedAttempt)).toEqual([
          Code.PermissionDenied,
          "user does not have permissions for action",
        ]);
      } else {
        await expect(grantedAttempt).resolves.toBeDefined();
      }
      expect(await failure(operation(stranger, await storeGranting(right)))).toEqual([
        Code.PermissionDenied,
        "user does not have permissions for action",
      ]);
    },
  );

  it("lets a grantee of one right do nothing else", async () => {
    const valuesId = await storeGranting("retrieve");
    expect(await failure(at(granted.nodes, 0).values.deleteValues({ valuesId }))).toEqual([
      Code.PermissionDenied,
      "user does not have permissions for action",
    ]);
    const permissions: Permissions = await (async () => {
      const receipt = await owner.receipt({
        operation: { case: "retrievePermissions", value: { valuesId } },
      });
      return at(owner.nodes, 0).permissions.retrievePermissions({ signedReceipt: receipt });
    })();
    expect(permissions.delete.map((user) => user.contents)).toEqual([owner.userId]);
  });
});

describe("expiry on a moved clock", () => {
  let devnet: Devnet;
  let user: TestUser;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  beforeAll(async () => {
    devnet = await startTestDevnet({ now, sweepIntervalMs: 50 });
    user = new TestUser(devnet, { seed: "clock user", walletIndex: 9, now });
  });
  afterAll(() => devnet.stop());

  it("answers 'entity expired' once a value set's TTL has passed, until the sweep deletes it", async () => {
    offsetMs = 0;
    const receipt = await user.receipt({
      operation: { case: "storeValues", value: { publicValuesCount: 1n, ttlDays: 1 } },
    });
    const shares = maskerFor(devnet).mask({ n: new Integer(1n) });
    const { valuesId } = await at(user.nodes, 0).values.storeValues({
      values: sharesFor(shares, at(devnet.layout.nodes, 0).nodeId),
      permissions: {
        owner: { contents: user.userId },
        retrieve: [{ contents: user.userId }],
        delete: [{ contents: user.userId }],
      },
      signedReceipt: receipt,
    });
    const read = await user.receipt({ operation: { case: "retrieveValues", value: { valuesId } } });
    offsetMs = DAY_MS - 60_000;
    await expect(at(user.nodes, 0).values.retrieveValues({ signedReceipt: read })).resolves.toBeDefined();
    offsetMs = DAY_MS + 60_000;
    const [code, message] = await failure(at(user.nodes, 0).values.deleteValues({ valuesId }));
    expect(code).toBe(Code.NotFound);
    // The sweep runs every 50 ms here: the answer is one of the two, then only "value not found".
    expect(["entity expired", "value not found"]).toContain(message);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await failure(at(user.nodes, 0).values.deleteValues({ valuesId }))).toEqual([
      Code.NotFound,
      "value not found",
    ]);
  });

  it("refuses a quote and a receipt once their 24 hours are over", async () => {
    offsetMs = 0;
    const quote = await user.quote({ operation: { case: "poolStatus", value: {} } });
    const txHash = await user.payQuote(quote);
    const receipt = await user.receipt({ operation: { case: "poolStatus", value: {} } });
    offsetMs = DAY_MS + 60_000;
    expect(await failure(user.leader.payments.paymentReceipt({ signedQuote: quote, txHash }))).toEqual([
      Code.FailedPrecondition,
      "quote expired",
    ]);
    expect(await failure(user.leader.leaderQueries.poolStatus({ signedReceipt: receipt }))).toEqual([
      Code.FailedPrecondition,
      "quote expired",
    ]);
  });
});
