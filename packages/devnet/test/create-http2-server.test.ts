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
