import { ConnectError } from "@connectrpc/connect";
import {
  InternalError,
  InvalidArgumentError,
  PermissionDeniedError,
  Permissions,
  PermissionsDelta,
  SecretInteger,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clientOf, connect } from "./connect.js";

const PROGRAM = `${"ab".repeat(20)}/main/sha256/${"cd".repeat(32)}`;

async function setup() {
  const { cluster, client } = await connect();
  const bob = await clientOf(cluster, "bob");
  const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
  return { cluster, client, bob, id };
}

describe("permissions", () => {
  it("overwrite them as the owner, on every node", async () => {
    const { cluster, client, bob, id } = await setup();
    const permissions = Permissions.defaultsForUser(client.userId)
      .allowRetrieve(bob.userId)
      .allowCompute(bob.userId, PROGRAM);
    await client.overwritePermissions(id, permissions).invoke();
    expect(cluster.callsOf("OverwritePermissions")).toHaveLength(cluster.nodes.length);
    expect((await bob.retrievePermissions(id).invoke()).equals(permissions)).toBe(true);
    expect(await bob.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(1n) });
  });

  it("grant and revoke single rights with a delta", async () => {
    const { client, bob, id } = await setup();
    await client
      .updatePermissions(id, new PermissionsDelta().grantRetrieve(bob.userId).grantDelete(bob.userId))
      .invoke();
    let permissions = await client.retrievePermissions(id).invoke();
    expect(permissions.canRetrieve(bob.userId)).toBe(true);
    expect(permissions.canDelete(bob.userId)).toBe(true);

    await client.updatePermissions(id, new PermissionsDelta().revokeDelete(bob.userId)).invoke();
    permissions = await client.retrievePermissions(id).invoke();
    expect(permissions.canRetrieve(bob.userId)).toBe(true);
    expect(permissions.canDelete(bob.userId)).toBe(false);
  });

  it("turn the node's refusal into a PermissionDeniedError with the node, status, message and cause", async () => {
    const { cluster, bob, id } = await setup();
    const error = await bob
      .overwritePermissions(id, Permissions.defaultsForUser(bob.userId))
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const denied = error as PermissionDeniedError;
    expect(denied.code).toBe("PERMISSION_DENIED");
    expect(denied.details).toMatchObject({
      grpcCode: "permission_denied",
      rawMessage: "user does not have permissions for action",
      method: "Permissions/OverwritePermissions",
    });
    const first = [...bob.cluster.members][0]?.grpcEndpoint;
    expect(denied.details?.["node"]).toBe(first);
    expect(denied.message).toBe(
      `Permissions/OverwritePermissions on ${first} failed: user does not have permissions for action`,
    );
    expect(denied.cause).toBeInstanceOf(ConnectError);
    expect(cluster.callsOf("OverwritePermissions")).toHaveLength(cluster.nodes.length);
  });

  it("refuse permissions that nodes disagree on", async () => {
    const { cluster, client, bob, id } = await setup();
    // One node's copy drifted: it also lets bob retrieve.
    const drifted = cluster.nodes[2]?.values.get(id.toString());
    drifted?.permissions.retrieve.push({
      $typeName: "nillion.auth.v1.user.UserId",
      contents: bob.userId.bytes,
    });
    const error = await client
      .retrievePermissions(id)
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toMatch(/^nodes disagree on the permissions/);
  });

  it("refuse a value that is not a Permissions or a PermissionsDelta before quoting", async () => {
    const { cluster, client, id } = await setup();
    const quotes = cluster.callsOf("PriceQuote").length;
    for (const [call, argument] of [
      [() => client.overwritePermissions(id, { owner: client.userId } as never).invoke(), "permissions"],
      [() => client.updatePermissions(id, {} as never).quote(), "delta"],
    ] as const) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(cluster.callsOf("PriceQuote")).toHaveLength(quotes);
  });
});
