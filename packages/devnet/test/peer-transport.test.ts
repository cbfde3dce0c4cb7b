// The transport one node calls another with. A peer that shuts down gracefully sends GOAWAY on idle
// connections; the calling node must carry on (new calls open a new connection), never die of it.
import http2 from "node:http2";
import { createClient } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { PrivateKey } from "@nillion/crypto";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { afterEach, expect, it } from "vitest";
import { peerTransport } from "../src/node/peer-transport.js";

const servers: http2.Http2Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

it("survives a peer that closes every connection soon after it opened, between calls", async () => {
  const handler = connectNodeAdapter({
    routes: (router) => router.service(Membership, { cluster: () => ({}) }),
  });
  const server = http2.createServer(handler);
  servers.push(server);
  let sessions = 0;
  // Closing a session sends GOAWAY; a few ms in, it often lands while no call is open on it, the case
  // that left a late session error without a listener.
  server.on("session", (session) => {
    sessions += 1;
    setTimeout(() => session.close(), 1 + (sessions % 7));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const faults: unknown[] = [];
  const onFault = (error: unknown) => faults.push(error);
  process.on("uncaughtException", onFault);
  const peer = createClient(
    Membership,
    peerTransport({
      key: PrivateKey.generate(),
      targetNodeId: new Uint8Array(20),
      endpoint: () => `http://127.0.0.1:${port}`,
      maxMessageBytes: 1 << 20,
    }),
  );
  let answered = 0;
  try {
    const deadline = Date.now() + 10_000;
    while (sessions < 60 && Date.now() < deadline) {
      // A call may fail while its connection closes (the dealer retries those); the process must not.
      await peer.cluster({}).then(
        () => {
          answered += 1;
        },
        () => undefined,
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    process.off("uncaughtException", onFault);
  }
  expect(sessions).toBeGreaterThanOrEqual(60);
  expect(answered).toBeGreaterThan(0);
  expect(faults).toEqual([]);
});
