// Real HTTP/2 servers for a FakeCluster: the ports come first, the cluster is built with them as its
// endpoints, then each server serves the node listed at its URL.
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { FakeCluster } from "./fake-cluster.js";

/** `count` HTTP/2 servers on 127.0.0.1; `serve` hands them a cluster. */
export async function listenHttp2(count: number) {
  let cluster: FakeCluster | undefined;
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = http2.createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return server;
    }),
  );
  const urls = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const sessions = new Set<http2.ServerHttp2Session>();
  servers.forEach((server, index) => {
    server.on("session", (session) => {
      sessions.add(session);
      session.once("close", () => sessions.delete(session));
    });
    let handler: ReturnType<typeof connectNodeAdapter> | undefined;
    server.on("request", (request, response) => {
      const node = cluster?.nodes.find((candidate) => candidate.endpoint === urls[index]);
      if (!cluster || !node) throw new Error(`no cluster node at ${urls[index]}`);
      handler ??= connectNodeAdapter({ routes: (router) => cluster?.routes(router, node) });
      handler(request, response);
    });
  });
  return {
    urls,
    serve(fake: FakeCluster) {
      cluster = fake;
    },
    /** Stops the servers, ending any session a client left open (it would hold `close` forever). */
    async close() {
      const closed = servers.map((server) => new Promise((resolve) => server.close(resolve)));
      for (const session of sessions) session.destroy();
      await Promise.all(closed);
    },
  };
}
