// CometBFT's JSON for its RPC results (cmtjson): 64-bit integers as strings, bytes as base64 (HexBytes as
// uppercase hex), and `omitempty` fields left out when zero. cosmjs's 0.38 decoders read exactly this.
import type { AbciQueryResult } from "./abci-query.js";
import type { ChainEvent } from "./events.js";
import type { TxResult } from "./run-tx.js";
import type { IndexedTx } from "./tx-index.js";

/** A JSON object as the RPC writes it. */
export type Json = { readonly [key: string]: unknown };

/** Standard base64 of `bytes`. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** Uppercase hex (CometBFT's HexBytes). */
export function hexUpper(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex").toUpperCase();
}

/**
 * Drops keys whose value is zero, empty or false, as Go's `omitempty` does, and writes 64-bit integers
 * (given as bigint) as strings.
 */
function omitEmpty(fields: Json): Json {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(
        ([, value]) =>
          value !== 0 &&
          value !== 0n &&
          value !== "" &&
          value !== false &&
          !(Array.isArray(value) && value.length === 0),
      )
      .map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value]),
  );
}

function eventsJson(events: readonly ChainEvent[]): Json[] {
  return events.map(({ type, attributes }) =>
    omitEmpty({ type, attributes: attributes.map((attribute) => omitEmpty({ ...attribute })) }),
  );
}

/** `abci.ExecTxResult` / `abci.ResponseCheckTx` (same fields, all `omitempty`). */
export function txResultJson(result: TxResult): Json {
  return omitEmpty({
    code: result.code,
    data: result.data.length === 0 ? "" : base64(result.data),
    log: result.log,
    gas_wanted: result.gasWanted,
    gas_used: result.gasUsed,
    events: eventsJson(result.events),
    codespace: result.codespace,
  });
}

/** `ctypes.ResultTx`, as `tx` and each `tx_search` entry. */
export function resultTxJson(tx: IndexedTx): Json {
  return {
    hash: tx.hash,
    height: String(tx.height),
    index: tx.index,
    tx_result: txResultJson(tx.result),
    tx: base64(tx.tx),
  };
}

/** `ctypes.ResultBroadcastTx`: none of its fields is `omitempty`. */
export function broadcastJson(hash: string, result: Pick<TxResult, "code" | "log" | "codespace">): Json {
  return { code: result.code, data: "", log: result.log, codespace: result.codespace, hash };
}

/** `ctypes.ResultABCIQuery`. */
export function abciQueryJson(result: AbciQueryResult): Json {
  return {
    response: omitEmpty({
      code: result.code,
      log: result.log,
      value: result.value.length === 0 ? "" : base64(result.value),
      height: BigInt(result.height),
      codespace: result.codespace,
    }),
  };
}
