// The fake cluster must answer as the devnet does, or the client's tests prove behaviour no node has.
// Requests the client would never send go straight to the fake nodes, with a token of the client's user.
import { type Client, ConnectError, createClient } from "@connectrpc/connect";
import { createSignedToken, encodeTokenHeader, PrivateKey, TOKEN_HEADER } from "@nillion/crypto";
import { Permissions as PermissionsService } from "@nillion/proto/nillion/permissions/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { PaymentError, Permissions, SecretInteger } from "@nillion/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientOf, connect } from "./connect.js";
import type { FakeCluster, FakeNode } from "./fake-cluster.js";

/** A connect client of one service on `node`, authenticated as the user of `PrivateKey.fromSeed(seed)`. */
function rawClient<S extends typeof Values | typeof PermissionsService>(
  service: S,
  cluster: FakeCluster,
  node: FakeNode,
  seed = "alice",
): Client<S> {
  const key = PrivateKey.fromSeed(seed);
  const transport = cluster.transport({
    baseUrl: node.endpoint,
    interceptors: [
      (next) => (request) => {
        request.header.set(
          TOKEN_HEADER,
          encodeTokenHeader(createSignedToken({ signer: key, targetNodeId: node.id })),
        );
        return next(request);
      },
    ],
  });
  return createClient(service, transport);
}

/** The failure of `promise`, which must fail. */
function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("the call succeeded"),
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the fake cluster, as the devnet", () => {
  it("refuses a StoreValues without values, or a new one without permissions, before using its receipt", async () => {
    const { cluster, client } = await connect();
    const paid = await (await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).quote()).pay();
    const shares = new Map(
      cluster.mask({ a: new SecretInteger(1n) }).map((party) => [party.partyHex, party.values]),
    );
    for (const node of cluster.nodes) {
      const values = rawClient(Values, cluster, node);
      const empty = await failureOf(values.storeValues({ signedReceipt: paid.receipt, values: [] }));
      expect(empty).toMatchObject({ rawMessage: "no values provided" });
      const unowned = await failureOf(
        values.storeValues({ signedReceipt: paid.receipt, values: shares.get(node.idHex) ?? [] }),
      );
      expect(unowned).toMatchObject({ rawMessage: "'permissions' is required when storing values" });
    }
    // Neither refusal used the receipt up on any node.
    const id = await paid.invoke();
    expect(await client.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(1n) });
  });

  it("refuses an OverwritePermissions without permissions before using its receipt", async () => {
    const { cluster, client } = await connect();
    const id = await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    const permissions = Permissions.defaultsForUser(client.userId);
    const paid = await (await client.overwritePermissions(id, permissions).quote()).pay();
    for (const node of cluster.nodes) {
      const refusal = await failureOf(
        rawClient(PermissionsService, cluster, node).overwritePermissions({ signedReceipt: paid.receipt }),
      );
      expect(refusal).toBeInstanceOf(ConnectError);
      expect(refusal).toMatchObject({ rawMessage: "'permissions' is required" });
    }
    await expect(paid.invoke()).resolves.toBeUndefined();
  });

  it("keeps the stored permissions when an updater who is not the owner sends new ones", async () => {
    const { cluster, client } = await connect();
    const bob = await clientOf(cluster, "bob");
    const shared = Permissions.defaultsForUser(client.userId).allowUpdate(bob.userId);
    const id = await client
      .storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1, permissions: shared })
      .invoke();
    await bob
      .storeValues(
        { a: new SecretInteger(2n) },
        { ttlDays: 1, updateIdentifier: id, permissions: Permissions.defaultsForUser(bob.userId) },
      )
      .invoke();
    // The values changed; the owner, and everything else, did not.
    expect(await client.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(2n) });
    expect((await client.retrievePermissions(id).invoke()).equals(shared)).toBe(true);
  });

  it("refuses an expired receipt on every node, after using it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { cluster, client } = await connect();
    const paid = await (await client.poolStatus().quote()).pay();
    vi.setSystemTime(Date.now() + 25 * 60 * 60 * 1000);
    const error = await failureOf(paid.invoke());
    expect(error).toBeInstanceOf(PaymentError);
    expect(error).toMatchObject({ details: { rawMessage: "quote expired" } });
    expect(cluster.callsOf("PoolStatus")).toHaveLength(1);
    expect(cluster.leader.usedReceipts.size).toBe(1);
  });
});
