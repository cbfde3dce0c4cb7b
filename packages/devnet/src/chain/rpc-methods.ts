// The CometBFT RPC methods the clients call, with CometBFT's parameter decoding (cmtjson: 64-bit integers
// as strings, []byte as base64, HexBytes as hex) and its error texts. Results are plain JSON values.
import { abciQuery } from "./abci-query.js";
import type { Chain } from "./chain.js";
import { MempoolError } from "./chain.js";
import {
  abciQueryJson,
  base64,
  broadcastJson,
  hexUpper,
  type Json,
  resultTxJson,
  txResultJson,
} from "./comet-json.js";
import { decodeGoHex } from "./go-hex.js";
import { COMETBFT_VERSION, LIMITS } from "./params.js";
import type { TxResult } from "./run-tx.js";
import type { IndexedTx } from "./tx-index.js";
import { parseQuery, QuerySyntaxError } from "./tx-query.js";

/** A JSON-RPC error object to send back (`code`, `message`, `data`). */
export class JsonRpcError extends Error {
  override name = "JsonRpcError";

  constructor(
    readonly code: number,
    readonly rpcMessage: string,
    readonly data: string,
  ) {
    super(`${rpcMessage}: ${data}`);
  }
}

/** What the RPC needs from the running node beyond the chain itself. */
export interface RpcNode {
  readonly chain: Chain;
  /** Node id (40 hex digits), moniker and the RPC's own address for `status`. */
  readonly nodeId: string;
  readonly moniker: string;
  readonly rpcAddress: string;
  /** The single validator: address (20 bytes) and ed25519 key (32 bytes). */
  readonly validatorAddress: Uint8Array;
  readonly validatorPubKey: Uint8Array;
  /** CheckTx, then schedules a block. @throws {MempoolError} */
  submitTx(bytes: Uint8Array): { hash: string; result: TxResult };
  /** Resolves when the tx is in a block, or with undefined after `timeoutMs`. */
  waitForTx(hash: string, timeoutMs: number): Promise<IndexedTx | undefined>;
}

type ParamKind = "string" | "bytes" | "hex" | "int" | "bool";
type ParamValue = string | Uint8Array | bigint | boolean | undefined;

/** One RPC method: its parameter names and kinds, and what it does with them. */
export interface RpcMethod {
  readonly params: ReadonlyArray<readonly [string, ParamKind]>;
  call(node: RpcNode, args: ReadonlyMap<string, ParamValue>): Json | Promise<Json>;
}

const internal = (message: string) => new JsonRpcError(-32603, "Internal error", message);

/** The methods by name. */
export const RPC_METHODS: ReadonlyMap<string, RpcMethod> = new Map<string, RpcMethod>([
  ["health", { params: [], call: () => ({}) }],
  ["status", { params: [], call: status }],
  ["abci_info", { params: [], call: abciInfo }],
  [
    "abci_query",
    {
      params: [
        ["path", "string"],
        ["data", "hex"],
        ["height", "int"],
        ["prove", "bool"],
      ],
      call: (node, args) =>
        abciQueryJson(
          abciQuery(
            node.chain,
            (args.get("path") as string | undefined) ?? "",
            (args.get("data") as Uint8Array | undefined) ?? new Uint8Array(),
            (args.get("height") as bigint | undefined) ?? 0n,
          ),
        ),
    },
  ],
  ["broadcast_tx_sync", { params: [["tx", "bytes"]], call: (node, args) => broadcast(node, args, "sync") }],
  ["broadcast_tx_async", { params: [["tx", "bytes"]], call: (node, args) => broadcast(node, args, "async") }],
  ["broadcast_tx_commit", { params: [["tx", "bytes"]], call: broadcastCommit }],
  [
    "tx",
    {
      params: [
        ["hash", "bytes"],
        ["prove", "bool"],
      ],
      call: (node, args) => {
        const hash = hexUpper((args.get("hash") as Uint8Array | undefined) ?? new Uint8Array());
        const found = node.chain.tx(hash);
        if (found === undefined) throw internal(`tx (${hash}) not found`);
        return resultTxJson(found);
      },
    },
  ],
  [
    "tx_search",
    {
      params: [
        ["query", "string"],
        ["prove", "bool"],
        ["page", "int"],
        ["per_page", "int"],
        ["order_by", "string"],
      ],
      call: txSearch,
    },
  ],
]);

function status(node: RpcNode): Json {
  const latest = node.chain.latestBlock;
  const earliest = node.chain.block(1);
  const time = (date: Date | undefined) => (date ?? new Date(0)).toISOString();
  return {
    node_info: {
      protocol_version: { p2p: "8", block: "11", app: "0" },
      id: node.nodeId,
      listen_addr: "tcp://0.0.0.0:26656",
      network: node.chain.chainId,
      version: COMETBFT_VERSION,
      channels: "40202122233038606100",
      moniker: node.moniker,
      other: { tx_index: "on", rpc_address: node.rpcAddress },
    },
    sync_info: {
      latest_block_hash: hexUpper(latest?.hash ?? new Uint8Array()),
      latest_app_hash: hexUpper(latest?.appHash ?? new Uint8Array()),
      latest_block_height: String(node.chain.height),
      latest_block_time: time(latest?.time),
      earliest_block_hash: hexUpper(earliest?.hash ?? new Uint8Array()),
      earliest_app_hash: hexUpper(earliest?.appHash ?? new Uint8Array()),
      earliest_block_height: String(earliest?.height ?? 0),
      earliest_block_time: time(earliest?.time),
      catching_up: false,
    },
    validator_info: {
      address: hexUpper(node.validatorAddress),
      pub_key: { type: "tendermint/PubKeyEd25519", value: base64(node.validatorPubKey) },
      voting_power: "1",
    },
  };
}

