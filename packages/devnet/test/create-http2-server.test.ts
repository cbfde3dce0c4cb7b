import { once } from "node:events";
import http2 from "node:http2";
import type net from "node:net";
import { describe, expect, it } from "vitest";
import { createHttp2Server } from "../src/transport/create-http2-server.js";

describe("createHttp2Server", () => {
  it("reads and drops a request body its handler left unread, so the stream does not linger", async () => {
    // As connect-node refuses an oversized message: it reads the first chunk, which holds the message's
    // length, stops iterating (which destroys the request) and answers.
    const server = createHttp2Server(async (request, response) => {
      for await (const _ of request) break;
      response.end("refused");
    });
    const serverStreams: http2.ServerHttp2Stream[] = [];
    server.on("stream", (stream) => serverStreams.push(stream));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const session = http2.connect(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    try {
      const request = session.request({ ":method": "POST", ":path": "/" });
      request.end(new Uint8Array(7 * 1024 * 1024));
      let body = "";
      request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      await once(request, "close");
      expect(body).toBe("refused");
      const [stream] = serverStreams;
      // Unread, the 7 MiB would sit in the server's stream buffer and keep the stream open.
      if (stream !== undefined && !stream.closed) await once(stream, "close");
      expect(stream?.rstCode).toBe(http2.constants.NGHTTP2_NO_ERROR);
    } finally {
      session.destroy();
      server.close();
    }
  });
});

describe("createHttp2Server flow control", () => {
  const STREAMING = "/test.v1.Feed/Stream";

  async function withServer(run: (url: string) => Promise<void>): Promise<void> {
    const server = createHttp2Server((_request, response) => response.end(), {
      streamingRequestPaths: new Set([STREAMING]),
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      await run(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    } finally {
      server.close();
    }
  }

  const request = (session: http2.ClientHttp2Session, path: string) =>
    once(session.request({ ":method": "POST", ":path": path }).end(), "close");

  it("grants each stream of a session a window that holds a whole 6 MiB request", async () => {
    await withServer(async (url) => {
      const session = http2.connect(url);
      const [settings] = (await once(session, "remoteSettings")) as [http2.Settings];
      expect(settings.initialWindowSize).toBe(16 * 1024 * 1024);
      await request(session, "/test.v1.Feed/Unary");
      expect(session.remoteSettings.initialWindowSize).toBe(16 * 1024 * 1024);
      session.destroy();
    });
  });

  it("paces a session that streams requests with HTTP/2's default window", async () => {
    await withServer(async (url) => {
      const session = http2.connect(url);
      await once(session, "remoteSettings");
      const paced = once(session, "remoteSettings") as Promise<[http2.Settings]>;
      await request(session, STREAMING);
      expect((await paced)[0].initialWindowSize).toBe(65_535);
      session.destroy();
    });
  });
});
