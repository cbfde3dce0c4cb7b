// One fuzzed request to the chain's CometBFT RPC or its CORS proxy: JSON-RPC over POST (single or batch,
// values swapped for edge cases, broken JSON, bodies over the 1 MB limit) or the URI form over GET, with
// odd HTTP around it (other methods, lying lengths, an HTTP/2 preface).
import { QueryAccountRequest } from "cosmjs-types/cosmos/auth/v1beta1/query";
import {
  QueryAllBalancesRequest,
  QueryBalanceRequest,
  QuerySupplyOfRequest,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { GetTxRequest, SimulateRequest } from "cosmjs-types/cosmos/tx/v1beta1/service";
import type { SeededRandom } from "../support/seeded-random.js";
import type { ChainSeeds } from "./chain-seeds.js";
import { drawFraming } from "./draw-framing.js";
import type { FuzzCluster } from "./fuzz-cluster.js";
import { mutateMessage } from "./mutate-message.js";
import { concat } from "./protobuf-wire.js";
import type { Http1Framing } from "./raw-http1.js";

export interface ChainRpcInput {
  readonly id: string;
  readonly label: string;
  readonly via: "rpc" | "proxy";
  readonly port: number;
  /** The whole request, as bytes on the wire, or its parts for framing. */
  readonly request:
    | {
        readonly kind: "http";
        readonly method: string;
        readonly path: string;
        readonly headers: Readonly<Record<string, string>>;
        readonly body: Uint8Array;
        readonly framing: Http1Framing;
      }
    | { readonly kind: "raw"; readonly bytes: Uint8Array };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A placeholder for a value nested `n` arrays deep: `__DEEP__<n>`. */
const DEEP = "__DEEP__";

/** JSON text of `value`, with each deep-nesting placeholder expanded. */
function jsonText(value: Json): string {
  return JSON.stringify(value).replace(
    /"__DEEP__(\d+)"/g,
    (_match, depth: string) => `${"[".repeat(Number(depth))}"deep"${"]".repeat(Number(depth))}`,
  );
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const encoder = new TextEncoder();

/** Valid JSON-RPC requests, one per method the chain serves (several for abci_query). */
function seedRequests(seeds: ChainSeeds): { method: string; params: { [key: string]: Json } }[] {
  const [address = ""] = seeds.addresses;
  const [tx = ""] = seeds.txs;
  const [hash = "00"] = seeds.txHashes;
  const query = (path: string, data: Uint8Array) => ({
    method: "abci_query",
    params: { path, data: hex(data), height: "0", prove: false },
  });
  return [
    { method: "health", params: {} },
    { method: "status", params: {} },
    { method: "abci_info", params: {} },
    query(
      "/cosmos.bank.v1beta1.Query/Balance",
      QueryBalanceRequest.encode({ address, denom: "unil" }).finish(),
    ),
    query(
      "/cosmos.bank.v1beta1.Query/AllBalances",
      QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address })).finish(),
    ),
    query("/cosmos.bank.v1beta1.Query/SupplyOf", QuerySupplyOfRequest.encode({ denom: "unil" }).finish()),
    query("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address }).finish()),
    query(
      "/cosmos.tx.v1beta1.Service/Simulate",
      SimulateRequest.encode({ txBytes: Buffer.from(tx, "base64") }).finish(),
    ),
    query("/cosmos.tx.v1beta1.Service/GetTx", GetTxRequest.encode({ hash }).finish()),
    { method: "broadcast_tx_sync", params: { tx } },
    { method: "broadcast_tx_async", params: { tx } },
    { method: "broadcast_tx_commit", params: { tx } },
    { method: "tx", params: { hash: Buffer.from(hash, "hex").toString("base64"), prove: false } },
    {
      method: "tx_search",
      params: { query: "tx.height>0", prove: false, page: "1", per_page: "30", order_by: "asc" },
    },
  ];
}

const EDGE_VALUES: readonly Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e21,
  2 ** 53 + 2,
  "9223372036854775808",
  "-9223372036854775809",
  "-1",
  "",
  "0x",
  "zz",
  "AA==",
  "====",
  "\u0000",
  "\ud800",
  "x".repeat(600),
  [],
  {},
  [1, "2"],
  { a: { b: { c: [] } } },
  "tx.height>0 AND",
  "tx.height=99999999999999999999",
  "message.sender='nillion1' OR 1=1",
  "((((",
  "desc",
];

