// Membership and token authentication over real sockets, with gRPC (HTTP/2) and gRPC-web (HTTP/1.1)
// clients on one port, as the official Python and TypeScript clients connect.
import { type Client, Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { connectNodeAdapter, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { createSignedToken, encodeTokenHeader, nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { bytesToHex } from "@nillion/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerInterceptor } from "../src/node/caller.js";
import { type ClusterInfo, membershipService } from "../src/node/services/membership-service.js";
import { listenOnePort, type OnePortServer } from "../src/transport/one-port-server.js";
import { withPermissiveCors } from "../src/transport/permissive-cors.js";

const nodeKey = PrivateKey.fromSeed("membership-test:0");
const nodeId = nodeIdFromPublicKey(nodeKey.publicKey);
const otherNodeId = nodeIdFromPublicKey(PrivateKey.fromSeed("membership-test:1").publicKey);
const user = PrivateKey.fromSeed("a user");
let clock = new Date("2026-11-21T12:00:00Z");
let server: OnePortServer;
let info: ClusterInfo;

beforeAll(async () => {
  server = await listenOnePort({
    port: 0,
    handler: withPermissiveCors(
      connectNodeAdapter({
        routes: (router) =>
          router.service(
            Membership,
            membershipService(() => info),
          ),
        interceptors: [callerInterceptor({ nodeId, now: () => clock })],
      }),
    ),
  });
  const self = { nodeId, publicKey: nodeKey.publicKey, grpcEndpoint: server.url };
  info = { members: [self], leader: self, prime: Prime.SAFE_256_BITS, polynomialDegree: 1 };
});
afterAll(() => server.close());

const transports: [string, () => Transport][] = [
  ["gRPC", () => createGrpcTransport({ baseUrl: server.url })],
  ["gRPC-web", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" })],
];

function token(target = nodeId, ttlSeconds = 60): string {
  return encodeTokenHeader(createSignedToken({ signer: user, targetNodeId: target, ttlSeconds, now: clock }));
}

describe.each(transports)("%s", (_, transport) => {
  let client: Client<typeof Membership>;
  beforeAll(() => {
    client = createClient(Membership, transport());
  });

  it("serves the cluster with both key fields and full-URL endpoints, without a token", async () => {
    const cluster = await client.cluster({});
    expect(cluster.members).toHaveLength(1);
    const [member] = cluster.members;
    expect(bytesToHex(member?.identity?.contents ?? new Uint8Array())).toBe(bytesToHex(nodeId));
    expect(member?.publicKey?.keyType).toBe(1);
    expect(member?.publicKeys?.authentication?.contents).toEqual(nodeKey.publicKey);
    expect(member?.grpcEndpoint).toBe(server.url);
    expect(cluster.leader?.identity?.contents).toEqual(nodeId);
    expect(cluster.prime).toBe(Prime.SAFE_256_BITS);
    expect(cluster.polynomialDegree).toBe(1);
  });

  it("reports protocol generation 0.10, so clients keep balance mode", async () => {
    const version = await client.nodeVersion({});
    expect([version.version?.major, version.version?.minor]).toEqual([0n, 10n]);
  });

  it("accepts a valid token in x-nillion-token", async () => {
    await expect(client.cluster({}, { headers: { "x-nillion-token": token() } })).resolves.toBeDefined();
  });

  it.each([
    ["a token for another node", () => token(otherNodeId), "invalid token target identity"],
    ["garbage", () => "!!!", "invalid base64 encoded token"],
    ["an over-long header", () => "A".repeat(513), "token exceeds max length (512)"],
  ])("fails even Membership on %s", async (_label, header, message) => {
    const error = await client
      .cluster({}, { headers: { "x-nillion-token": header() } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unauthenticated);
    expect((error as ConnectError).rawMessage).toBe(message);
  });
});

describe("token cache", () => {
  it("reads x-nillion-token-bin first and re-checks only expiry for a cached token", async () => {
    const client = createClient(Membership, createGrpcTransport({ baseUrl: server.url }));
    const header = token(nodeId, 30);
    const bin = header.replace(/=+$/, ""); // gRPC sends binary metadata unpadded
    await client.cluster({}, { headers: { "x-nillion-token-bin": bin, "x-nillion-token": "!!!" } });
    clock = new Date(clock.getTime() + 31_000);
    try {
      const error = await client
        .cluster({}, { headers: { "x-nillion-token-bin": bin } })
        .catch((e: unknown) => e);
      expect((error as ConnectError).code).toBe(Code.Unauthenticated);
      expect((error as ConnectError).rawMessage).toBe("token is expired");
    } finally {
      clock = new Date(clock.getTime() - 31_000);
    }
  });
});
