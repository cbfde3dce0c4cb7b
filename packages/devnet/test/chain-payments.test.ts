// The leader's payment lookup against the chain emulator, over CometBFT JSON-RPC as a node in its own
// process reaches the chain, and in-process.
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NilChain } from "../src/index.js";
import {
  assertPaysQuote,
  type ChainQuery,
  cometRpcQuery,
  lookUpChainPayment,
} from "../src/node/payments/chain-payments.js";
import { broadcastPayment, randomResource, startTestChain } from "./helpers.js";

let chain: NilChain;
let sequence = 0n;

beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(() => chain.stop());

const pay = (amount: bigint, resource?: Uint8Array) =>
  broadcastPayment(chain, { keyIndex: 0, sequence: sequence++, amount, ...(resource ? { resource } : {}) });

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<ConnectError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof ConnectError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

const queries: [string, () => ChainQuery][] = [
  ["over JSON-RPC", () => cometRpcQuery(chain.urls.rpc)],
  ["in process", () => async (path, data) => chain.abciQuery(path, data)],
];

describe.each(queries)("lookUpChainPayment %s", (_, query) => {
  it("finds a committed MsgPayFor by hash, upper or lower case, with its resource and amount", async () => {
    const nonce = randomResource();
    const hash = await pay(1_000_000n, nonce);
    for (const form of [hash, hash.toLowerCase()]) {
      const payment = await lookUpChainPayment(query(), form);
      expect(payment.resource).toEqual(nonce);
      expect(payment.unil).toBe(1_000_000n);
      expect(() => assertPaysQuote(payment, nonce, 1_000_000n)).not.toThrow();
    }
  });

  it("checks the quote's nonce (with the node's text) and price", async () => {
    const nonce = randomResource();
    const payment = await lookUpChainPayment(query(), await pay(999_999n, nonce));
    const short = await failure(() => assertPaysQuote(payment, nonce, 1_000_000n));
    expect([short.code, short.rawMessage]).toEqual([Code.InvalidArgument, "insufficient payment"]);
    const other = await failure(() => assertPaysQuote(payment, randomResource(), 1n));
    expect(other.rawMessage).toBe("nonce in payment doens't match nonce in quote");
  });

  it("reports unknown and malformed hashes as not found", async () => {
    for (const hash of ["AB".repeat(32), "not a hash", "ABCD"]) {
      const error = await failure(lookUpChainPayment(query(), hash));
      expect([error.code, error.rawMessage]).toEqual([Code.Unavailable, "transaction not found"]);
    }
  });

  it("never counts a transaction that failed on chain (stricter than the reference)", async () => {
    const tooMuch = 10n ** 30n; // more unil than the account holds: the MsgPayFor fails in its block
    const hash = await pay(tooMuch);
    const error = await failure(lookUpChainPayment(query(), hash));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^payment transaction failed on chain \(code [1-9]/);
  });
});