/**
 * Draws input `index` of the chain-RPC stream.
 *
 * @example
 * ```ts
 * const input = chainRpcInput(cluster, seeds, 3, seededRandom(inputSeed(seed, "chain-rpc", 3)));
 * ```
 */
export function chainRpcInput(
  cluster: FuzzCluster,
  seeds: ChainSeeds,
  index: number,
  random: SeededRandom,
): ChainRpcInput {
  const via = random.chance(0.7) ? "rpc" : "proxy";
  const port = via === "rpc" ? cluster.chain.rpcPort : cluster.chain.proxyPort;
  const base = { id: `chain-rpc:${index}`, via, port } as const;
  const roll = random.int(100);
  if (roll < 62) {
    const { body, label } = jsonBody(seeds, random);
    const framing = drawFraming(random);
    const contentType = random.chance(0.9)
      ? "application/json"
      : random.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]);
    return {
      ...base,
      label: `${via} POST ${label}, ${framing}`,
      request: {
        kind: "http",
        method: "POST",
        path: "/",
        headers: { "content-type": contentType },
        body,
        framing,
      },
    };
  }
  if (roll < 88) {
    const path = uriPath(seeds, random);
    return {
      ...base,
      label: `${via} GET ${path.slice(0, 200)}`,
      request: {
        kind: "http",
        method: "GET",
        path,
        headers: {},
        body: new Uint8Array(),
        framing: "content-length",
      },
    };
  }
  return { ...base, ...oddHttp(seeds, random, via) };
}

function jsonBody(seeds: ChainSeeds, random: SeededRandom): { body: Uint8Array; label: string } {
  const requests = seedRequests(seeds);
  const one = (): { value: Json; label: string } => {
    const seed = random.pick(requests);
    const request: { [key: string]: Json } = {
      jsonrpc: "2.0",
      id: random.int(1000),
      method: seed.method,
      params: { ...seed.params },
    };
    if (random.chance(0.15)) return { value: request, label: seed.method };
    return mutateJson(request, seed.method, random);
  };
  const roll = random.int(100);
  if (roll < 10) {
    const count = random.pick([0, 2, 10, 100]);
    const items = Array.from({ length: count }, one);
    return {
      body: encoder.encode(jsonText(items.map((item) => item.value))),
      label: `batch of ${count} [${items
        .slice(0, 3)
        .map((item) => item.label)
        .join("; ")}]`,
    };
  }
  const { value, label } = one();
  const text = encoder.encode(jsonText(value));
  if (roll < 25) {
    const mutated = mutateMessage(text, random);
    return { body: mutated.bytes, label: `${label} + bytes ${mutated.label}` };
  }
  if (roll < 27) {
    const depth = random.pick([1000, 100_000]);
    return {
      body: encoder.encode(`${"[".repeat(depth)}${"]".repeat(depth)}`),
      label: `nested arrays (depth ${depth})`,
    };
  }
  if (roll < 29) {
    // Just over CometBFT's max_body_bytes, as one JSON string.
    return {
      body: encoder.encode(
        JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: { pad: "x".repeat(1_000_001) } }),
      ),
      label: "body over 1 MB",
    };
  }
  return { body: text, label };
}

function mutateJson(
  request: { [key: string]: Json },
  method: string,
  random: SeededRandom,
): { value: Json; label: string } {
  const params = request["params"] as { [key: string]: Json };
  const keys = Object.keys(params);
  const edge = random.pick(EDGE_VALUES);
  switch (random.int(8)) {
    case 0:
    case 1:
    case 2: {
      const key = keys.length > 0 && random.chance(0.85) ? random.pick(keys) : `unknown_${random.int(9)}`;
      return {
        value: { ...request, params: { ...params, [key]: edge } },
        label: `${method}(${key} = ${short(edge)})`,
      };
    }
    case 3: {
      const positional = Object.values(params).slice(0, random.int(keys.length + 2));
      const value = random.chance(0.5) ? positional : edge;
      return { value: { ...request, params: value }, label: `${method}(params = ${short(value)})` };
    }
    case 4:
      return {
        value: { ...request, method: random.chance(0.5) ? edge : `${method}_nope` },
        label: `method = ${short(edge)}`,
      };
    case 5: {
      const { id: _id, ...rest } = request;
      return random.chance(0.3)
        ? { value: rest, label: `${method} notification` }
        : { value: { ...rest, id: edge }, label: `${method}(id = ${short(edge)})` };
    }
    case 6:
      return { value: { ...request, jsonrpc: edge }, label: `${method}(jsonrpc = ${short(edge)})` };
    default: {
      const key = keys.length > 0 ? random.pick(keys) : "x";
      const depth = random.pick([100, 10_000]);
      // Spliced into the text later: JSON.stringify recurses, and would overflow on its own stack.
      return {
        value: { ...request, params: { ...params, [key]: `${DEEP}${depth}` } },
        label: `${method}(${key} nested ${depth} deep)`,
      };
    }
  }
}

