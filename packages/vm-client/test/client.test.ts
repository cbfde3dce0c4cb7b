import { Code, ConnectError } from "@connectrpc/connect";
import { PrivateKey } from "@nillion/crypto";
import { InternalError, InvalidArgumentError, SecretInteger, UnavailableError } from "@nillion/types";
import { Network, VmClient } from "@nillion/vm-client";
import { describe, expect, it } from "vitest";
import { CHAIN, clientOf, connect } from "./connect.js";
import { FakeCluster } from "./fake-cluster.js";

describe("VmClient.create", () => {
  it("learns the cluster from the bootnode, members in ascending id order", async () => {
    const { cluster, client } = await connect();
    expect(client.userId.equals(PrivateKey.fromSeed("alice").userId)).toBe(true);
    expect(client.network.nilvmGrpcEndpoint).toBe(cluster.bootnode);
    expect(client.cluster.prime).toBe("SAFE_256_BITS");
    expect(client.cluster.polynomialDegree).toBe(1);
    expect(client.cluster.leader.idHex).toBe(cluster.leader.idHex);
    const ids = client.cluster.members.map((member) => member.idHex);
    expect(ids).toEqual(cluster.nodes.map((node) => node.idHex).sort());
    for (const member of client.cluster.members) {
      const node = cluster.nodes.find((candidate) => candidate.idHex === member.idHex);
      expect(member.grpcEndpoint).toBe(node?.endpoint);
      expect(member.publicKey).toEqual({ type: "secp256k1", bytes: node?.key.publicKey });
    }
    expect(cluster.callsOf("Cluster").map((call) => call.node)).toEqual([cluster.bootnode]);
  });

  it("opens one authenticated transport per member, reusing the member's for the leader", async () => {
    const { cluster, client } = await connect();
    // The bootstrap transport (no token) plus one per member.
    expect(cluster.targets.map((target) => target.baseUrl)).toEqual([
      cluster.bootnode,
      ...client.cluster.members.map((member) => member.grpcEndpoint),
    ]);
    expect(cluster.targets[0]?.interceptors).toEqual([]);
    expect(cluster.callsOf("Cluster")[0]?.caller).toBeUndefined();
    // Each node verified a token made for it (a token for another node is refused as UNAUTHENTICATED).
    await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    const stores = cluster.callsOf("StoreValues");
    expect(stores.map((call) => call.node).sort()).toEqual(cluster.nodes.map((node) => node.endpoint).sort());
    for (const call of stores) expect(call.caller).toBe(client.userId.toHex());
    expect(cluster.callsOf("NodeVersion")[0]?.node).toBe(cluster.leader.endpoint);
  });

  it("reuses one token per node, and sends each node its own", async () => {
    const { cluster, client } = await connect();
    cluster.balances.set(client.userId.toHex(), 1_000_000n);
    await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
    await client.storeValues({ a: new SecretInteger(2n) }, { ttlDays: 1 }).invoke();
    const tokens = new Map<string, Set<string>>();
    for (const call of cluster.calls) {
      if (call.caller === undefined) continue;
      tokens.set(call.node, (tokens.get(call.node) ?? new Set()).add(call.token ?? ""));
    }
    expect(tokens.size).toBe(cluster.nodes.length);
    for (const seen of tokens.values()) expect(seen.size).toBe(1);
    expect(new Set([...tokens.values()].flatMap((seen) => [...seen])).size).toBe(cluster.nodes.length);
    client.close();
  });

  it("sends a call once more with a fresh token when a node refuses the one it reused", async () => {
    const { cluster, client } = await connect();
    cluster.balances.set(client.userId.toHex(), 1_000_000n);
    const id = await client.storeValues({ a: new SecretInteger(7n) }, { ttlDays: 1 }).invoke();
    const node = cluster.nodes[0] as FakeCluster["nodes"][number];
    cluster.faults.push({
      method: "RetrieveValues",
      node: node.endpoint,
      error: new ConnectError("token is expired", Code.Unauthenticated),
    });
    const { a } = await client.retrieveValues(id).invoke();
    expect(a?.value).toBe(7n);
    const retrieves = cluster.calls.filter((c) => c.node === node.endpoint && c.method === "RetrieveValues");
    expect(retrieves).toHaveLength(2);
    expect(retrieves[0]?.token).not.toBe(retrieves[1]?.token);
    client.close();
  });

  it("adds the caller's interceptors after the token", async () => {
    const cluster = new FakeCluster();
    const methods: string[] = [];
    await clientOf(cluster, "alice", {
      interceptors: [
        (next) => (request) => {
          methods.push(request.method.name);
          return next(request);
        },
      ],
    });
    expect(methods).toEqual(["Cluster", "NodeVersion"]);
    expect(cluster.targets.at(-1)?.interceptors).toHaveLength(2);
  });

  it("opens a separate transport to a leader that is not a member at the same endpoint", async () => {
    const cluster = new FakeCluster();
    const leader = cluster.leader;
    const original = cluster.transport;
    // The bootnode describes the leader at an alias endpoint of the same node.
    const alias = leader.endpoint.replace("node-", "leader-");
    const opened: string[] = [];
    const client = await VmClient.create(
      PrivateKey.fromSeed("a"),
      Network.devnet(cluster.bootnode, CHAIN),
      cluster.payer,
      {
        transport: (target) => {
          opened.push(target.baseUrl);
          return original({
            ...target,
            baseUrl: target.baseUrl === alias ? leader.endpoint : target.baseUrl,
          });
        },
        interceptors: [
          (next) => async (request) => {
            const response = await next(request);
            if (request.method.name === "Cluster") {
              const message = response.message as { leader?: { grpcEndpoint: string } };
              if (message.leader) message.leader.grpcEndpoint = alias;
            }
            return response;
          },
        ],
      },
    );
    expect(client.cluster.leader.grpcEndpoint).toBe(alias);
    expect(opened).toEqual([
      cluster.bootnode,
      ...client.cluster.members.map((member) => member.grpcEndpoint),
      alias,
    ]);
    // The leader's own transport carries tokens for the leader's id.
    await client.poolStatus().invoke();
    expect(cluster.callsOf("PoolStatus")[0]?.caller).toBe(client.userId.toHex());
  });

  it("pays from the balance on nilvm ≥ 0.8 or without a version, per operation on older leaders", async () => {
    expect((await connect()).client.paymentMode).toBe("balance");
    expect((await connect({ cluster: { version: null } })).client.paymentMode).toBe("balance");
    expect((await connect({ client: { paymentMode: "per-operation" } })).client.paymentMode).toBe(
      "per-operation",
    );
    const old = await connect({ cluster: { version: { major: 0n, minor: 7n } } });
    expect(old.client.paymentMode).toBe("per-operation");
    old.cluster.balances.set(old.client.userId.toHex(), 1_000n);
    await old.client.poolStatus().invoke();
    expect(old.cluster.payer.payments).toHaveLength(1);
    expect(old.cluster.balances.get(old.client.userId.toHex())).toBe(1_000n);
  });

  it("refuses arguments that are not a key, a network or a payer", async () => {
    const cluster = new FakeCluster();
    const network = Network.devnet(cluster.bootnode, CHAIN);
    const key = PrivateKey.fromSeed("a");
    const cases: [Promise<unknown>, string][] = [
      [VmClient.create({} as never, network, cluster.payer), "key"],
      [VmClient.create(key, {} as never, cluster.payer), "network"],
      [VmClient.create(key, network, {} as never), "payer"],
      [
        VmClient.create(key, network, cluster.payer, {
          transport: cluster.transport,
          retry: { maxAttempts: 0 },
        }),
        "retry.maxAttempts",
      ],
      [
        VmClient.create(key, network, cluster.payer, { transport: cluster.transport, timeoutMs: -1 }),
        "timeoutMs",
      ],
    ];
    for (const [promise, argument] of cases) {
      const error = await promise.catch((e: unknown) => e);
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(cluster.calls).toEqual([]);
  });

  it("reports a cluster it cannot use as an InternalError naming the bootnode", async () => {
    const cluster = new FakeCluster();
    const error = await VmClient.create(
      PrivateKey.fromSeed("a"),
      Network.devnet(cluster.bootnode, CHAIN),
      cluster.payer,
      {
        transport: cluster.transport,
        interceptors: [
          (next) => async (request) => {
            const response = await next(request);
            if (request.method.name === "Cluster")
              (response.message as { leader?: unknown }).leader = undefined;
            return response;
          },
        ],
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as InternalError).message).toContain(cluster.bootnode);
    expect((error as InternalError).message).toContain("the leader has no id");
  });

  it("fails with an UnavailableError when the bootnode stays unreachable, after retrying", async () => {
    const cluster = new FakeCluster();
    cluster.faults.push({ method: "Cluster", times: 10, error: new ConnectError("down", Code.Unavailable) });
    const error = await clientOf(cluster, "alice", { retry: { maxAttempts: 3, initialDelayMs: 1 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(cluster.callsOf("Cluster")).toHaveLength(3);
    expect((error as UnavailableError).details).toMatchObject({
      node: cluster.bootnode,
      grpcCode: "unavailable",
    });
  });
});

describe("VmClient.close", () => {
  it("refuses operations started afterwards", async () => {
    const { cluster, client } = await connect();
    client.close();
    const error = await client
      .retrieveValues("123e4567-e89b-12d3-a456-426614174000")
      .invoke()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain("closed");
    expect(cluster.callsOf("PriceQuote")).toEqual([]);
  });
});

describe("version", () => {
  it("asks the leader for its version, as the seed's version() does for the network", async () => {
    const { cluster, client } = await connect({ cluster: { version: { major: 0n, minor: 10n } } });
    const before = cluster.callsOf("NodeVersion").length;
    expect(await client.version()).toEqual({
      version: "0.10.0",
      major: 0,
      minor: 10,
      patch: 0,
      preRelease: "",
      gitHash: "fake",
    });
    expect(
      cluster
        .callsOf("NodeVersion")
        .slice(before)
        .map((call) => call.node),
    ).toEqual([cluster.leader.endpoint]);
    client.close();
  });
});
