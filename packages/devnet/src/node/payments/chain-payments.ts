import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { bytesEqual, hexToBytes } from "@nillion/types";
import { GetTxRequest, GetTxResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import type { AbciQueryResult } from "../../chain/abci-query.js";
import { parseAmount } from "../../chain/coins.js";

const GET_TX_PATH = "/cosmos.tx.v1beta1.Service/GetTx";
const MSG_PAY_FOR = "/nillion.meta.v1.MsgPayFor";

/** How a node reaches the chain: the one ABCI query a real node makes. */
export type ChainQuery = (path: string, data: Uint8Array) => Promise<AbciQueryResult>;

/**
 * A {@link ChainQuery} over CometBFT JSON-RPC (`abci_query`), as nodes in their own processes use it.
 *
 * @example
 * ```ts
 * const query = cometRpcQuery("http://127.0.0.1:26648");
 * ```
 */
export function cometRpcQuery(rpcUrl: string): ChainQuery {
  return async (path, data) => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "abci_query",
      params: { path, data: Buffer.from(data).toString("hex"), height: "0", prove: false },
    });
    let json: { result?: { response?: Record<string, string | undefined> }; error?: { message?: string } };
    try {
      const response = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      json = (await response.json()) as typeof json;
    } catch (cause) {
      throw new ConnectError(`chain unreachable: ${(cause as Error).message}`, Code.Unavailable);
    }
    const answer = json.result?.response;
    if (!answer)
      throw new ConnectError(`chain query failed: ${json.error?.message ?? "no response"}`, Code.Unavailable);
    return {
      code: Number(answer["code"] ?? 0),
      codespace: answer["codespace"] ?? "",
      log: answer["log"] ?? "",
      value: Buffer.from(answer["value"] ?? "", "base64"),
      height: Number(answer["height"] ?? 0),
    };
  };
}

/** What the leader needs to know about a paid transaction. */
export interface ChainPayment {
  /** `MsgPayFor.resource`. */
  readonly resource: Uint8Array;
  /** The amount paid, in unil. */
  readonly unil: bigint;
}

/**
 * Looks a payment up the way a nilvm leader does (ABCI `GetTx`) and returns its resource and amount.
 * Stricter than the reference, which only reads the first message's fields: the transaction must have
 * succeeded (result code 0) and its first message must be a `MsgPayFor` — a failed or foreign
 * transaction never counts as a payment.
 */
export async function lookUpChainPayment(query: ChainQuery, txHash: string): Promise<ChainPayment> {
  let hashBytes: Uint8Array;
  try {
    hashBytes = hexToBytes(txHash, "tx_hash");
  } catch {
    throw new ConnectError("transaction not found", Code.Unavailable);
  }
  if (hashBytes.length !== 32) throw new ConnectError("transaction not found", Code.Unavailable);
  const result = await query(
    GET_TX_PATH,
    GetTxRequest.encode(GetTxRequest.fromPartial({ hash: txHash })).finish(),
  );
  if (result.code !== 0) throw new ConnectError("transaction not found", Code.Unavailable);
  const { tx, txResponse } = GetTxResponse.decode(result.value);
  if (!txResponse || txResponse.height === 0n)
    throw new ConnectError("transaction not committed", Code.Unavailable);
  if (txResponse.code !== 0) {
    throw new ConnectError(
      `payment transaction failed on chain (code ${txResponse.code}${txResponse.codespace ? `, ${txResponse.codespace}` : ""}): ${txResponse.rawLog}`,
      Code.InvalidArgument,
    );
  }
  const first = tx?.body?.messages[0];
  if (first?.typeUrl !== MSG_PAY_FOR) {
    throw new ConnectError(
      `payment transaction is not a ${MSG_PAY_FOR} (got ${first?.typeUrl ?? "no message"})`,
      Code.InvalidArgument,
    );
  }
  const message = fromBinary(MsgPayForSchema, first.value);
  const [amount, ...extra] = message.amount;
  const paid = amount === undefined ? undefined : chainAmount(amount.amount);
  if (
    paid === undefined ||
    paid <= 0n ||
    extra.length > 0 ||
    (amount?.denom !== "unil" && amount?.denom !== "nil")
  ) {
    throw new ConnectError(
      "invalid payment: expected exactly one positive amount in unil or nil",
      Code.InvalidArgument,
    );
  }
  return { resource: message.resource, unil: paid * (amount.denom === "nil" ? 1_000_000n : 1n) };
}

// The amount exactly as the chain read it when it ran the payment, so the leader counts what was taken:
// the chain accepts forms a plain decimal reading gets wrong ("+1000000", or "01000000", which the chain
// reads as octal).
function chainAmount(text: string): bigint | undefined {
  try {
    return parseAmount(text);
  } catch {
    return undefined;
  }
}

/** The quote checks on a looked-up payment: it names the quote's nonce and pays at least its price. */
export function assertPaysQuote(payment: ChainPayment, nonce: Uint8Array, tokens: bigint): void {
  if (!bytesEqual(payment.resource, nonce)) {
    // The node's text, typo included: clients may match on it.
    throw new ConnectError("nonce in payment doens't match nonce in quote", Code.InvalidArgument);
  }
  if (payment.unil < tokens) throw new ConnectError("insufficient payment", Code.InvalidArgument);
}
