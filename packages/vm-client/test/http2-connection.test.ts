import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, describe, expect, it } from "vitest";
import { Http2Connection } from "../src/http2-connection.js";
import { NotHttp2Error } from "../src/not-http2-error.js";

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function listen(server: net.Server): Promise<string> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    server.close();
    for (const socket of sockets) socket.destroy();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An HTTP/2 server that answers every request with 200, and counts the sessions clients open. */
async function http2Server() {
  const sessions: http2.ServerHttp2Session[] = [];
  const server = http2.createServer((_, response) => response.end());
  server.on("session", (session) => sessions.push(session));
  const url = await listen(server as unknown as net.Server);
  cleanups.push(() => {
    for (const session of sessions) session.destroy();
  });
  return { url, sessions };
}

/** Sends one request on `connection` and waits for its stream to close. */
async function roundTrip(connection: Http2Connection): Promise<number> {
  const stream = await connection.request("POST", "/", {}, {});
  stream.end();
  const status = await new Promise<number>((resolve) =>
    stream.once("response", (h) => resolve(Number(h[":status"]))),
  );
  stream.resume();
  await new Promise((resolve) => stream.once("close", resolve));
  return status;
}

function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("Http2Connection", () => {
  it("reuses one session, and opens another once the server sent GOAWAY", async () => {
    const { url, sessions } = await http2Server();
    const connection = new Http2Connection(url);
    cleanups.push(() => connection.close());
    expect(await roundTrip(connection)).toBe(200);
    expect(await roundTrip(connection)).toBe(200);
    expect(sessions).toHaveLength(1);
    await new Promise<void>((resolve) => {
      sessions[0]?.goaway();
      sessions[0]?.close(resolve);
    });
    expect(await roundTrip(connection)).toBe(200);
    expect(sessions).toHaveLength(2);
  });

  it("keeps serving small calls while large uploads wait for the peer to read them", async () => {
    // The peer never reads `/upload` bodies: their bytes stay queued on the client, beyond the 10 MB a
    // Node session allows by default before it resets every stream.
    const server = http2.createServer((request, response) => {
      if (request.url !== "/upload") response.end();
    });
    const url = await listen(server as unknown as net.Server);
    const connection = new Http2Connection(url);
    cleanups.push(() => connection.close());
    for (let i = 0; i < 3; i++) {
      const upload = await connection.request("POST", "/upload", {}, {});
      upload.on("error", () => {});
      upload.end(new Uint8Array(6 * 1024 * 1024));
    }
    expect(await roundTrip(connection)).toBe(200);
  });

  it("fails a request before sending it when the peer answers in another protocol", async () => {
    const url = await listen(http.createServer((_, response) => response.end("hello")));
    const connection = new Http2Connection(url);
    cleanups.push(() => connection.close());
    const error = await failure(connection.request("POST", "/", {}, {}));
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Internal);
    expect((error as ConnectError).cause).toBeInstanceOf(NotHttp2Error);
    expect((error as ConnectError).rawMessage).toBe(
      `${url} does not speak gRPC over HTTP/2: it answered the HTTP/2 connection preface with something else (HTTP/1.1?)`,
    );
  });

  it("gives up on a peer that never completes the handshake", async () => {
    const url = await listen(net.createServer(() => {}));
    const connection = new Http2Connection(url, 50);
    cleanups.push(() => connection.close());
    const error = await failure(connection.request("POST", "/", {}, {}));
    expect((error as ConnectError).code).toBe(Code.Unavailable);
    expect((error as ConnectError).rawMessage).toBe(
      `${url} did not complete the HTTP/2 handshake within 50 ms`,
    );
  });

  it("fails the requests waiting for a handshake when closed, and refuses new ones", async () => {
    const url = await listen(net.createServer(() => {}));
    const connection = new Http2Connection(url);
    const waiting = failure(connection.request("POST", "/", {}, {}));
    connection.close();
    for (const error of [await waiting, await failure(connection.request("POST", "/", {}, {}))]) {
      expect((error as ConnectError).code).toBe(Code.Canceled);
      expect((error as ConnectError).rawMessage).toBe(`the connection to ${url} is closed`);
    }
  });
});
