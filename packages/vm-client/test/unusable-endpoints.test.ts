// Endpoints that are not nilvm nodes, called with the default (HTTP/2) transport from a separate Node.js:
// the process must survive each one, end on its own, and get an error that says what is wrong.
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import tls from "node:tls";
import { PrivateKey } from "@nillion/crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runScript } from "./child-script.js";
import { FakeCluster } from "./fake-cluster.js";
import { listenHttp2 } from "./http2-cluster.js";

// Prints how VmClient.create ended, as JSON; args: the bootnode URL, the connect timeout in ms.
const CREATE = `
import { PrivateKey } from "@nillion/crypto";
import { Network, VmClient } from "@nillion/vm-client";
const [bootnode, timeoutMs] = process.argv.slice(1);
const payer = { submitPayment: async () => { throw new Error("this script pays nothing"); } };
try {
  const client = await VmClient.create(PrivateKey.fromSeed("alice"), Network.devnet(bootnode, "http://127.0.0.1:9"), payer, {
    timeoutMs: Number(timeoutMs),
    retry: { initialDelayMs: 1, maxDelayMs: 4 },
  });
  client.close();
  console.log(JSON.stringify({ connected: true }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, argument: error.argument, message: error.message }));
}
`;

// Connects through a healthy bootnode, stores a value (one member is not a node), prints the failure.
const STORE = `
import { PrivateKey } from "@nillion/crypto";
import { SecretInteger } from "@nillion/types";
import { Network, VmClient } from "@nillion/vm-client";
const [bootnode] = process.argv.slice(1);
const payer = { submitPayment: async () => { throw new Error("this script pays from its balance"); } };
const client = await VmClient.create(PrivateKey.fromSeed("alice"), Network.devnet(bootnode, "http://127.0.0.1:9"), payer);
try {
  await client.storeValues({ a: new SecretInteger(1n) }, { ttlDays: 1 }).invoke();
  console.log(JSON.stringify({ stored: true }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, message: error.message }));
} finally {
  client.close();
}
`;

const KILL_AFTER_MS = 30_000;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

/** Listens on an ephemeral port; the URL is `http://` whatever the server speaks. */
async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A URL nothing listens on: a port just released. */
async function vacantUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

afterAll(async () => {
  const closed = servers.map((server) => new Promise((resolve) => server.close(resolve)));
  for (const socket of sockets) socket.destroy();
  await Promise.all(closed);
});

describe("VmClient.create against an endpoint that is not a nilvm node", () => {
  const cases: {
    readonly kind: string;
    readonly url: () => Promise<string>;
    readonly timeoutMs?: number;
    readonly expected: (url: string) => Record<string, unknown>;
  }[] = [
    {
      kind: "an HTTP/1.1 server (the chain's JSON-RPC port)",
      url: () => listen(http.createServer((_, response) => response.end('{"jsonrpc":"2.0"}'))),
      expected: (url) => ({
        name: "InvalidArgumentError",
        argument: "network.nilvmGrpcEndpoint",
        message: expect.stringMatching(
          new RegExp(
            `^"network\\.nilvmGrpcEndpoint" must be the gRPC URL of a nilvm node .*: ${url} does not speak gRPC over HTTP/2: `,
          ),
        ),
      }),
    },
    {
      kind: "a server that answers with garbage",
      url: () => listen(net.createServer((socket) => socket.write("garbage\r\n\r\n"))),
      expected: (url) => ({
        name: "InvalidArgumentError",
        argument: "network.nilvmGrpcEndpoint",
        message: expect.stringContaining(`${url} does not speak gRPC over HTTP/2`),
      }),
    },
    {
      kind: "a server that closes the connection at once",
      url: () => listen(net.createServer((socket) => socket.destroy())),
      expected: (url) => ({
        name: "UnavailableError",
        message: expect.stringContaining(`${url} closed the connection before the HTTP/2 handshake`),
      }),
    },
    {
      kind: "a TLS server called with http://",
      url: () => listen(tls.createServer()),
      expected: (url) => ({
        name: "UnavailableError",
        message: expect.stringContaining(
          `${url} closed the connection before the HTTP/2 handshake (a TLS endpoint needs an https:// URL)`,
        ),
      }),
    },
    {
      kind: "a port with nothing listening",
      url: vacantUrl,
      expected: () => ({ name: "UnavailableError", message: expect.stringContaining("ECONNREFUSED") }),
    },
    {
      kind: "a server that never answers",
      url: () => listen(net.createServer(() => {})),
      timeoutMs: 500,
      expected: () => ({ name: "UnavailableError", message: "connect did not finish before its deadline" }),
    },
  ];

  it.each(cases)("survives $kind, and says what is wrong", async ({ url, timeoutMs, expected }) => {
    const bootnode = await url();
    const outcome = await runScript(CREATE, [bootnode, String(timeoutMs ?? 10_000)], KILL_AFTER_MS);
    expect(outcome.stderr).toBe("");
    expect(outcome.exitCode).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual(expected(bootnode));
  });
});

describe("a cluster member that is not a nilvm node", () => {
  it("fails the operation, names the endpoint, and does not kill the process", async () => {
    const notANode = await listen(http.createServer((_, response) => response.end("hello")));
    const nodes = await listenHttp2(2);
    try {
      const cluster = new FakeCluster({ endpoints: [...nodes.urls, notANode] });
      cluster.balances.set(PrivateKey.fromSeed("alice").userId.toHex(), 1_000n);
      nodes.serve(cluster);
      const outcome = await runScript(STORE, [cluster.bootnode], KILL_AFTER_MS);
      expect(outcome.stderr).toBe("");
      expect(outcome.exitCode).toBe(0);
      expect(JSON.parse(outcome.stdout)).toEqual({
        name: "InternalError",
        message: `Values/StoreValues on ${notANode} failed: ${notANode} does not speak gRPC over HTTP/2: it answered the HTTP/2 connection preface with something else (HTTP/1.1?)`,
      });
    } finally {
      await nodes.close();
    }
  });
});
