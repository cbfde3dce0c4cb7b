// A request over the node's message limit must fail alone: with RESOURCE_EXHAUSTED, and without harming
// the other calls on the same connection. Real sockets, real connect-node clients, one shared session.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, createClient } from "@connectrpc/connect";
import {
  connectNodeAdapter,
  createGrpcTransport,
  createGrpcWebTransport,
  Http2SessionManager,
} from "@connectrpc/connect-node";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { StoreValuesResponseSchema } from "@nillion/proto/nillion/values/v1/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_MESSAGE_BYTES } from "../src/index.js";
import {
  type DualRequestHandler,
  listenOnePort,
  type OnePortServer,
} from "../src/transport/one-port-server.js";

// The case: 7 MiB, over the 6 MiB limit by less than Node's 10 MB HTTP/2 session memory.
const OVERSIZED = new Uint8Array(7 * 1024 * 1024);
const SMALL = new Uint8Array(10);
const SMALL_CALLS = 60;

let server: OnePortServer;
beforeAll(async () => {
  const routes = (router: ConnectRouter) => {
    router.service(Values, { storeValues: () => create(StoreValuesResponseSchema, {}) });
  };
  server = await listenOnePort({
    port: 0,
    handler: connectNodeAdapter({
      routes,
      readMaxBytes: MAX_MESSAGE_BYTES,
      writeMaxBytes: MAX_MESSAGE_BYTES,
    }) as DualRequestHandler,
  });
});
afterAll(() => server.close());

type Outcome = "ok" | `${Code}: ${string}`;

function storeCall(client: ReturnType<typeof createClient<typeof Values>>, receipt: Uint8Array) {
  return client.storeValues({ signedReceipt: { receipt } }).then(
    (): Outcome => "ok",
    (error: unknown): Outcome => {
      const { code, rawMessage } = ConnectError.from(error);
      return `${code}: ${rawMessage}`;
    },
  );
}

/** `oversized` refused calls and {@link SMALL_CALLS} small ones, all started at once on one client. */
async function burst(client: ReturnType<typeof createClient<typeof Values>>, oversized: number) {
  const refused = Array.from({ length: oversized }, () => storeCall(client, OVERSIZED));
  const small = Array.from({ length: SMALL_CALLS }, () => storeCall(client, SMALL));
  return { refused: await Promise.all(refused), small: await Promise.all(small) };
}

// connect-node's text for its `readMaxBytes` check: the message's size, then the limit in bytes.
const REFUSAL = `${Code.ResourceExhausted}: message size ${OVERSIZED.length + 10} is larger than configured readMaxBytes ${MAX_MESSAGE_BYTES}`;

describe("oversized requests on one HTTP/2 session (gRPC)", () => {
  // Each test gets a session of its own, as one VmClient has one per node.
  const sessions: Http2SessionManager[] = [];
  const sessionClient = () => {
    const session = new Http2SessionManager(server.url);
    sessions.push(session);
    return createClient(Values, createGrpcTransport({ baseUrl: server.url, sessionManager: session }));
  };
  afterAll(() => {
    for (const session of sessions) session.abort();
  });

  for (const oversized of [2, 5]) {
    it(`refuses ${oversized} oversized calls alone while ${SMALL_CALLS} small calls on the session succeed`, async () => {
      const { refused, small } = await burst(sessionClient(), oversized);
      expect(refused).toEqual(Array(oversized).fill(REFUSAL));
      expect(small).toEqual(Array(SMALL_CALLS).fill("ok"));
    });
  }

  it("keeps the session usable after oversized calls one after another", async () => {
    const client = sessionClient();
    for (let round = 0; round < 3; round += 1) {
      expect(await storeCall(client, OVERSIZED)).toBe(REFUSAL);
      expect(await storeCall(client, SMALL)).toBe("ok");
    }
  });

  it("serves two maximum-size calls at once without starving the small ones", async () => {
    const client = sessionClient();
    // With the tags and lengths of the two messages around it, 10 bytes more: exactly the limit.
    const largest = new Uint8Array(MAX_MESSAGE_BYTES - 10);
    const calls = [storeCall(client, largest), storeCall(client, largest)];
    const small = Array.from({ length: SMALL_CALLS }, () => storeCall(client, SMALL));
    expect(await Promise.all(calls)).toEqual(["ok", "ok"]);
    expect(await Promise.all(small)).toEqual(Array(SMALL_CALLS).fill("ok"));
  });
});

describe("oversized requests over HTTP/1.1 (gRPC-web)", () => {
  it("refuses 5 oversized calls alone while small calls succeed", async () => {
    const client = createClient(Values, createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" }));
    const { refused, small } = await burst(client, 5);
    expect(refused).toEqual(Array(5).fill(REFUSAL));
    expect(small).toEqual(Array(SMALL_CALLS).fill("ok"));
  });
});
