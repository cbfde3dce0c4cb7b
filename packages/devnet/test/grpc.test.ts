// A cosmpy-style payer over plain gRPC: auth Account, a DIRECT-signed tx with a fixed gas limit and a zero
// fee, tx BroadcastTx (sync), then GetTx polling until the tx is committed. The client is a raw
// @grpc/grpc-js client with cosmjs-types encodings, so nothing of the server's code is shared.
import * as grpc from "@grpc/grpc-js";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import {
  BroadcastMode,
  BroadcastTxRequest,
  BroadcastTxResponse,
  GetTxRequest,
  GetTxResponse,
  SimulateRequest,
  SimulateResponse,
} from "cosmjs-types/cosmos/tx/v1beta1/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { devnetKey, payForAny, signTx, startTestChain } from "./helpers.js";

let chain: NilChain;
let client: grpc.Client;

beforeAll(async () => {
  chain = await startTestChain();
  client = new grpc.Client(`127.0.0.1:${chain.ports.grpc}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client.close();
  await chain.stop();
});

function call(path: string, request: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (bytes: Uint8Array) => Buffer.from(bytes),
      (bytes: Buffer) => new Uint8Array(bytes),
      request,
      (error, response) => (error !== null ? reject(error) : resolve(response ?? new Uint8Array())),
    );
  });
}

async function statusOf(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, details } = error as grpc.ServiceError;
    return { code, details };
  }
  throw new Error("expected the call to fail");
}

const account = async (address: string) =>
  BaseAccount.decode(
    QueryAccountResponse.decode(
      await call("/cosmos.auth.v1beta1.Query/Account", QueryAccountRequest.encode({ address }).finish()),
    ).account?.value ?? new Uint8Array(),
  );

const getTx = (hash: string) =>
  call("/cosmos.tx.v1beta1.Service/GetTx", GetTxRequest.encode({ hash }).finish());

const broadcastTx = async (txBytes: Uint8Array, mode = BroadcastMode.BROADCAST_MODE_SYNC) =>
  BroadcastTxResponse.decode(
    await call(
      "/cosmos.tx.v1beta1.Service/BroadcastTx",
      BroadcastTxRequest.encode({ txBytes, mode }).finish(),
    ),
  ).txResponse;

describe("a cosmpy-style payment", () => {
  it("queries the account, broadcasts, and finds the tx once committed", async () => {
    const { key, address } = devnetKey(chain, 0);
    const { accountNumber, sequence } = await account(address);
    const resource = new Uint8Array(32).fill(42);
    const tx = signTx({
      key,
      messages: [payForAny(address, 1_000_000n, resource)],
      accountNumber,
      sequence,
      gasLimit: 10_000_000n,
    });

    const simulated = SimulateResponse.decode(
      await call("/cosmos.tx.v1beta1.Service/Simulate", SimulateRequest.encode({ txBytes: tx }).finish()),
    );
    expect(simulated.gasInfo?.gasUsed).toBeGreaterThan(0n);
    expect(simulated.result?.msgResponses.map((r) => r.typeUrl)).toEqual([
      "/nillion.meta.v1.MsgPayForResponse",
    ]);

    chain.pause();
    const sent = await broadcastTx(tx);
    expect({ code: sent?.code, height: sent?.height }).toEqual({ code: 0, height: 0n });
    expect(sent?.txhash).toMatch(/^[0-9A-F]{64}$/);
    // Not committed yet: cosmpy treats NotFound as "keep polling".
    expect(await statusOf(getTx(sent?.txhash ?? ""))).toEqual({
      code: grpc.status.NOT_FOUND,
      details: `tx not found: ${sent?.txhash}`,
    });
    chain.resume();
    await chain.waitForTx(sent?.txhash ?? "");

    const found = GetTxResponse.decode(await getTx(sent?.txhash ?? ""));
    expect(found.txResponse?.code).toBe(0);
    expect(found.txResponse?.height).toBeGreaterThan(0n);
    expect(found.txResponse?.txhash).toBe(sent?.txhash);
    expect(found.tx?.body?.messages[0]?.typeUrl).toBe("/nillion.meta.v1.MsgPayFor");
    expect((await account(address)).sequence).toBe(sequence + 1n);

    const again = await broadcastTx(tx);
    expect({ code: again?.code, codespace: again?.codespace, txhash: again?.txhash }).toEqual({
      code: 19,
      codespace: "sdk",
      txhash: sent?.txhash,
    });
  });

  it("reports a CheckTx failure in tx_response, as cosmpy reads it", async () => {
    const { key, address } = devnetKey(chain, 1);
    const { accountNumber } = await account(address);
    const stale = signTx({ key, messages: [payForAny(address, 1n)], accountNumber, sequence: 9n });
    const sent = await broadcastTx(stale);
    expect({ code: sent?.code, codespace: sent?.codespace, rawLog: sent?.rawLog }).toEqual({
      code: 32,
      codespace: "sdk",
      rawLog: "account sequence mismatch, expected 0, got 9: incorrect account sequence",
    });
  });

  it("answers ASYNC broadcasts with the hash only", async () => {
    const { key, address } = devnetKey(chain, 2);
    const { accountNumber, sequence } = await account(address);
    const tx = signTx({ key, messages: [payForAny(address, 1n)], accountNumber, sequence });
    const sent = await broadcastTx(tx, BroadcastMode.BROADCAST_MODE_ASYNC);
    expect(sent?.code).toBe(0);
    expect((await chain.waitForTx(sent?.txhash ?? "")).code).toBe(0);
  });
});

describe("query and broadcast errors", () => {
  it("maps them to gRPC statuses with the SDK's texts", async () => {
    const stranger = "nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgr7vv7";
    expect(await statusOf(account(stranger))).toEqual({
      code: grpc.status.NOT_FOUND,
      details: `account ${stranger} not found`,
    });
    expect(await statusOf(account(""))).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: "Address cannot be empty",
    });
    expect(await statusOf(broadcastTx(new Uint8Array()))).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: "invalid empty tx",
    });
    expect(await statusOf(broadcastTx(new Uint8Array([1]), BroadcastMode.BROADCAST_MODE_BLOCK))).toEqual({
      code: grpc.status.UNKNOWN,
      details: "unsupported return type unspecified; supported types: sync, async",
    });
    const garbage = await statusOf(call("/cosmos.auth.v1beta1.Query/Account", new Uint8Array([0xff, 0xff])));
    expect(garbage.code).toBe(grpc.status.INTERNAL);
    expect(garbage.details).toMatch(/^grpc: error unmarshalling request: /);
    const unknown = await statusOf(call("/cosmos.staking.v1beta1.Query/Validators", new Uint8Array()));
    expect(unknown.code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it("reports a failing simulation as Unknown with the SDK's text", async () => {
    const { key, address } = devnetKey(chain, 3);
    const { accountNumber, sequence } = await account(address);
    const balance = chain.balance(address);
    const tx = signTx({ key, messages: [payForAny(address, balance + 1n)], accountNumber, sequence });
    const failure = await statusOf(
      call("/cosmos.tx.v1beta1.Service/Simulate", SimulateRequest.encode({ txBytes: tx }).finish()),
    );
    expect(failure.code).toBe(grpc.status.UNKNOWN);
    expect(failure.details).toMatch(
      new RegExp(
        `^failed to execute message; message index: 0: failed to send coins: spendable balance ${balance}unil is smaller than ${balance + 1n}unil: insufficient funds With gas wanted: '18446744073709551615' and gas used: '\\d+' $`,
      ),
    );
  });

  it("serves bank balances", async () => {
    const { address } = devnetKey(chain, 9);
    const { balance } = QueryBalanceResponse.decode(
      await call(
        "/cosmos.bank.v1beta1.Query/Balance",
        QueryBalanceRequest.encode({ address, denom: "unil" }).finish(),
      ),
    );
    expect(balance).toEqual({ denom: "unil", amount: "1000000000000" });
    expect(
      await statusOf(
        call(
          "/cosmos.bank.v1beta1.Query/Balance",
          QueryBalanceRequest.encode({ address, denom: "u" }).finish(),
        ),
      ),
    ).toEqual({ code: grpc.status.INVALID_ARGUMENT, details: "invalid denom: u" });
  });

  it("reads requests up to the Cosmos SDK's 10 MiB, not grpc-js's 4 MiB (regression)", async () => {
    const hash = "z".repeat(5 * 1024 * 1024);
    expect(await statusOf(getTx(hash))).toEqual({
      code: grpc.status.UNKNOWN,
      details: "encoding/hex: invalid byte: U+007A 'z'",
    });
    expect((await statusOf(getTx("z".repeat(10 * 1024 * 1024)))).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  describe("with text that is not UTF-8 in a request (regression: answered Unknown 'Unknown error')", () => {
    // The chain keeps the bytes as Go does; what a client sees of them is U+FFFD, through gRPC as through
    // abci_query, and both answers say the same thing.
    const notUtf8 = Uint8Array.of(0x75, 0xff, 0x6e, 0x69, 0x6c); // "u", a stray 0xff, "nil"
    const field = (number: number, bytes: Uint8Array) =>
      Uint8Array.of((number << 3) | 2, bytes.length, ...bytes);
    const address = () => new TextEncoder().encode(devnetKey(chain, 0).address);
    it.each([
      [
        "Balance, in the denom",
        "/cosmos.bank.v1beta1.Query/Balance",
        () => Uint8Array.of(...field(1, address()), ...field(2, notUtf8)),
        grpc.status.INVALID_ARGUMENT,
        "invalid denom: u\ufffdnil",
      ],
      [
        "SupplyOf, in the denom",
        "/cosmos.bank.v1beta1.Query/SupplyOf",
        () => field(1, notUtf8),
        grpc.status.INVALID_ARGUMENT,
        "invalid denom: u\ufffdnil",
      ],
      [
        "Balance, in the address",
        "/cosmos.bank.v1beta1.Query/Balance",
        () => Uint8Array.of(...field(1, notUtf8), ...field(2, new TextEncoder().encode("unil"))),
        grpc.status.INVALID_ARGUMENT,
        "invalid address: decoding bech32 failed: invalid bech32 string length 7",
      ],
      [
        "AllBalances, in the address",
        "/cosmos.bank.v1beta1.Query/AllBalances",
        () => field(1, notUtf8),
        grpc.status.INVALID_ARGUMENT,
        "invalid address: decoding bech32 failed: invalid bech32 string length 7",
      ],
      [
        "Account, in the address",
        "/cosmos.auth.v1beta1.Query/Account",
        () => field(1, notUtf8),
        grpc.status.UNKNOWN,
        "decoding bech32 failed: invalid bech32 string length 7",
      ],
      [
        "GetTx, in the hash",
        "/cosmos.tx.v1beta1.Service/GetTx",
        () => field(1, notUtf8),
        grpc.status.UNKNOWN,
        "encoding/hex: invalid byte: U+0075 'u'",
      ],
    ])("%s", async (_label, path, request, code, details) => {
      expect(await statusOf(call(path, request()))).toEqual({ code, details });
      const viaAbci = chain.abciQuery(path, request());
      const status = code === grpc.status.INVALID_ARGUMENT ? "rpc error: code = InvalidArgument desc = " : "";
      expect(viaAbci).toMatchObject({
        code: 18,
        codespace: "sdk",
        log: `${status}${details}: invalid request`,
      });
    });
  });
});