function abciInfo(node: RpcNode): Json {
  const latest = node.chain.latestBlock;
  return {
    response: {
      data: "NillionApp",
      last_block_height: String(node.chain.height),
      last_block_app_hash: base64(latest?.appHash ?? new Uint8Array()),
    },
  };
}

function broadcast(node: RpcNode, args: ReadonlyMap<string, ParamValue>, mode: "sync" | "async"): Json {
  try {
    const { hash, result } = node.submitTx((args.get("tx") as Uint8Array | undefined) ?? new Uint8Array());
    // broadcast_tx_async answers before CheckTx has run, so it never reports its code.
    return broadcastJson(hash, mode === "sync" ? result : { code: 0, log: "", codespace: "" });
  } catch (error) {
    if (error instanceof MempoolError) throw internal(error.message);
    throw error;
  }
}

async function broadcastCommit(node: RpcNode, args: ReadonlyMap<string, ParamValue>): Promise<Json> {
  let submitted: ReturnType<RpcNode["submitTx"]>;
  try {
    submitted = node.submitTx((args.get("tx") as Uint8Array | undefined) ?? new Uint8Array());
  } catch (error) {
    if (error instanceof MempoolError) throw internal(`error on broadcastTxCommit: ${error.message}`);
    throw error;
  }
  const { hash, result } = submitted;
  if (result.code !== 0) return { check_tx: txResultJson(result), tx_result: {}, hash, height: "0" };
  const included = await node.waitForTx(hash, LIMITS.broadcastTxCommitTimeoutMs);
  if (included === undefined) throw internal("timed out waiting for tx to be included in a block");
  return {
    check_tx: txResultJson(result),
    tx_result: txResultJson(included.result),
    hash,
    height: String(included.height),
  };
}

function txSearch(node: RpcNode, args: ReadonlyMap<string, ParamValue>): Json {
  const query = (args.get("query") as string | undefined) ?? "";
  if (query.length > LIMITS.maxQueryLength) throw internal("maximum query length exceeded");
  let conditions: ReturnType<typeof parseQuery>;
  try {
    conditions = parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw internal(error.message);
    throw error;
  }
  const results = node.chain.searchTxs(conditions);
  const orderBy = (args.get("order_by") as string | undefined) ?? "";
  if (orderBy === "desc") results.reverse();
  else if (orderBy !== "asc" && orderBy !== "") {
    throw internal("expected order_by to be either `asc` or `desc` or empty");
  }
  const requested = args.get("per_page") as bigint | undefined;
  const perPage =
    requested === undefined || requested < 1n
      ? LIMITS.defaultPerPage
      : Number(requested > BigInt(LIMITS.maxPerPage) ? LIMITS.maxPerPage : requested);
  const pages = Math.max(1, Math.ceil(results.length / perPage));
  const page = (args.get("page") as bigint | undefined) ?? 1n;
  if (page < 1n || page > BigInt(pages)) {
    throw internal(`page should be within [1, ${pages}] range, given ${page}`);
  }
  const start = (Number(page) - 1) * perPage;
  return {
    txs: results.slice(start, start + perPage).map(resultTxJson),
    total_count: String(results.length),
  };
}

/**
 * Decodes one parameter as cmtjson would into the Go argument type.
 *
 * @throws {Error} with the decoder's message (the caller reports it as invalid params)
 */
export function decodeParam(kind: ParamKind, value: unknown): ParamValue {
  if (value === null || value === undefined) return undefined;
  const mismatch = (goType: string) =>
    new Error(`json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${goType}`);
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw mismatch("string");
      return value;
    case "bool":
      if (typeof value !== "boolean") throw mismatch("bool");
      return value;
    case "int":
      if (typeof value !== "string") {
        throw new Error(
          `invalid 64-bit integer encoding ${JSON.stringify(JSON.stringify(value))}, expected string`,
        );
      }
      return parseInt64(value);
    case "bytes":
      if (typeof value !== "string") throw mismatch("[]uint8");
      return decodeBase64(value);
    case "hex":
      if (typeof value !== "string") throw new Error(`invalid hex string: ${JSON.stringify(value)}`);
      return decodeGoHex(value);
  }
}

// Go's encoding/json reading the unquoted text into an int64.
function parseInt64(text: string): bigint {
  const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text)?.[0] ?? "";
  if (number === "") throw new Error(`invalid character '${text[0] ?? ""}' looking for beginning of value`);
  if (number !== text) throw new Error(`invalid character '${text[number.length]}' after top-level value`);
  const integer = /^-?[0-9]+$/.test(text) ? BigInt(text) : undefined;
  if (integer === undefined || integer >= 1n << 63n || integer < -(1n << 63n)) {
    throw new Error(`json: cannot unmarshal number ${text} into Go value of type int64`);
  }
  return integer;
}

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

// Go's base64.StdEncoding: canonical padding, nothing else.
function decodeBase64(text: string): Uint8Array {
  const bad = /[^A-Za-z0-9+/=]/.exec(text);
  const padding = text.indexOf("=");
  const corrupt =
    bad !== null
      ? bad.index
      : padding >= 0 &&
          (/[^=]/.test(text.slice(padding)) || text.length % 4 !== 0 || text.length - padding > 2)
        ? padding
        : text.length % 4 !== 0
          ? text.length - (text.length % 4)
          : -1;
  if (corrupt >= 0) throw new Error(`illegal base64 data at input byte ${corrupt}`);
  return new Uint8Array(Buffer.from(text, "base64"));
}
