// The gRPC query services the clients use, as handlers over raw protobuf bytes: x/auth Account, x/bank
// Balance/AllBalances/SupplyOf, and the tx service's Simulate and GetTx. Both `abci_query` and the gRPC
// server route to them, as in the SDK; failures are gRPC statuses with the SDK's texts.

import { BinaryReader, BinaryWriter } from "cosmjs-types/binary";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { TxResponse } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { GetTxRequest, SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { accountToAny } from "./accounts.js";
import { decodeAddress, decodeQueryAddress, encodeAddress } from "./address.js";
import { allBalances, getBalance, getSupply } from "./bank.js";
import type { Chain } from "./chain.js";
import { isValidDenom } from "./coins.js";
import { GrpcCode, GrpcStatusError, plainError, type SdkError } from "./errors.js";
import type { ChainEvent } from "./events.js";
import { decodeGoHex } from "./go-hex.js";
import type { IndexedTx } from "./tx-index.js";

/**
 * A query method: request bytes in, response bytes out.
 *
 * @throws {GrpcStatusError | SdkError} as the SDK's query server fails
 * @throws {RequestDecodeError} when the request is not valid protobuf of the method's request type
 */
export type QueryHandler = (chain: Chain, request: Uint8Array) => Uint8Array;

/** A request that does not decode; gRPC reports it before the method runs, ABCI as an invalid request. */
export class RequestDecodeError extends Error {
  override name = "RequestDecodeError";
}

// cosmjs-types reads strings with protobufjs's lenient UTF-8 reader, which turns bytes that are not UTF-8
// into lone surrogates and swallows the bytes after them; such text cannot even be sent back in a gRPC
// status. Go keeps the bytes, and what a client sees of them (through JSON or gRPC) is U+FFFD.
class LossyUtf8Reader extends BinaryReader {
  override string(): string {
    return UTF8.decode(this.bytes());
  }
}
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

function decodeRequest<T>(codec: { decode(input: BinaryReader): T }, request: Uint8Array): T {
  try {
    return codec.decode(new LossyUtf8Reader(request));
  } catch (error) {
    throw new RequestDecodeError((error as Error).message);
  }
}

/** Full gRPC method names of the query services, with their handlers. */
export const QUERY_SERVICES: ReadonlyMap<string, QueryHandler> = new Map<string, QueryHandler>([
  ["/cosmos.auth.v1beta1.Query/Account", account],
  ["/cosmos.bank.v1beta1.Query/Balance", balance],
  ["/cosmos.bank.v1beta1.Query/AllBalances", balances],
  ["/cosmos.bank.v1beta1.Query/SupplyOf", supplyOf],
  ["/cosmos.tx.v1beta1.Service/Simulate", simulate],
  ["/cosmos.tx.v1beta1.Service/GetTx", getTx],
]);

function account(chain: Chain, request: Uint8Array): Uint8Array {
  const { address } = decodeRequest(QueryAccountRequest, request);
  if (address === "") throw new GrpcStatusError(GrpcCode.invalidArgument, "Address cannot be empty");
  const canonical = encodeAddress(decodeQueryAddress(address));
  const found = chain.queryContext().state.accounts.get(canonical);
  if (found === undefined) throw new GrpcStatusError(GrpcCode.notFound, `account ${address} not found`);
  return QueryAccountResponse.encode({ account: accountToAny(found) }).finish();
}

function balance(chain: Chain, request: Uint8Array): Uint8Array {
  const { address, denom } = decodeRequest(QueryBalanceRequest, request);
  checkDenom(denom);
  const amount = getBalance(chain.queryContext(), bankAddress(address), denom);
  return QueryBalanceResponse.encode({ balance: { denom, amount: amount.toString() } }).finish();
}

function balances(chain: Chain, request: Uint8Array): Uint8Array {
  const { address } = decodeRequest(QueryAllBalancesRequest, request);
  const coins = allBalances(chain.queryContext(), bankAddress(address));
  return QueryAllBalancesResponse.encode({
    balances: coins.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() })),
    pagination: { nextKey: new Uint8Array(), total: BigInt(coins.length) },
  }).finish();
}

