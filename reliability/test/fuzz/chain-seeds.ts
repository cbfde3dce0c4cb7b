// What the chain fuzzers start from: funded addresses, and real signed transactions — committed ones
// (from the seed corpus's payments, found with tx_search) and fresh ones from a wallet of the fuzzer's own.
import { PrivateKey } from "@nillion/crypto";
import type { Devnet } from "@nillion/devnet";
import { payForMessage, signedTx } from "./forge-tx.js";
import { jsonRpcExchange } from "./json-rpc-exchange.js";

export interface ChainSeeds {
  readonly chainId: string;
  /** Addresses with an account on chain. */
  readonly addresses: readonly string[];
  /** Signed txs, base64: committed ones (replays) and fresh ones (not yet broadcast). */
  readonly txs: readonly string[];
  /** Hashes (hex) of committed txs. */
  readonly txHashes: readonly string[];
}

/** Collects the seeds; `wallet` signs the fresh txs (it needs an account, not much money). */
export async function chainSeeds(
  devnet: Devnet,
  wallet: { privateKey: string; address: string },
): Promise<ChainSeeds> {
  const { chain } = devnet;
  const params = { query: "tx.height>0", per_page: "30" };
  const reply = await jsonRpcExchange(chain.ports.rpc, "tx_search", params, 5_000);
  const found =
    (
      JSON.parse(new TextDecoder().decode(reply.body)) as {
        result?: { txs?: { hash: string; tx: string }[] };
      }
    ).result?.txs ?? [];
  const key = PrivateKey.fromHex(wallet.privateKey);
  const account = chain.account(wallet.address);
  if (account === undefined) throw new Error(`the fuzzer's wallet ${wallet.address} has no account`);
  const fresh = [0n, 1n, 2n].map((offset) =>
    Buffer.from(
      signedTx({
        key,
        chainId: chain.chainId,
        accountNumber: account.accountNumber,
        sequence: account.sequence + offset,
        messages: [
          payForMessage(wallet.address, new Uint8Array(32).fill(Number(offset)), [
            { denom: "unil", amount: "1" },
          ]),
        ],
      }),
    ).toString("base64"),
  );
  return {
    chainId: chain.chainId,
    addresses: [wallet.address, ...chain.keys.slice(0, 3).map((k) => k.address)],
    txs: [...found.map((tx) => tx.tx), ...fresh],
    txHashes: found.map((tx) => tx.hash),
  };
}
