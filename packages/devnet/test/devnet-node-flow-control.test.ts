// A node paces the HTTP/2 sessions that stream requests to it (node-to-node traffic) and gives every other
// session windows that hold a whole request, so that a client never queues one (create-http2-server.ts).
import { once } from "node:events";
import http2 from "node:http2";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterLayout, computeExtension, DevnetNode, MemoryStore } from "../src/index.js";

let node: DevnetNode;
beforeAll(async () => {
  node = await DevnetNode.listen({
    layout: clusterLayout({ portBase: 0 }),
    index: 0,
    prime: Prime.SAFE_256_BITS,
    polynomialDegree: 1,
    store: new MemoryStore(),
    chainRpcUrl: "http://127.0.0.1:1", // never called: no call here pays
    extensions: [computeExtension()],
  });
});
afterAll(() => node.close());

/** The stream window the node grants a new session, and then after one request to `path`. */
async function windowsAround(path: string): Promise<[number | undefined, number | undefined]> {
  const session = http2.connect(`http://127.0.0.1:${node.port}`);
  try {
    const [initial] = (await once(session, "remoteSettings")) as [http2.Settings];
    const settled = new Promise<http2.Settings>((resolve) => {
      session.on("remoteSettings", resolve);
      // A response means the node has already sent whatever SETTINGS the request called for.
      const request = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
      });
      request.on("response", () => resolve(session.remoteSettings)).resume();
      request.end();
    });
    return [initial.initialWindowSize, (await settled).initialWindowSize];
  } finally {
    session.destroy();
  }
}

describe("a node's HTTP/2 flow control", () => {
  it("paces a session that streams requests (StreamCompute)", async () => {
    expect(await windowsAround("/nillion.compute.v1.Compute/StreamCompute")).toEqual([
      16 * 1024 * 1024,
      65_535,
    ]);
  });

  it("keeps whole-request windows for a client's session (InvokeCompute, Membership)", async () => {
    expect(await windowsAround("/nillion.compute.v1.Compute/InvokeCompute")).toEqual([
      16 * 1024 * 1024,
      16 * 1024 * 1024,
    ]);
    expect(await windowsAround("/nillion.membership.v1.Membership/Cluster")).toEqual([
      16 * 1024 * 1024,
      16 * 1024 * 1024,
    ]);
  });
});
