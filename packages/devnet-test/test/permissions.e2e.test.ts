// Permissions end to end: reading, overwriting and updating them in both payment modes, and the matrix
// of who may do what — the owner, a user granted the right, a stranger — with the typed error nodes'
// refusals become.
import {
  Integer,
  PermissionDeniedError,
  Permissions,
  PermissionsDelta,
  SecretInteger,
  type ValuesId,
} from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eSession, failureOf, openSession } from "./e2e-session.js";

const PROGRAM = `3113a1170de795e4b725b84d1e0b4cfd9ec58ce9/a-program/sha256/${"ab".repeat(32)}`;
const VALUES = { secret: new SecretInteger(42n), limit: new Integer(100n) };

let session: E2eSession;
beforeAll(async () => {
  session = await openSession("permissions");
});
afterAll(() => session.close());

describe.each(["balance", "per-operation"] as const)("permissions, paid %s", (paymentMode) => {
  let owner: VmClient;
  let other: VmClient;
  beforeAll(async () => {
    owner = await session.user({ paymentMode });
    other = await session.user({ paymentMode, keyType: "ed25519" });
    if (paymentMode === "balance") await owner.addFunds(20_000_000n);
  });

  it("store with the owner's defaults, or with the permissions given", async () => {
    const id = await owner.storeValues(VALUES, { ttlDays: 1 }).invoke();
    const stored = await owner.retrievePermissions(id).invoke();
    expect(stored.equals(Permissions.defaultsForUser(owner.userId))).toBe(true);
    expect(stored.owner.equals(owner.userId)).toBe(true);

    const given = Permissions.defaultsForUser(owner.userId)
      .allowRetrieve(other.userId)
      .allowCompute(other.userId, PROGRAM);
    const sharedId = await owner.storeValues(VALUES, { ttlDays: 1, permissions: given }).invoke();
    expect((await owner.retrievePermissions(sharedId).invoke()).equals(given)).toBe(true);
    expect((await other.retrieveValues(sharedId).invoke())["secret"]).toEqual(new SecretInteger(42n));
  });

  it("overwrite: the new permissions replace the old ones entirely", async () => {
    const id = await owner
      .storeValues(VALUES, {
        ttlDays: 1,
        permissions: Permissions.defaultsForUser(owner.userId).allowDelete(other.userId),
      })
      .invoke();
    const replacement = Permissions.defaultsForUser(owner.userId)
      .allowRetrieve(other.userId)
      .allowCompute(other.userId, PROGRAM);
    await owner.overwritePermissions(id, replacement).invoke();
    const stored = await other.retrievePermissions(id).invoke();
    expect(stored.equals(replacement)).toBe(true);
    expect(stored.canDelete(other.userId)).toBe(false);
  });

  it("update: grants first, then revocations, leaving the rest as it was", async () => {
    const initial = Permissions.defaultsForUser(owner.userId).allowUpdate(other.userId);
    const id = await owner.storeValues(VALUES, { ttlDays: 1, permissions: initial }).invoke();
    const delta = new PermissionsDelta()
      .grantRetrieve(other.userId)
      .grantCompute(other.userId, PROGRAM)
      .grantDelete(other.userId)
      .revokeDelete(other.userId);
    await owner.updatePermissions(id.toString(), delta).invoke();

    const stored = await owner.retrievePermissions(id).invoke();
    expect(stored.equals(delta.applyTo(initial))).toBe(true);
    expect(stored.canRetrieve(other.userId)).toBe(true);
    expect(stored.canUpdate(other.userId)).toBe(true);
    expect(stored.canCompute(other.userId, PROGRAM)).toBe(true);
    expect(stored.canDelete(other.userId)).toBe(false);
  });

  it("an update of the values keeps their permissions unless new ones are given", async () => {
    const shared = Permissions.defaultsForUser(owner.userId).allowRetrieve(other.userId);
    const id = await owner.storeValues(VALUES, { ttlDays: 1, permissions: shared }).invoke();
    await owner
      .storeValues({ secret: new SecretInteger(43n) }, { ttlDays: 1, updateIdentifier: id })
      .invoke();
    expect(await other.retrieveValues(id).invoke()).toEqual({ secret: new SecretInteger(43n) });

    const own = Permissions.defaultsForUser(owner.userId);
    await owner
      .storeValues({ secret: new SecretInteger(44n) }, { ttlDays: 1, updateIdentifier: id, permissions: own })
      .invoke();
    expect((await owner.retrievePermissions(id).invoke()).equals(own)).toBe(true);
    await expectDenied(other.retrieveValues(id).invoke(), owner);
  });
});

/** Asserts the nodes' refusal, as the SDK reports it: from the first node in cluster order. */
async function expectDenied(attempt: Promise<unknown>, client: VmClient): Promise<void> {
  const error = await failureOf(attempt);
  expect(error).toBeInstanceOf(PermissionDeniedError);
  expect(error).toMatchObject({
    code: "PERMISSION_DENIED",
    details: {
      node: client.cluster.members[0]?.grpcEndpoint,
      grpcCode: "permission_denied",
      rawMessage: "user does not have permissions for action",
    },
  });
  expect((error as Error).message).toContain("user does not have permissions for action");
}

type Role = "owner" | "granted" | "stranger";

/**
 * One action of the matrix: `grant` gives the granted user what a non-owner may hold for it, `act` runs
 * it as `actor` on values `owner` stored, and `check` (as the owner) sees that it took effect — or, when
 * it was refused, that nothing changed.
 */
