// The CometBFT RPC surface: result shapes cosmjs and tendermint-rs decode, and CometBFT's answers to
// everything malformed. After all of it the server still serves.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCorsProxy } from "../src/chain/cors-proxy.js";
import type { RpcNode } from "../src/chain/rpc-methods.js";
import { startRpcServer } from "../src/chain/rpc-server.js";
import type { NilChain } from "../src/index.js";
import { nextRequestAfterBlockedLoop } from "./blocked-loop.js";
import { broadcast, devnetKey, payForAny, post, rpc, signTx, startTestChain } from "./helpers.js";

let chain: NilChain;
let paidHash: string;

beforeAll(async () => {
  chain = await startTestChain();
  const { key, address } = devnetKey(chain, 0);
  const tx = signTx({ key, messages: [payForAny(address, 42n)], accountNumber: 2n, sequence: 0n });
  const { body } = await rpc(chain.urls.rpc, "broadcast_tx_commit", {
    tx: Buffer.from(tx).toString("base64"),
  });
  paidHash = body.result.hash;
});

afterAll(async () => {
  await chain.stop();
});

const invalidParams = (data: string) => ({ code: -32602, message: "Invalid params", data });

/** The HTTP status of a POST to `base` whose request target is `target` exactly (fetch would normalise it). */
function statusOf(base: string, target: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, method: "POST", path: target, agent: false },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.setTimeout(5_000, () => request.destroy(new Error(`no answer to ${target} within 5 s`)));
    request.on("error", reject);
    request.end('{"jsonrpc":"2.0","id":1,"method":"status"}');
  });
}

describe("results", () => {
  it("reports status as CometBFT 0.38 does", async () => {
    const { status, body } = await rpc(chain.urls.rpc, "status");
    expect(status).toBe(200);
    expect(body).toMatchObject({ jsonrpc: "2.0", id: 1 });
    const { node_info, sync_info, validator_info } = body.result;
    expect(node_info).toMatchObject({
      network: "nillion-chain-devnet",
      version: "0.38.12",
      protocol_version: { p2p: "8", block: "11", app: "0" },
    });
    expect(node_info.id).toMatch(/^[0-9a-f]{40}$/);
    expect(sync_info.latest_block_height).toBe(String(chain.height));
    expect(sync_info.latest_block_hash).toMatch(/^[0-9A-F]{64}$/);
    expect(sync_info.earliest_block_height).toBe("1");
    expect(new Date(sync_info.latest_block_time).getTime()).toBeGreaterThan(0);
    expect(sync_info.catching_up).toBe(false);
    expect(validator_info.pub_key.type).toBe("tendermint/PubKeyEd25519");
    expect((await rpc(chain.urls.rpc, "health")).body.result).toEqual({});
    expect((await rpc(chain.urls.rpc, "abci_info")).body.result.response.last_block_height).toBe(
      String(chain.height),
    );
  });

  it("returns a committed tx by hash, in tx and tx_search, with CometBFT's field types", async () => {
    const hash = Buffer.from(paidHash, "hex").toString("base64");
    const byHash = (await rpc(chain.urls.rpc, "tx", { hash })).body.result;
    expect(byHash).toMatchObject({ hash: paidHash, index: 0 });
    expect(typeof byHash.height).toBe("string");
    expect(byHash.tx_result.code).toBeUndefined();
    expect(typeof byHash.tx_result.gas_used).toBe("string");
    expect(byHash.tx_result.events[0]).toEqual({
      type: "tx",
      attributes: [
        { key: "fee", value: "0unil", index: true },
        { key: "fee_payer", value: chain.keys[0]?.address, index: true },
      ],
    });

    const search = async (params: object) => (await rpc(chain.urls.rpc, "tx_search", params)).body;
    expect((await search({ query: `tx.hash='${paidHash.toLowerCase()}'`, page: "1" })).result).toEqual({
      txs: [byHash],
      total_count: "1",
    });
    expect(
      (await search({ query: `tx.height=${byHash.height} AND message.action='/nillion.meta.v1.MsgPayFor'` }))
        .result.total_count,
    ).toBe("1");
    expect((await search({ query: `coin_spent.amount CONTAINS '42unil'` })).result.total_count).toBe("1");
    expect((await search({ query: "tx.height > 100000" })).result).toEqual({ txs: [], total_count: "0" });
    expect(
      (await search({ query: "burn.amount EXISTS", order_by: "desc", per_page: "1" })).result.txs,
    ).toHaveLength(1);
  });

  it("answers broadcast_tx_async before CheckTx and broadcast_tx_commit with both results", async () => {
    const { key, address } = devnetKey(chain, 1);
    const stale = signTx({ key, messages: [payForAny(address, 1n)], accountNumber: 3n, sequence: 7n });
    const asyncReply = (
      await rpc(chain.urls.rpc, "broadcast_tx_async", { tx: Buffer.from(stale).toString("base64") })
    ).body;
    expect(asyncReply.result).toMatchObject({ code: 0, data: "", log: "", codespace: "" });
    const commit = (
      await rpc(chain.urls.rpc, "broadcast_tx_commit", { tx: Buffer.from(stale).toString("base64") })
    ).body;
    expect(commit.result).toMatchObject({
      check_tx: { code: 32, codespace: "sdk" },
      tx_result: {},
      height: "0",
    });
  });
});

