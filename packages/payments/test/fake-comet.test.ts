// The stand-in chain must take what the real chain takes, or refuse: an amount it read otherwise would let
// a payer test pass with a payment the chain never makes.
import { DirectSecp256k1Wallet, Registry } from "@cosmjs/proto-signing";
import { BroadcastTxError, SigningStargateClient } from "@cosmjs/stargate";
import { hexToBytes } from "@nillion/types";
import { afterEach, describe, expect, it } from "vitest";
import { MSG_PAY_FOR_TYPE_URL, msgPayForType } from "../src/msg-pay-for.js";
import { CHAIN_ID, FakeComet, KEY_0 } from "./fake-comet.js";

const BALANCE = 10_000_000n;
let comet: FakeComet | undefined;
let client: SigningStargateClient | undefined;

afterEach(async () => {
  client?.disconnect();
  client = undefined;
  await comet?.close();
  comet = undefined;
});

/** Signs and broadcasts a MsgPayFor whose amount is `text`, as written; resolves with the failure, if any. */
async function payWithAmountText(text: string): Promise<unknown> {
  comet = await FakeComet.start({ balance: BALANCE });
  const wallet = await DirectSecp256k1Wallet.fromKey(hexToBytes(KEY_0.privateKey), "nillion");
  const registry = new Registry([[MSG_PAY_FOR_TYPE_URL, msgPayForType]]);
  client = await SigningStargateClient.connectWithSigner(comet.url, wallet, { registry });
  expect(await client.getChainId()).toBe(CHAIN_ID);
  const message = {
    typeUrl: MSG_PAY_FOR_TYPE_URL,
    value: {
      fromAddress: KEY_0.address,
      resource: new Uint8Array(32),
      amount: [{ denom: "unil", amount: text }],
    },
  };
  return client.signAndBroadcastSync(KEY_0.address, [message], { amount: [], gas: "200000" }, "").then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("FakeComet amounts", () => {
  it("takes a plain decimal amount", async () => {
    expect(await payWithAmountText("1000000")).toBeUndefined();
    expect(comet?.balanceOf(KEY_0.address)).toBe(BALANCE - 1_000_000n);
    expect(comet?.seen.map((tx) => tx.amount)).toEqual([1_000_000n]);
  });

  // The chain reads amounts as Go's math.Int: "01000000" is octal there and " 1000000" no number, where
  // BigInt reads both as 1,000,000. The stand-in does not imitate that reading; it refuses.
  it.each(["+1000000", "01000000", "0x10", " 1000000", "1_000", "1e6", "-5"])(
    "reads only plain decimal: refuses %j with the chain's tx parse error and takes nothing",
    async (text) => {
      const error = await payWithAmountText(text);
      expect(error).toBeInstanceOf(BroadcastTxError);
      expect(error).toMatchObject({
        code: 2,
        codespace: "sdk",
        log: `math/big: cannot unmarshal ${JSON.stringify(text)} into a *big.Int: tx parse error`,
      });
      expect(comet?.balanceOf(KEY_0.address)).toBe(BALANCE);
      expect(comet?.seen).toEqual([]);
    },
  );
});