function supplyOf(chain: Chain, request: Uint8Array): Uint8Array {
  const { denom } = decodeRequest(QuerySupplyOfRequest, request);
  checkDenom(denom);
  const amount = getSupply(chain.queryContext(), denom);
  return QuerySupplyOfResponse.encode({ amount: { denom, amount: amount.toString() } }).finish();
}

function simulate(chain: Chain, request: Uint8Array): Uint8Array {
  const { tx, txBytes } = decodeRequest(SimulateRequest, request);
  // The deprecated `tx` field is re-encoded, as the SDK does; `tx_bytes` wins when both are set.
  const bytes = txBytes.length > 0 ? txBytes : tx === undefined ? undefined : Tx.encode(tx).finish();
  if (bytes === undefined)
    throw new GrpcStatusError(GrpcCode.invalidArgument, "empty txBytes is not allowed");
  const { result, error } = chain.simulate(bytes);
  if (error !== undefined) {
    throw new GrpcStatusError(
      GrpcCode.unknown,
      `${error.message} With gas wanted: '${result.gasWanted}' and gas used: '${result.gasUsed}' `,
    );
  }
  return SimulateResponse.encode({
    gasInfo: { gasWanted: result.gasWanted, gasUsed: result.gasUsed },
    result: {
      data: result.data,
      log: result.log,
      events: abciEvents(result.events),
      msgResponses: [...result.msgResponses],
    },
  }).finish();
}

function getTx(chain: Chain, request: Uint8Array): Uint8Array {
  const { hash } = decodeRequest(GetTxRequest, request);
  if (hash === "") throw new GrpcStatusError(GrpcCode.invalidArgument, "tx hash cannot be empty");
  const found = chain.tx(checkHex(hash));
  if (found === undefined) throw new GrpcStatusError(GrpcCode.notFound, `tx not found: ${hash}`);
  // GetTxResponse { tx = 1, tx_response = 2 }: the stored TxRaw bytes are a valid Tx encoding, so they go
  // in unchanged rather than re-encoded.
  const writer = BinaryWriter.create();
  writer.uint32(10).bytes(found.tx);
  TxResponse.encode(txResponse(found), writer.uint32(18).fork()).ldelim();
  return writer.finish();
}

// The SDK's `TxResponse` for an included tx.
function txResponse(tx: IndexedTx): TxResponse {
  return {
    height: BigInt(tx.height),
    txhash: tx.hash,
    codespace: tx.result.codespace,
    code: tx.result.code,
    data: Buffer.from(tx.result.data).toString("hex").toUpperCase(),
    rawLog: tx.result.log,
    logs: [],
    info: "",
    gasWanted: tx.result.gasWanted,
    gasUsed: tx.result.gasUsed,
    tx: { typeUrl: "/cosmos.tx.v1beta1.Tx", value: tx.tx },
    // Go's time.RFC3339: whole seconds.
    timestamp: `${tx.time.toISOString().slice(0, 19)}Z`,
    events: abciEvents(tx.result.events),
  };
}

function abciEvents(events: readonly ChainEvent[]) {
  return events.map(({ type, attributes }) => ({ type, attributes: attributes.map((a) => ({ ...a })) }));
}

function checkDenom(denom: string): void {
  if (!isValidDenom(denom)) throw new GrpcStatusError(GrpcCode.invalidArgument, `invalid denom: ${denom}`);
}

function bankAddress(text: string): string {
  try {
    return encodeAddress(decodeAddress(text));
  } catch (error) {
    throw new GrpcStatusError(GrpcCode.invalidArgument, `invalid address: ${(error as SdkError).message}`);
  }
}

// The SDK decodes the hash with Go's hex decoder before it asks CometBFT for the tx.
function checkHex(hash: string): string {
  try {
    decodeGoHex(hash);
  } catch (error) {
    throw plainError((error as Error).message);
  }
  return hash;
}