describe("malformed input", () => {
  it("answers bad JSON, unknown methods and bad parameters with CometBFT's errors", async () => {
    const url = chain.urls.rpc;
    const parse = await post(url, "{not json");
    expect(parse.status).toBe(500);
    expect(parse.body.error).toMatchObject({ code: -32700, message: "Parse error. Invalid JSON" });
    expect(parse.body.id).toBeUndefined();

    expect((await rpc(url, "no_such_method", {}, "x")).body).toEqual({
      jsonrpc: "2.0",
      id: "x",
      error: { code: -32601, message: "Method not found" },
    });
    expect((await rpc(url, "abci_query", { path: "/x", data: "zz" })).body.error).toEqual(
      invalidParams("error converting json params to arguments: encoding/hex: invalid byte: U+007A 'z'"),
    );
    expect((await rpc(url, "broadcast_tx_sync", { tx: "!!!!" })).body.error).toEqual(
      invalidParams("error converting json params to arguments: illegal base64 data at input byte 0"),
    );
    expect((await rpc(url, "broadcast_tx_sync", { tx: "AAA" })).body.error).toEqual(
      invalidParams("error converting json params to arguments: illegal base64 data at input byte 0"),
    );
    expect((await rpc(url, "abci_query", { path: "/x", height: 5 })).body.error).toEqual(
      invalidParams(
        'error converting json params to arguments: invalid 64-bit integer encoding "5", expected string',
      ),
    );
    expect((await rpc(url, "abci_query", { path: "/x", height: "abc" })).body.error).toEqual(
      invalidParams(
        "error converting json params to arguments: invalid character 'a' looking for beginning of value",
      ),
    );
    expect((await rpc(url, "abci_query", { path: "/x", height: "1.5" })).body.error).toEqual(
      invalidParams(
        "error converting json params to arguments: json: cannot unmarshal number 1.5 into Go value of type int64",
      ),
    );
    expect((await rpc(url, "abci_query", { path: 7 })).body.error).toEqual(
      invalidParams(
        "error converting json params to arguments: json: cannot unmarshal number into Go value of type string",
      ),
    );
    expect((await rpc(url, "tx", ["AA=="])).body.error.code).toBe(-32602);
    expect((await rpc(url, "tx", "nope")).body.error.code).toBe(-32602);
    expect((await rpc(url, "tx", { hash: "AAAA" })).body.error).toEqual({
      code: -32603,
      message: "Internal error",
      data: "tx (000000) not found",
    });
    expect((await rpc(url, "tx_search", { query: "tx.height = = 1" })).body.error).toEqual({
      code: -32603,
      message: "Internal error",
      data: "offset 12: got = operator, wanted number, timestamp, datestamp or string",
    });
    expect((await rpc(url, "tx_search", { query: "tx.height=1", page: "3" })).body.error.data).toBe(
      "page should be within [1, 1] range, given 3",
    );
    expect((await rpc(url, "tx_search", { query: "tx.height=1", order_by: "up" })).body.error.data).toBe(
      "expected order_by to be either `asc` or `desc` or empty",
    );
  });

  it("handles batches and notifications", async () => {
    const batch = await post(chain.urls.rpc, [
      { jsonrpc: "2.0", id: 1, method: "health", params: {} },
      { jsonrpc: "2.0", method: "health", params: {} },
      { jsonrpc: "2.0", id: 3, method: "nope" },
    ]);
    expect(batch.body).toEqual([
      { jsonrpc: "2.0", id: 1, result: {} },
      { jsonrpc: "2.0", id: 3, error: { code: -32601, message: "Method not found" } },
    ]);
    const notification = await post(chain.urls.rpc, { jsonrpc: "2.0", method: "health" });
    expect({ status: notification.status, body: notification.body }).toEqual({
      status: 200,
      body: undefined,
    });
  });

  it("refuses a body over 1 MB without reading it into memory", async () => {
    const huge = await post(chain.urls.rpc, JSON.stringify({ pad: "x".repeat(1_000_001) }));
    expect(huge.status).toBe(400);
    expect(huge.body.error).toEqual({
      code: -32600,
      message: "Invalid Request",
      data: "error reading request body: http: request body too large",
    });
  });

  it("serves the URI form and 404s other paths", async () => {
    const base = chain.urls.rpc;
    const status: unknown = await (await fetch(`${base}/status`)).json();
    expect(status).toMatchObject({
      jsonrpc: "2.0",
      id: -1,
      result: { node_info: { network: "nillion-chain-devnet" } },
    });
    const query = (await (
      await fetch(`${base}/abci_query?path=%22/cosmos.bank.v1beta1.Query/SupplyOf%22&data=0x0a04756e696c`)
    ).json()) as { result: { response: { value?: string } } };
    expect(query.result.response.value).toBeDefined();
    const bad = await fetch(`${base}/abci_query?height=abc`);
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32602);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const list = await fetch(`${base}/`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Available endpoints");
  });

  it("answers 404 to request targets that are not plain paths, on the RPC and the proxy alike", async () => {
    for (const base of [chain.urls.rpc, chain.urls.proxy]) {
      for (const target of ["//", "//example.com/status", "*"]) {
        expect(await statusOf(base, target), `${base} ${target}`).toBe(404);
      }
      expect((await rpc(base, "health")).status).toBe(200);
    }
  });

  it("keeps serving after garbage txs", async () => {
    const { result } = await broadcast(chain.urls.rpc, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(result).toMatchObject({ code: 2, codespace: "sdk" });
    expect(result.log).toMatch(/^invalid length; unexpected EOF: tx parse error$/);
    expect((await rpc(chain.urls.rpc, "health")).status).toBe(200);
  });
});

describe("CORS proxy", () => {
  it("forwards `/` and adds the devnet proxy's headers", async () => {
    const reply = await rpc(chain.urls.proxy, "status");
    expect(reply.body.result.node_info.network).toBe("nillion-chain-devnet");
    expect(reply.headers.get("access-control-allow-origin")).toBe("*");
    expect(reply.headers.get("access-control-allow-methods")).toBe("POST");
    expect(reply.headers.get("access-control-allow-headers")).toBe("content-type");
    const preflight = await fetch(chain.urls.proxy, { method: "OPTIONS" });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect((await fetch(`${chain.urls.proxy}/status`)).status).toBe(404);
  });

  it("answers 400 when the RPC behind it is gone", async () => {
    const { server, port } = await startCorsProxy({ host: "127.0.0.1", port: 1 }, "127.0.0.1", 0);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" })).status).toBe(400);
    } finally {
      server.close();
    }
  });
});

