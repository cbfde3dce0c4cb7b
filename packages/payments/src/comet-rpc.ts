// CometBFT JSON-RPC over `fetch`: the five calls a payment makes, in Node.js and in browsers alike.
import { bytesToHex } from "@nillion/types";
import { base64ToBytes, bytesToBase64 } from "./base64.js";

/** An ABCI query the chain answered with a non-zero code. */
export class AbciQueryError extends Error {
  constructor(
    readonly code: number,
    readonly log: string,
    readonly codespace: string,
  ) {
    super(`query failed with code ${code}: ${log}`);
  }
}

/**
 * The endpoint answered, but not as a CometBFT JSON-RPC server: an HTTP error status or a body that is
 * not a JSON-RPC reply. Usually the URL of something else (a nilvm node, the REST API, a web page).
 */
export class NotCometRpcError extends Error {
  constructor(
    readonly method: string,
    /** What answered instead, e.g. `HTTP 404 Not Found`. */
    readonly answered: string,
  ) {
    super(`${method}: answered ${answered}, not a CometBFT JSON-RPC reply`);
  }
}

/** The chain's answer to `broadcast_tx_sync`: CheckTx's result. */
export interface CheckTxResult {
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
}

/** A transaction found in a block. */
export interface IncludedTx {
  readonly height: number;
  readonly code: number;
  readonly log: string;
}

type Json = Record<string, unknown>;

export class CometRpc {
  #nextId = 1;

  constructor(readonly endpoint: string) {}

  /** The chain id the node reports (`status.node_info.network`). */
  async chainId(signal?: AbortSignal): Promise<string> {
    const status = await this.#call("status", {}, signal);
    const network = (status["node_info"] as Json | undefined)?.["network"];
    if (typeof network !== "string") throw new Error("status has no node_info.network");
    return network;
  }

  /** Runs an ABCI query and returns its value. @throws {AbciQueryError} for a non-zero code */
  async abciQuery(path: string, data: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    const result = await this.#call("abci_query", { path, data: bytesToHex(data), prove: false }, signal);
    const response = (result["response"] ?? {}) as Json;
    const code = Number(response["code"] ?? 0);
    if (code !== 0) {
      throw new AbciQueryError(code, String(response["log"] ?? ""), String(response["codespace"] ?? ""));
    }
    return base64ToBytes(String(response["value"] ?? ""));
  }

  /** Sends a transaction and returns CheckTx's result. */
  async broadcastTxSync(tx: Uint8Array): Promise<CheckTxResult> {
    const result = await this.#call("broadcast_tx_sync", { tx: bytesToBase64(tx) });
    return {
      code: Number(result["code"] ?? 0),
      codespace: String(result["codespace"] ?? ""),
      log: String(result["log"] ?? ""),
    };
  }

  /** The transaction with this hash, or `undefined` while it is in no block. */
  async findTx(hash: string, signal?: AbortSignal): Promise<IncludedTx | undefined> {
    const result = await this.#call("tx_search", { query: `tx.hash='${hash}'`, prove: false }, signal);
    const [found] = (result["txs"] ?? []) as Json[];
    if (found === undefined) return undefined;
    const txResult = (found["tx_result"] ?? {}) as Json;
    return {
      height: Number(found["height"]),
      code: Number(txResult["code"] ?? 0),
      log: String(txResult["log"] ?? ""),
    };
  }

  async #call(method: string, params: Json, signal?: AbortSignal): Promise<Json> {
    const id = this.#nextId++;
    const response = await fetch(this.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
      ...(signal === undefined ? {} : { signal }),
    });
    if (!response.ok) {
      throw new NotCometRpcError(method, `HTTP ${response.status} ${response.statusText}`.trimEnd());
    }
    let reply: { result?: Json; error?: { message?: string; data?: string } };
    try {
      reply = (await response.json()) as typeof reply;
    } catch {
      const type = response.headers.get("content-type") ?? "no content type";
      throw new NotCometRpcError(method, `HTTP ${response.status} with a body that is not JSON (${type})`);
    }
    if (typeof reply !== "object" || reply === null) {
      throw new NotCometRpcError(method, `HTTP ${response.status} with JSON that is not a JSON-RPC reply`);
    }
    if (reply.error !== undefined) {
      const { message, data } = reply.error;
      throw new Error(`${method}: ${message ?? "JSON-RPC error"}${data ? ` (${data})` : ""}`);
    }
    if (typeof reply.result !== "object" || reply.result === null) {
      throw new Error(`${method}: the answer has no result`);
    }
    return reply.result;
  }
}
