// A tiny stand-in for nilchain's CometBFT JSON-RPC: just the calls cosmjs makes for one payment
// (status, abci_query Account/Simulate/Balance, broadcast_tx_sync, tx_search), with the checks that
// matter to a payer: signature over the chain id and account number, sequence, balance. The real chain
// emulator lives in @nillion/devnet, which this layer may not use; end-to-end tests run against it there.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fromBinary } from "@bufbuild/protobuf";
import { PrivateKey, verifySignature } from "@nillion/crypto";
import { type MsgPayFor, MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { QueryAccountRequest, QueryAccountResponse } from "cosmjs-types/cosmos/auth/v1beta1/query";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { AuthInfo, SignDoc, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";

/** Devnet key 0 and its address (nilchain-devnet.md §4.4). */
export const KEY_0 = {
  privateKey: "9a975f567428d054f2bf3092812e6c42f901ce07d9711bc77ee2cd81101f42c5",
  address: "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j",
};

export const CHAIN_ID = "nillion-chain-devnet";

/** One broadcast transaction, decoded. */
export interface SeenTx {
  readonly hash: string;
  readonly typeUrl: string;
  readonly payFor: MsgPayFor;
  /** The first coin's amount, in unil, as the chain took it. */
  readonly amount: bigint;
  readonly fee: ReadonlyArray<{ denom: string; amount: string }>;
  readonly gasLimit: bigint;
  readonly sequence: bigint;
  readonly memo: string;
}

interface Account {
  readonly accountNumber: bigint;
  sequence: bigint;
  balance: bigint;
  readonly publicKey: Uint8Array;
}

interface IndexedTx {
  readonly bytes: Uint8Array;
  readonly height: number;
  readonly code: number;
  readonly log: string;
}

type Json = Record<string, unknown>;

export class FakeComet {
  readonly url: string;
  /** Every transaction that passed CheckTx, in order. */
  readonly seen: SeenTx[] = [];
  /** JSON-RPC methods called (abci_query as `abci_query <path>`), in order. */
  readonly calls: string[] = [];
  /** Gas a simulation reports. */
  gasUsed = 50_000n;
  /** When false, broadcast transactions never show up in tx_search. */
  includeTxs = true;
  /** How many tx_search calls miss a transaction before it is found. */
  searchMisses = 1;
  /** Answer of the next broadcast_tx_sync instead of running CheckTx. */
  checkTxOverride: { code: number; codespace: string; log: string } | undefined;
  readonly #server: Server;
  readonly #accounts = new Map<string, Account>();
  readonly #txs = new Map<string, IndexedTx>();
  readonly #misses = new Map<string, number>();
  #height = 1;

  private constructor(
    server: Server,
    readonly chainId: string,
  ) {
    this.#server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Starts a chain on an ephemeral port where devnet key 0 holds `balance` unil. */
  static async start(options: { chainId?: string; balance?: bigint } = {}): Promise<FakeComet> {
    let comet: FakeComet | undefined;
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        const call = JSON.parse(body) as { id: unknown; method: string; params: Json };
        let reply: Json;
        try {
          reply = { result: (comet as FakeComet).handle(call.method, call.params) };
        } catch (error) {
          reply = { error: { code: -32603, message: "Internal error", data: (error as Error).message } };
        }
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, ...reply }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    comet = new FakeComet(server, options.chainId ?? CHAIN_ID);
    comet.#accounts.set(KEY_0.address, {
      accountNumber: 2n,
      sequence: 0n,
      balance: options.balance ?? 10_000_000n,
      publicKey: PrivateKey.fromHex(KEY_0.privateKey).publicKey,
    });
    return comet;
  }

  /** Opens an account for `address` (signing with `publicKey`) holding `balance` unil. */
  fund(address: string, publicKey: Uint8Array, balance: bigint): void {
    this.#accounts.set(address, {
      accountNumber: BigInt(this.#accounts.size + 2),
      sequence: 0n,
      balance,
      publicKey,
    });
  }

  balanceOf(address: string): bigint {
    return this.#accounts.get(address)?.balance ?? 0n;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  private handle(method: string, params: Json): Json {
    this.calls.push(method === "abci_query" ? `abci_query ${String(params["path"])}` : method);
    switch (method) {
      case "status":
        return this.#status();
      case "abci_query":
        return this.#query(String(params["path"]), Buffer.from(String(params["data"] ?? ""), "hex"));
      case "broadcast_tx_sync":
        return this.#broadcast(new Uint8Array(Buffer.from(String(params["tx"]), "base64")));
      case "tx_search":
        return this.#search(String(params["query"]));
      default:
        throw new Error(`method ${method} not found`);
    }
  }

  #status(): Json {
    return {
      node_info: {
        protocol_version: { p2p: "8", block: "11", app: "0" },
        id: "ab".repeat(20),
        listen_addr: "tcp://0.0.0.0:26656",
        network: this.chainId,
        version: "0.38.12",
        channels: "40202122233038606100",
        moniker: "fake",
        other: { tx_index: "on" },
      },
      sync_info: {
        latest_block_hash: "AB".repeat(32),
        latest_app_hash: "CD".repeat(32),
        latest_block_height: String(this.#height),
        latest_block_time: new Date().toISOString(),
        catching_up: false,
      },
      validator_info: {
        address: "EF".repeat(20),
        pub_key: { type: "tendermint/PubKeyEd25519", value: Buffer.alloc(32, 7).toString("base64") },
        voting_power: "1",
      },
    };
  }

  #query(path: string, data: Uint8Array): Json {
    const ok = (value: Uint8Array) => ({
      response: {
        code: 0,
        log: "",
        value: Buffer.from(value).toString("base64"),
        height: String(this.#height),
      },
    });
    const fail = (code: number, log: string) => ({
      response: { code, log, value: "", height: String(this.#height), codespace: "sdk" },
    });
    switch (path) {
      case "/cosmos.auth.v1beta1.Query/Account": {
        const { address } = QueryAccountRequest.decode(data);
        const account = this.#accounts.get(address);
        if (account === undefined) {
          return fail(22, `rpc error: code = NotFound desc = account ${address} not found: key not found`);
        }
        const value = BaseAccount.encode({
          address,
          accountNumber: account.accountNumber,
          sequence: account.sequence,
        }).finish();
        return ok(
          QueryAccountResponse.encode({
            account: { typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value },
          }).finish(),
        );
      }
      case "/cosmos.bank.v1beta1.Query/Balance": {
        const { address, denom } = QueryBalanceRequest.decode(data);
        return ok(
          QueryBalanceResponse.encode({
            balance: { denom, amount: String(this.balanceOf(address)) },
          }).finish(),
        );
      }
      case "/cosmos.tx.v1beta1.Service/Simulate": {
        let tx: Omit<SeenTx, "hash">;
        try {
          tx = this.#decode(SimulateRequest.decode(data).txBytes);
        } catch (error) {
          if (!(error instanceof TxParseError)) throw error;
          return fail(
            6,
            `rpc error: code = Unknown desc = ${error.message}: tx parse error With gas wanted: '0' and gas used: '0' : unknown request`,
          );
        }
        const account = this.#accounts.get(tx.payFor.fromAddress);
        const amount = tx.amount;
        if (account === undefined || account.balance < amount) {
          return fail(
            6,
            `rpc error: code = Unknown desc = failed to execute message; message index: 0: failed to send coins: spendable balance ${account?.balance ?? 0n}unil is smaller than ${amount}unil: insufficient funds [cosmos/cosmos-sdk@v0.50.11/baseapp/baseapp.go:1001] With gas wanted: '0' and gas used: '1000' : unknown request`,
          );
        }
        return ok(
          SimulateResponse.encode({
            gasInfo: { gasWanted: 0n, gasUsed: this.gasUsed },
            result: { data: new Uint8Array(), log: "", events: [], msgResponses: [] },
          }).finish(),
        );
      }
      default:
        return fail(6, `unknown query path ${path}`);
    }
  }

  #broadcast(bytes: Uint8Array): Json {
    const hash = createHash("sha256").update(bytes).digest("hex").toUpperCase();
    const answer = (code: number, codespace: string, log: string) => ({
      code,
      data: "",
      log,
      codespace,
      hash,
    });
    if (this.checkTxOverride) {
      const { code, codespace, log } = this.checkTxOverride;
      this.checkTxOverride = undefined;
      return answer(code, codespace, log);
    }
    let tx: Omit<SeenTx, "hash">;
    try {
      tx = this.#decode(bytes);
    } catch (error) {
      if (!(error instanceof TxParseError)) throw error;
      return answer(2, "sdk", `${error.message}: tx parse error`);
    }
    const account = this.#accounts.get(tx.payFor.fromAddress);
    if (account === undefined) return answer(9, "sdk", "fee payer address does not exist: unknown address");
    if (tx.sequence !== account.sequence) {
      return answer(
        32,
        "sdk",
        `account sequence mismatch, expected ${account.sequence}, got ${tx.sequence}: incorrect account sequence`,
      );
    }
    const { bodyBytes, authInfoBytes, signatures } = TxRaw.decode(bytes);
    const signDoc = SignDoc.encode({
      bodyBytes,
      authInfoBytes,
      chainId: this.chainId,
      accountNumber: account.accountNumber,
    }).finish();
    const signature = signatures[0] ?? new Uint8Array();
    if (!verifySignature({ type: "secp256k1", bytes: account.publicKey }, signDoc, signature)) {
      return answer(4, "sdk", "signature verification failed: unauthorized");
    }
    account.sequence += 1n;
    this.seen.push({ ...tx, hash });
    // DeliverTx: the payment itself.
    const amount = tx.amount;
    const paid = account.balance >= amount;
    if (paid) account.balance -= amount;
    this.#height += 1;
    if (this.includeTxs) {
      this.#txs.set(hash, {
        bytes,
        height: this.#height,
        code: paid ? 0 : 5,
        log: paid
          ? ""
          : `failed to execute message; message index: 0: failed to send coins: spendable balance ${account.balance}unil is smaller than ${amount}unil: insufficient funds`,
      });
    }
    return answer(0, "", "");
  }

  #search(query: string): Json {
    const hash = /^tx\.hash='([0-9A-F]{64})'$/.exec(query)?.[1] ?? "";
    const misses = this.#misses.get(hash) ?? 0;
    const tx = this.#txs.get(hash);
    if (tx === undefined || misses < this.searchMisses) {
      this.#misses.set(hash, misses + 1);
      return { txs: [], total_count: "0" };
    }
    return {
      txs: [
        {
          hash,
          height: String(tx.height),
          index: 0,
          tx: Buffer.from(tx.bytes).toString("base64"),
          tx_result: {
            code: tx.code,
            log: tx.log,
            gas_wanted: "0",
            gas_used: "0",
            events: [],
            codespace: tx.code === 0 ? "" : "sdk",
          },
        },
      ],
      total_count: "1",
    };
  }

  #decode(bytes: Uint8Array): Omit<SeenTx, "hash"> {
    const raw = TxRaw.decode(bytes);
    const body = TxBody.decode(raw.bodyBytes);
    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    const message = body.messages[0];
    const signer = authInfo.signerInfos[0];
    if (message === undefined || signer === undefined) throw new Error("tx parse error");
    const publicKey = signer.publicKey ? PubKey.decode(signer.publicKey.value).key : undefined;
    if (publicKey !== undefined && publicKey.length !== 33) throw new Error("invalid pubkey");
    const payFor = fromBinary(MsgPayForSchema, message.value);
    return {
      typeUrl: message.typeUrl,
      payFor,
      amount: readAmount(payFor.amount[0]?.amount ?? ""),
      fee: authInfo.fee?.amount ?? [],
      gasLimit: authInfo.fee?.gasLimit ?? 0n,
      sequence: signer.sequence,
      memo: body.memo,
    };
  }
}