describe("under a blocked event loop", () => {
  const KEEP_ALIVE_TIMEOUT_MS = 50;
  const health = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "health" });
  const healthRequest = (close: boolean) =>
    `POST / HTTP/1.1\r\nHost: chain\r\nContent-Type: application/json\r\nContent-Length: ${health.length}\r\n${close ? "Connection: close\r\n" : ""}\r\n${health}`;

  it("the RPC and its proxy serve the next request that arrived while the loop was blocked past the keep-alive timeout", async () => {
    // `health` reads nothing from the node.
    const rpcServer = await startRpcServer({} as RpcNode, "127.0.0.1", 0);
    const proxy = await startCorsProxy({ host: "127.0.0.1", port: rpcServer.port }, "127.0.0.1", 0);
    try {
      for (const { server, port } of [rpcServer, proxy]) {
        server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
        const text = await nextRequestAfterBlockedLoop(
          port,
          KEEP_ALIVE_TIMEOUT_MS,
          healthRequest(false),
          healthRequest(true),
        );
        expect(text.match(/"result":\{\}/g)).toHaveLength(2);
      }
    } finally {
      proxy.server.closeAllConnections();
      rpcServer.server.closeAllConnections();
      proxy.server.close();
      rpcServer.server.close();
    }
  });
});
