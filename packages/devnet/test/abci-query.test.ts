// `abci_query` as its callers send it. First the query a nilvm node makes to check a payment (tendermint-rs:
// a string id, uppercase hex data, GetTx), decoded the way the node decodes it; then the other paths, each
// with the SDK's code and log on failure.
import { fromBinary } from "@bufbuild/protobuf";
import { MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { sha256 } from "@noble/hashes/sha2.js";
import { BaseAccount, ModuleAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import {
  QueryAllBalancesRequest,
  QueryAllBalancesResponse,
  QueryBalanceRequest,
  QueryBalanceResponse,
  QuerySupplyOfRequest,
  QuerySupplyOfResponse,
} from "cosmjs-types/cosmos/bank/v1beta1/query";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { GetTxRequest, GetTxResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import { broadcast, devnetKey, payForAny, rpc, signTx, startTestChain } from "./helpers.js";

let chain: NilChain;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain.stop();
});

/** abci_query as tendermint-rs sends it: a UUID id, uppercase hex, prove false, no height. */
async function nodeQuery(path: string, request: Uint8Array) {
  const { body } = await rpc(
    chain.urls.rpc,
    "abci_query",
    { path, data: Buffer.from(request).toString("hex").toUpperCase(), prove: false },
    "0b6c1a8e-4d3f-4f0e-9a64-6f1c3b7d2e55",
  );
  expect(body.id).toBe("0b6c1a8e-4d3f-4f0e-9a64-6f1c3b7d2e55");
  const { response } = body.result;
  return { ...response, value: new Uint8Array(Buffer.from(response.value ?? "", "base64")) };
}

async function pay(i: number, amount: bigint, resource: Uint8Array) {
  const { key, address } = devnetKey(chain, i);
  const account = chain.account(address);
  const tx = signTx({
    key,
    messages: [payForAny(address, amount, resource)],
    accountNumber: account?.accountNumber ?? 0n,
    sequence: account?.sequence ?? 0n,
  });
  const { result } = await broadcast(chain.urls.rpc, tx);
  expect(result.code).toBe(0);
  return Buffer.from(sha256(tx)).toString("hex").toUpperCase();
}

describe("GetTx, as a nilvm node checks a payment", () => {
  it("returns a committed payment whose first message carries the quote's nonce", async () => {
    const nonce = crypto.getRandomValues(new Uint8Array(32));
    const hash = await pay(0, 1_000_000n, nonce);
    await chain.waitForTx(hash);

    // The Rust client hands the node a lowercase hash; GetTx accepts either case.
    const { code, value, height } = await nodeQuery(
      "/cosmos.tx.v1beta1.Service/GetTx",
      GetTxRequest.encode({ hash: hash.toLowerCase() }).finish(),
    );
    expect(code).toBeUndefined();
    expect(Number(height)).toBe(chain.height);
    const response = GetTxResponse.decode(value);
    expect(response.txResponse?.height).not.toBe(0n);
    expect(response.txResponse?.txhash).toBe(hash);
    expect(response.txResponse?.code).toBe(0);
    expect(response.txResponse?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(
      TxMsgData.decode(Buffer.from(response.txResponse?.data ?? "", "hex")).msgResponses[0]?.typeUrl,
    ).toBe("/nillion.meta.v1.MsgPayForResponse");
    const first = response.tx?.body?.messages[0];
    expect(first?.typeUrl).toBe("/nillion.meta.v1.MsgPayFor");
    const msg = fromBinary(MsgPayForSchema, first?.value ?? new Uint8Array());
    expect(msg.resource).toEqual(nonce);
    expect(msg.amount).toEqual([expect.objectContaining({ denom: "unil", amount: "1000000" })]);
    expect(msg.fromAddress).toBe(chain.keys[0]?.address);
  });

  it("answers an unknown hash with code 22 and a value that decodes to no tx_response", async () => {
    const hash = "AB".repeat(32);
    const { code, codespace, log, value } = await nodeQuery(
      "/cosmos.tx.v1beta1.Service/GetTx",
      GetTxRequest.encode({ hash }).finish(),
    );
    expect({ code, codespace, log }).toEqual({
      code: 22,
      codespace: "sdk",
      log: `rpc error: code = NotFound desc = tx not found: ${hash}: key not found`,
    });
    expect(GetTxResponse.decode(value).txResponse).toBeUndefined();
  });

  it("does not show a tx before its block", async () => {
    chain.pause();
    let hash: string;
    try {
      hash = await pay(1, 5n, new Uint8Array(32));
      const pending = await nodeQuery(
        "/cosmos.tx.v1beta1.Service/GetTx",
        GetTxRequest.encode({ hash }).finish(),
      );
      expect(pending.code).toBe(22);
    } finally {
      chain.resume();
    }
    await chain.waitForTx(hash);
    const committed = await nodeQuery(
      "/cosmos.tx.v1beta1.Service/GetTx",
      GetTxRequest.encode({ hash }).finish(),
    );
    expect(GetTxResponse.decode(committed.value).txResponse?.height).toBeGreaterThan(0n);
  });

  it("returns a payment that failed in its block, with its code", async () => {
    const { address } = devnetKey(chain, 2);
    const hash = await pay(2, chain.balance(address) + 1n, new Uint8Array(32));
    await chain.waitForTx(hash);
    const { value } = await nodeQuery(
      "/cosmos.tx.v1beta1.Service/GetTx",
      GetTxRequest.encode({ hash }).finish(),
    );
    const response = GetTxResponse.decode(value);
    expect({ code: response.txResponse?.code, rawLog: response.txResponse?.rawLog }).toEqual({
      code: 1,
      rawLog: "internal",
    });
    expect(response.txResponse?.height).toBeGreaterThan(0n);
  });

  it("refuses a hash that is not hex", async () => {
    const { code, log } = await nodeQuery(
      "/cosmos.tx.v1beta1.Service/GetTx",
      GetTxRequest.encode({ hash: "xyz" }).finish(),
    );
    expect({ code, log }).toEqual({
      code: 18,
      log: "encoding/hex: invalid byte: U+0078 'x': invalid request",
    });
  });
});

describe("auth and bank queries", () => {
  it("returns a BaseAccount, with its public key once it has signed", async () => {
    const fresh = devnetKey(chain, 5).address;
    const before = BaseAccount.decode(
      QueryAccountResponse.decode(
        (
          await nodeQuery(
            "/cosmos.auth.v1beta1.Query/Account",
            QueryAccountRequest.encode({ address: fresh }).finish(),
          )
        ).value,
      ).account?.value ?? new Uint8Array(),
    );
    expect(before).toMatchObject({ address: fresh, sequence: 0n });
    expect(before.pubKey).toBeUndefined();

    const signer = chain.keys[0]?.address ?? "";
    const { account } = QueryAccountResponse.decode(
      (
        await nodeQuery(
          "/cosmos.auth.v1beta1.Query/Account",
          QueryAccountRequest.encode({ address: signer }).finish(),
        )
      ).value,
    );
    expect(account?.typeUrl).toBe("/cosmos.auth.v1beta1.BaseAccount");
    expect(BaseAccount.decode(account?.value ?? new Uint8Array()).pubKey?.typeUrl).toBe(
      "/cosmos.crypto.secp256k1.PubKey",
    );
  });

  it("returns the meta module account as a ModuleAccount with the burner permission", async () => {
    const meta = "nillion1agaaw03t2phqq5njx2e76apuqek6sw5w8s9m9f";
    const { account } = QueryAccountResponse.decode(
      (
        await nodeQuery(
          "/cosmos.auth.v1beta1.Query/Account",
          QueryAccountRequest.encode({ address: meta }).finish(),
        )
      ).value,
    );
    expect(account?.typeUrl).toBe("/cosmos.auth.v1beta1.ModuleAccount");
    expect(ModuleAccount.decode(account?.value ?? new Uint8Array())).toMatchObject({
      name: "meta",
      permissions: ["burner"],
    });
  });

  it("reports unknown and malformed accounts with the SDK's codes", async () => {
    const stranger = "nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgr7vv7";
    const query = async (address: string) => {
      const { code, codespace, log } = await nodeQuery(
        "/cosmos.auth.v1beta1.Query/Account",
        QueryAccountRequest.encode({ address }).finish(),
      );
      return { code, codespace, log };
    };
    expect(await query(stranger)).toEqual({
      code: 22,
      codespace: "sdk",
      log: `rpc error: code = NotFound desc = account ${stranger} not found: key not found`,
    });
    expect(await query("nillion1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgr7vv8")).toEqual({
      code: 18,
      codespace: "sdk",
      log: "decoding bech32 failed: invalid checksum (expected gr7vv7 got gr7vv8): invalid request",
    });
    expect(await query("cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a")).toEqual({
      code: 6,
      codespace: "sdk",
      log: "rpc error: code = Unknown desc = codespace sdk code 35: internal logic error: hrp does not match bech32 prefix: expected 'nillion' got 'cosmos': unknown request",
    });
  });

  it("serves balances, all balances and the supply", async () => {
    const address = chain.keys[9]?.address ?? "";
    const balance = QueryBalanceResponse.decode(
      (
        await nodeQuery(
          "/cosmos.bank.v1beta1.Query/Balance",
          QueryBalanceRequest.encode({ address, denom: "unil" }).finish(),
        )
      ).value,
    );
    expect(balance.balance).toEqual({ denom: "unil", amount: "1000000000000" });
    const none = QueryBalanceResponse.decode(
      (
        await nodeQuery(
          "/cosmos.bank.v1beta1.Query/Balance",
          QueryBalanceRequest.encode({ address, denom: "uatom" }).finish(),
        )
      ).value,
    );
    expect(none.balance).toEqual({ denom: "uatom", amount: "0" });
    const all = QueryAllBalancesResponse.decode(
      (
        await nodeQuery(
          "/cosmos.bank.v1beta1.Query/AllBalances",
          QueryAllBalancesRequest.encode({ address, resolveDenom: false }).finish(),
        )
      ).value,
    );
    expect(all.balances).toEqual([{ denom: "unil", amount: "1000000000000" }]);
    const supply = QuerySupplyOfResponse.decode(
      (
        await nodeQuery(
          "/cosmos.bank.v1beta1.Query/SupplyOf",
          QuerySupplyOfRequest.encode({ denom: "unil" }).finish(),
        )
      ).value,
    );
    expect(BigInt(supply.amount?.amount ?? "0")).toBe(chain.supply());
  });
});

describe("routing", () => {
  it("refuses unknown paths, future heights, BroadcastTx and undecodable requests", async () => {
    const plain = async (params: object) => {
      const { body } = await rpc(chain.urls.rpc, "abci_query", params);
      const { code, codespace, log, height } = body.result.response;
      return { code, codespace, log, height };
    };
    expect(await plain({ path: "/cosmos.staking.v1beta1.Query/Validators", data: "" })).toEqual({
      code: 6,
      codespace: "sdk",
      log: "unknown query path: unknown request",
      height: undefined,
    });
    expect(await plain({ path: "/cosmos.bank.v1beta1.Query/SupplyOf", data: "", height: "999999" })).toEqual({
      code: 26,
      codespace: "sdk",
      log: "cannot query with height in the future; please provide a valid height: invalid height",
      height: undefined,
    });
    expect(await plain({ path: "/cosmos.tx.v1beta1.Service/BroadcastTx", data: "" })).toEqual({
      code: 18,
      codespace: "sdk",
      log: "can't route a broadcast tx message: invalid request",
      height: undefined,
    });
    const garbage = await plain({ path: "/cosmos.auth.v1beta1.Query/Account", data: "ffff" });
    expect(garbage.code).toBe(18);
    expect(garbage.log).toMatch(/: invalid request$/);
    expect(garbage.height).toBe(String(chain.height));
  });
});