interface Action {
  readonly name: string;
  readonly grant: (permissions: Permissions, user: VmClient) => Permissions;
  readonly act: (actor: VmClient, id: ValuesId, owner: VmClient, stranger: VmClient) => Promise<unknown>;
  readonly check: (owner: VmClient, id: ValuesId, done: boolean, stranger: VmClient) => Promise<void>;
  readonly allowed: readonly Role[];
}

const everything = (permissions: Permissions, user: VmClient) =>
  permissions
    .allowRetrieve(user.userId)
    .allowUpdate(user.userId)
    .allowDelete(user.userId)
    .allowCompute(user.userId, PROGRAM);

const ACTIONS: readonly Action[] = [
  {
    name: "retrieve values",
    grant: (permissions, user) => permissions.allowRetrieve(user.userId),
    act: async (actor, id) => expect(await actor.retrieveValues(id).invoke()).toEqual(VALUES),
    check: async (owner, id) => expect(await owner.retrieveValues(id).invoke()).toEqual(VALUES),
    allowed: ["owner", "granted"],
  },
  {
    name: "update values",
    grant: (permissions, user) => permissions.allowUpdate(user.userId),
    act: (actor, id) =>
      actor.storeValues({ secret: new SecretInteger(7n) }, { ttlDays: 1, updateIdentifier: id }).invoke(),
    check: async (owner, id, done) =>
      expect(await owner.retrieveValues(id).invoke()).toEqual(
        done ? { secret: new SecretInteger(7n) } : VALUES,
      ),
    allowed: ["owner", "granted"],
  },
  {
    name: "delete values",
    grant: (permissions, user) => permissions.allowDelete(user.userId),
    act: (actor, id) => actor.deleteValues(id).invoke(),
    check: async (owner, id, done) => {
      const retrieve = owner.retrieveValues(id).invoke();
      if (done) await expect(retrieve).rejects.toMatchObject({ code: "NOT_FOUND" });
      else expect(await retrieve).toEqual(VALUES);
    },
    allowed: ["owner", "granted"],
  },
  {
    name: "retrieve permissions",
    grant: (permissions, user) => permissions.allowRetrieve(user.userId),
    act: async (actor, id, owner) =>
      expect((await actor.retrievePermissions(id).invoke()).owner.equals(owner.userId)).toBe(true),
    check: async (owner, id) =>
      expect((await owner.retrievePermissions(id).invoke()).owner.equals(owner.userId)).toBe(true),
    allowed: ["owner", "granted"],
  },
  {
    name: "overwrite permissions",
    grant: everything,
    act: (actor, id, _owner, stranger) =>
      actor
        .overwritePermissions(id, everything(Permissions.defaultsForUser(actor.userId), stranger))
        .invoke(),
    check: async (owner, id, done, stranger) => {
      const permissions = await owner.retrievePermissions(id).invoke();
      expect(permissions.canDelete(stranger.userId)).toBe(done);
    },
    allowed: ["owner"],
  },
  {
    name: "update permissions",
    grant: everything,
    act: (actor, id, _owner, stranger) =>
      actor.updatePermissions(id, new PermissionsDelta().grantDelete(stranger.userId)).invoke(),
    check: async (owner, id, done, stranger) => {
      const permissions = await owner.retrievePermissions(id).invoke();
      expect(permissions.canDelete(stranger.userId)).toBe(done);
    },
    allowed: ["owner"],
  },
];

describe("the permission matrix", () => {
  const users = {} as Record<Role, VmClient>;
  beforeAll(async () => {
    users.owner = await session.user();
    users.granted = await session.user({ keyType: "ed25519" });
    users.stranger = await session.user();
    await Promise.all(Object.values(users).map((user) => user.addFunds(20_000_000n)));
  });

  const cases = ACTIONS.flatMap((action) =>
    (["owner", "granted", "stranger"] as const).map((role) => ({
      action,
      role,
      allowed: action.allowed.includes(role),
    })),
  );

  it.each(cases)("$action.name as $role: allowed $allowed", async ({ action, role, allowed }) => {
    const { owner, granted, stranger } = users;
    const permissions = action.grant(Permissions.defaultsForUser(owner.userId), granted);
    const id = await owner.storeValues(VALUES, { ttlDays: 1, permissions }).invoke();
    const attempt = action.act(users[role], id, owner, stranger);
    if (allowed) await attempt;
    else await expectDenied(attempt, users[role]);
    await action.check(owner, id, allowed, stranger);
  });

  it("the owner holds no right but changing the permissions unless listed", async () => {
    const { owner, granted } = users;
    const bare = new Permissions(owner.userId).allowRetrieve(granted.userId);
    const id = await owner.storeValues(VALUES, { ttlDays: 1, permissions: bare }).invoke();
    await expectDenied(owner.retrieveValues(id).invoke(), owner);
    await expectDenied(owner.retrievePermissions(id).invoke(), owner);
    await expectDenied(owner.storeValues(VALUES, { ttlDays: 1, updateIdentifier: id }).invoke(), owner);
    await expectDenied(owner.deleteValues(id).invoke(), owner);

    await owner.updatePermissions(id, new PermissionsDelta().grantRetrieve(owner.userId)).invoke();
    expect(await owner.retrieveValues(id).invoke()).toEqual(VALUES);
  });

  it("a revoked right is gone at once", async () => {
    const { owner, granted } = users;
    const permissions = Permissions.defaultsForUser(owner.userId).allowRetrieve(granted.userId);
    const id = await owner.storeValues(VALUES, { ttlDays: 1, permissions }).invoke();
    expect(await granted.retrieveValues(id).invoke()).toEqual(VALUES);
    await owner.updatePermissions(id, new PermissionsDelta().revokeRetrieve(granted.userId)).invoke();
    await expectDenied(granted.retrieveValues(id).invoke(), granted);
  });
});