function uriPath(seeds: ChainSeeds, random: SeededRandom): string {
  const seed = random.pick(seedRequests(seeds));
  const method = random.chance(0.05)
    ? random.pick(["nope", "", "abci_query/extra", "%00", "status.json"])
    : seed.method;
  const parts = Object.entries(seed.params).map(([name, value]) => {
    if (random.chance(0.6)) return `${name}=${uriValue(name, value)}`;
    const raw = random.pick([
      '""',
      '"x',
      "0x",
      "0xzz",
      "-1",
      "1.5",
      "%ff%fe",
      "%00",
      "[]",
      "{",
      "null",
      "x".repeat(3000),
      "99999999999999999999",
    ]);
    return `${name}=${raw}`;
  });
  if (random.chance(0.1)) parts.push(`junk${random.int(9)}=${random.int(9)}`);
  return `/${method}${parts.length > 0 ? `?${parts.join("&")}` : ""}`;
}

// The URI form quotes strings; byte strings go as 0x-hex, numbers bare.
function uriValue(name: string, value: Json): string {
  if (name === "data") return `0x${String(value)}`;
  if (name === "tx" || name === "hash") return `0x${Buffer.from(String(value), "base64").toString("hex")}`;
  if (typeof value === "string" && !/^\d+$/.test(value)) return encodeURIComponent(JSON.stringify(value));
  return encodeURIComponent(String(value));
}

function oddHttp(
  seeds: ChainSeeds,
  random: SeededRandom,
  via: string,
): Pick<ChainRpcInput, "label" | "request"> {
  const body = encoder.encode(
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: random.pick(seedRequests(seeds)).method }),
  );
  switch (random.int(6)) {
    case 0: {
      const method = random.pick(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"]);
      return {
        label: `${via} ${method} /`,
        request: {
          kind: "http",
          method,
          path: "/",
          headers: { "content-type": "application/json", origin: "http://x" },
          body,
          framing: "content-length",
        },
      };
    }
    case 1: {
      const path = random.pick([
        "/x",
        "//",
        "/../status",
        `/${"a".repeat(10_000)}`,
        "/?%zz",
        "/status?height=1&height=2",
      ]);
      return {
        label: `${via} POST ${path.slice(0, 60)}`,
        request: { kind: "http", method: "POST", path, headers: {}, body, framing: "content-length" },
      };
    }
    case 2:
      return {
        label: `${via} HTTP/2 preface`,
        request: {
          kind: "raw",
          bytes: encoder.encode(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000",
          ),
        },
      };
    case 3:
      return {
        label: `${via} garbage request line`,
        request: {
          kind: "raw",
          bytes: concat(random.bytes(1 + random.int(200)), encoder.encode("\r\n\r\n")),
        },
      };
    case 4:
      return {
        label: `${via} POST without body`,
        request: {
          kind: "http",
          method: "POST",
          path: "/",
          headers: { "content-type": "application/json" },
          body: new Uint8Array(),
          framing: "content-length",
        },
      };
    default:
      return {
        label: `${via} POST with invalid UTF-8`,
        request: {
          kind: "http",
          method: "POST",
          path: "/",
          headers: { "content-type": "application/json" },
          body: concat(
            encoder.encode('{"jsonrpc":"2.0","id":1,"method":"'),
            Uint8Array.from([0xff, 0xc0, 0x80]),
            encoder.encode('"}'),
          ),
          framing: "content-length",
        },
      };
  }
}

function short(value: Json): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 40 ? `${text.slice(0, 40)}…(${text.length})` : text;
}
