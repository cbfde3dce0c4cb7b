// One table of MsgPayFor amount texts, run through the chain emulator and through the leader's payment
// lookup: what the chain takes is what the leader counts, and the leader never counts a payment the chain
// did not take. The chain reads amounts as cosmos `math.Int` does (Go's big.Int text, base 0).
import { Code, ConnectError } from "@connectrpc/connect";
import { BinaryWriter } from "cosmjs-types/binary";
import { TxResponse } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAmount } from "../src/chain/coins.js";
import type { NilChain } from "../src/index.js";
import { type ChainQuery, lookUpChainPayment } from "../src/node/payments/chain-payments.js";
import { broadcast, devnetKey, payForAny, signTx, startTestChain } from "./helpers.js";

const MAX = 2n ** 256n - 1n;

/** Amount text → what `math.Int` reads from it, or "unreadable" when the SDK's decoder refuses it. */
const AMOUNTS: readonly (readonly [text: string, reads: bigint | "unreadable"])[] = [
  ["1000000", 1_000_000n],
  ["+1000000", 1_000_000n],
  ["01000000", 0o1000000n], // a leading 0 is an octal prefix
  ["0o17", 15n],
  ["0O17", 15n],
  ["0x10", 16n],
  ["0X1f", 31n],
  ["0b101", 5n],
  ["1_000_000", 1_000_000n],
  ["0x_10", 16n],
  ["0_7", 7n],
  ["007", 7n],
  ["0", 0n],
  ["-0", 0n],
  ["", 0n],
  ["-1000000", -1_000_000n],
  [MAX.toString(), MAX],
  [(MAX + 1n).toString(), "unreadable"],
  ["1e6", "unreadable"],
  [" 1000000", "unreadable"],
  ["1000000 ", "unreadable"],
  ["1,000,000", "unreadable"],
  ["1000000.0", "unreadable"],
  ["0x", "unreadable"],
  ["08", "unreadable"],
  ["0b2", "unreadable"],
  ["1__0", "unreadable"],
  ["_1", "unreadable"],
  ["1_", "unreadable"],
  ["+", "unreadable"],
  ["-", "unreadable"],
  ["+-1", "unreadable"],
  ["--1", "unreadable"],
  ["١٠٠", "unreadable"],
  ["１", "unreadable"],
];

describe("parseAmount (the chain's and the leader's reading)", () => {
  it.each(AMOUNTS)("reads %j as %s", (text, reads) => {
    if (reads === "unreadable") expect(() => parseAmount(text)).toThrow();
    else expect(parseAmount(text)).toBe(reads);
  });

  it("names the text, or the width, in Go's words", () => {
    expect(() => parseAmount("1e6")).toThrow('math/big: cannot unmarshal "1e6" into a *big.Int');
    expect(() => parseAmount((MAX + 1n).toString())).toThrow("integer out of range; got: 257, max: 256");
  });
});

describe("a MsgPayFor on the chain and at the leader", () => {
  let chain: NilChain;
  beforeAll(async () => {
    chain = await startTestChain();
  });
  afterAll(() => chain.stop());

  const inProcess = (): ChainQuery => async (path, data) => chain.abciQuery(path, data);

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise;
    } catch (error) {
      const connect = ConnectError.from(error);
      expect(connect.code).toBe(Code.InvalidArgument);
      return connect.rawMessage;
    }
    throw new Error("expected the leader to refuse the payment");
  }

  it.each(AMOUNTS)("with the amount %j: the leader counts what the chain took", async (text, reads) => {
    const { key, address } = devnetKey(chain, 3);
    const account = chain.account(address);
    const tx = signTx({
      key,
      messages: [payForAny(address, text)],
      accountNumber: account?.accountNumber ?? 0n,
      sequence: account?.sequence ?? 0n,
    });
    const before = chain.balance(address);
    const { result } = await broadcast(chain.urls.rpc, tx);
    if (reads === "unreadable") {
      expect(result.code).toBe(2); // the decoder's tx parse error: never in a block, nothing taken
      expect(result.log).toMatch(/^(math\/big: cannot unmarshal|integer out of range).*: tx parse error$/);
      // Had a chain let it through, the leader would still not count it.
      expect(await refusal(lookUpChainPayment(succeeded(tx), result.hash))).toMatch(/^invalid payment/);
      return;
    }
    const included = await chain.waitForTx(result.hash);
    const taken = before - chain.balance(address);
    if (included.code === 0) {
      expect(taken).toBe(reads);
      expect((await lookUpChainPayment(inProcess(), result.hash)).unil).toBe(taken);
    } else {
      // Not positive, or more than the account holds: the payment fails in its block and takes nothing.
      expect(reads <= 0n || reads > before).toBe(true);
      expect(taken).toBe(0n);
      expect(await refusal(lookUpChainPayment(inProcess(), result.hash))).toMatch(
        /^payment transaction failed on chain/,
      );
      // The leader's own reading agrees: it would count only a positive amount.
      const read = lookUpChainPayment(succeeded(tx), result.hash);
      if (reads > 0n) expect((await read).unil).toBe(reads);
      else expect(await refusal(read)).toMatch(/^invalid payment/);
    }
  });
});

/** A chain that reports `tx` as committed and successful, whatever it holds. */
function succeeded(tx: Uint8Array): ChainQuery {
  const writer = BinaryWriter.create();
  writer.uint32(10).bytes(tx); // GetTxResponse.tx: TxRaw bytes are a valid Tx encoding
  TxResponse.encode(TxResponse.fromPartial({ height: 1n, code: 0 }), writer.uint32(18).fork()).ldelim();
  const value = writer.finish();
  return async () => ({ code: 0, codespace: "", log: "", value, height: 1 });
}