/** A transaction the chain cannot decode: CheckTx answers code 2 (`tx parse error`) with this text first. */
class TxParseError extends Error {}

// math.Int, which every coin amount is, refuses integers wider than this.
const MAX_AMOUNT_BITS = 256;

/**
 * A coin amount as this stand-in reads it: plain decimal only, the one form NilChainPayer writes. The chain
 * reads amounts as Go's `math.Int` does (a sign, a base prefix, a leading 0 for octal, `_` between digits),
 * where `BigInt` reads some of the same texts otherwise ("01000000" is 262,144 unil on the chain). This
 * layer may not use the devnet's reader, so every other form is refused with the chain's error for text it
 * cannot read: a payer that wrote one fails here instead of paying an amount the chain would not take.
 *
 * @throws {TxParseError} for any other text, or more than 256 bits
 */
function readAmount(text: string): bigint {
  if (text === "") return 0n; // math.Int's empty text
  if (!/^(?:0|[1-9][0-9]*)$/.test(text)) {
    throw new TxParseError(`math/big: cannot unmarshal ${JSON.stringify(text)} into a *big.Int`);
  }
  const amount = BigInt(text);
  const bits = amount.toString(2).length;
  if (bits > MAX_AMOUNT_BITS)
    throw new TxParseError(`integer out of range; got: ${bits}, max: ${MAX_AMOUNT_BITS}`);
  return amount;
}
