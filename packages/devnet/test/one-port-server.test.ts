import { once } from "node:events";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnePort, type OnePortServer } from "../src/transport/one-port-server.js";
import { withPermissiveCors } from "../src/transport/permissive-cors.js";
import {
  acceptedConnection,
  blockEventLoop,
  nextRequestAfterBlockedLoop,
  readUntilClosed,
} from "./blocked-loop.js";

let server: OnePortServer;

beforeAll(async () => {
  server = await listenOnePort({
    port: 0,
    handler: withPermissiveCors((request, response) => {
      response.setHeader("content-type", "text/plain");
      response.end(`${request.httpVersion} ${request.method} ${request.url}`);
    }),
  });
});
afterAll(() => server.close());

function http1Get(
  path: string,
  method = "GET",
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

describe("listenOnePort", () => {
  it("serves HTTP/1.1 and cleartext HTTP/2 on the same port", async () => {
    expect((await http1Get("/a")).body).toBe("1.1 GET /a");
    const session = http2.connect(server.url);
    const body = await new Promise<string>((resolve, reject) => {
      const stream = session.request({ ":path": "/b", ":method": "POST" });
      let text = "";
      stream.on("data", (chunk) => (text += chunk));
      stream.on("end", () => resolve(text));
      stream.on("error", reject);
      stream.end();
    });
    session.close();
    expect(body).toBe("2.0 POST /b");
  });

  it("waits for enough bytes when the HTTP/2 preface arrives in pieces", async () => {
    const socket = net.connect(server.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("PRI * HT");
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write("TP/2.0\r\n\r\nSM\r\n\r\n");
    // A server that chose HTTP/2 answers the preface with its SETTINGS frame (type 4).
    const frame = await new Promise<Buffer>((resolve) => socket.once("data", resolve));
    expect(frame[3]).toBe(4);
    socket.destroy();
  });

  it("answers CORS preflights and adds CORS headers to responses", async () => {
    const preflight = await http1Get("/nillion.membership.v1.Membership/Cluster", "OPTIONS");
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
    expect((await http1Get("/x")).headers["access-control-expose-headers"]).toBe("*");
  });

  it("releases the port on close, with connections still open", async () => {
    const other = await listenOnePort({ port: 0, handler: (_q, r) => r.end("ok") });
    const session = http2.connect(other.url);
    await new Promise((resolve) => session.once("connect", resolve));
    await other.close();
    const rebound = await listenOnePort({ port: other.port, handler: (_q, r) => r.end("again") });
    await rebound.close();
    session.destroy();
  });
});

describe("listenOnePort under a blocked event loop", () => {
  const SNIFF_TIMEOUT_MS = 50;
  const KEEP_ALIVE_TIMEOUT_MS = 50;
  let slow: OnePortServer;
  beforeAll(async () => {
    slow = await listenOnePort({
      port: 0,
      sniffTimeoutMs: SNIFF_TIMEOUT_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
      handler: (request, response) => response.end(`served ${request.httpVersion} ${request.url}`),
    });
  });
  afterAll(() => slow.close());

  const accepted = () => acceptedConnection(slow.port);

  it("serves an HTTP/1.1 request that arrived while the loop was blocked past the sniff timeout", async () => {
    const socket = await accepted();
    const reply = readUntilClosed(socket);
    socket.write("GET /late HTTP/1.1\r\nHost: devnet\r\nConnection: close\r\n\r\n");
    blockEventLoop(SNIFF_TIMEOUT_MS * 4);
    const text = (await reply).toString("latin1");
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain("served 1.1 /late");
  });

  it("answers an HTTP/2 preface that arrived while the loop was blocked past the sniff timeout", async () => {
    const socket = await accepted();
    const reply = readUntilClosed(socket);
    socket.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    blockEventLoop(SNIFF_TIMEOUT_MS * 4);
    // A server that chose HTTP/2 answers the preface with its SETTINGS frame (type 4).
    const frame = await Promise.race([once(socket, "data").then(([chunk]) => chunk as Buffer), reply]);
    expect(frame[3]).toBe(4);
    socket.destroy();
  });

  it("serves the next HTTP/1.1 request that arrived while the loop was blocked past the keep-alive timeout", async () => {
    const text = await nextRequestAfterBlockedLoop(
      slow.port,
      KEEP_ALIVE_TIMEOUT_MS,
      "GET /first HTTP/1.1\r\nHost: devnet\r\n\r\n",
      "GET /second HTTP/1.1\r\nHost: devnet\r\nConnection: close\r\n\r\n",
    );
    expect(text).toContain("served 1.1 /second");
  });

  it("still closes an HTTP/1.1 connection that stays silent after a response", async () => {
    const socket = await accepted();
    const reply = readUntilClosed(socket);
    socket.write("GET /only HTTP/1.1\r\nHost: devnet\r\n\r\n");
    expect((await reply).toString("latin1")).toContain("served 1.1 /only");
  });

  it("still closes a connection that never says which protocol it speaks", async () => {
    const socket = await accepted();
    expect((await readUntilClosed(socket)).length).toBe(0);
  });

  it("still closes a connection that stops in the middle of the HTTP/2 preface", async () => {
    const socket = await accepted();
    const reply = readUntilClosed(socket);
    socket.write("PRI * HT");
    expect((await reply).length).toBe(0);
  });
});
