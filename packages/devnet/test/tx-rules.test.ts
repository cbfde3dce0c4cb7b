// The state machine without servers: decoding rules (ADR-027, unknown fields, Any resolution), the rarer ante
// and message outcomes, addresses, and the tx_search query language.
import { PrivateKey } from "@nillion/crypto";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { AuthInfo, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { describe, expect, it } from "vitest";
import { decodeAddress } from "../src/chain/address.js";
import { Chain, MempoolError } from "../src/chain/chain.js";
import { decodeTx } from "../src/chain/tx-decoder.js";
import { matches, parseQuery } from "../src/chain/tx-query.js";
import { adr027Violation, unknownFieldViolation } from "../src/chain/unknown-fields.js";
import { DEVNET_KEYS } from "../src/index.js";
import { payForAny, signTx } from "./helpers.js";

const alice = PrivateKey.fromHex(DEVNET_KEYS[0]?.privateKey ?? "");
const aliceAddress = DEVNET_KEYS[0]?.address ?? "";
const bobAddress = DEVNET_KEYS[1]?.address ?? "";

function freshChain(): Chain {
  const chain = new Chain({
    chainId: "nillion-chain-devnet",
    time: new Date(0),
    accounts: DEVNET_KEYS.slice(0, 2).map(({ address }) => ({ address, amount: 1_000n })),
  });
  chain.produceBlock(new Date(1_000));
  return chain;
}

const aliceNumber = 2n; // after the fee collector (0) and meta (1) module accounts

function check(chain: Chain, tx: Uint8Array) {
  const { code, codespace, log } = chain.checkTx(tx).result;
  return { code, codespace, log };
}

function deliver(chain: Chain, tx: Uint8Array) {
  expect(chain.checkTx(tx).result.code).toBe(0);
  const [included] = chain.produceBlock(new Date(Date.now())).txs;
  const { code, codespace, log } = included?.result ?? { code: -1, codespace: "", log: "" };
  return { code, codespace, log };
}

describe("decoding", () => {
  const valid = signTx({
    key: alice,
    messages: [payForAny(aliceAddress, 1n)],
    accountNumber: aliceNumber,
    sequence: 0n,
  });
  const raw = TxRaw.decode(valid);

  it("requires TxRaw to follow ADR-027", () => {
    const swapped = Uint8Array.from([
      ...TxRaw.encode({ ...raw, bodyBytes: new Uint8Array() }).finish(),
      0x0a,
      0x00,
    ]);
    expect(adr027Violation(swapped)).toBe("txRaw must follow ADR-027, got tagNum 1 after tagNum 3");
    const padded = Uint8Array.from([0x0a, 0x81, 0x00]);
    expect(adr027Violation(padded)).toBe(
      "length prefix varint for tagNum 1 is not as short as possible, read 2, only need 1",
    );
    expect(adr027Violation(valid)).toBeUndefined();
  });

  it("refuses unknown fields, except non-critical ones in the body", () => {
    const withField = (bytes: Uint8Array, extra: number[]) => Uint8Array.from([...bytes, ...extra]);
    expect(
      unknownFieldViolation(withField(raw.authInfoBytes, [0x48, 0x01]), "cosmos.tx.v1beta1.AuthInfo", false),
    ).toBe('errUnknownField "*tx.AuthInfo": {TagNum: 9, WireType:"varint"}');
    // Field 1025 (non-critical bit set), varint.
    const nonCritical = [0x88, 0x40, 0x01];
    expect(
      unknownFieldViolation(withField(raw.bodyBytes, nonCritical), "cosmos.tx.v1beta1.TxBody", true),
    ).toBeUndefined();
    expect(
      unknownFieldViolation(withField(raw.bodyBytes, [0x20, 0x01]), "cosmos.tx.v1beta1.TxBody", true),
    ).toBe('errUnknownField "*tx.TxBody": {TagNum: 4, WireType:"varint"}');
    expect(unknownFieldViolation(Uint8Array.from([0x10, 0x01]), "cosmos.tx.v1beta1.TxBody", true)).toBe(
      'Mismatched "*tx.TxBody": {TagNum: 2, GotWireType: "varint" != WantWireType: "bytes"}',
    );
  });

  it("refuses a resolvable type in the wrong place", () => {
    const body = TxBody.encode(
      TxBody.fromPartial({
        messages: [{ typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: new Uint8Array() }],
      }),
    ).finish();
    const tx = TxRaw.encode({ ...raw, bodyBytes: body }).finish();
    expect(() => decodeTx(tx)).toThrow(
      "no concrete type registered for type URL /cosmos.crypto.secp256k1.PubKey against interface *types.Msg: tx parse error",
    );
  });
});

describe("robustness", () => {
  it("never throws on mutated or random txs, in CheckTx, Simulate or a block", () => {
    const chain = freshChain();
    const valid = signTx({
      key: alice,
      messages: [payForAny(aliceAddress, 1n)],
      accountNumber: aliceNumber,
      sequence: 0n,
    });
    // A fixed-seed generator (mulberry32), so a failure reproduces.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const below = (n: number) => Math.floor(random() * n);
    const inputs: Uint8Array[] = [];
    for (let i = 0; i < 1500; i++) {
      const bytes = Uint8Array.from(valid);
      const kind = i % 3;
      if (kind === 0)
        for (let flips = 1 + below(4); flips > 0; flips--) bytes[below(bytes.length)] = below(256);
      if (kind === 1) inputs.push(bytes.subarray(0, below(bytes.length)));
      else if (kind === 2) inputs.push(Uint8Array.from({ length: below(300) }, () => below(256)));
      else inputs.push(bytes);
    }
    let outcomes = 0;
    for (const bytes of inputs) {
      expect(() => chain.simulate(bytes)).not.toThrow();
      try {
        chain.checkTx(bytes);
        outcomes++;
      } catch (error) {
        expect(error).toBeInstanceOf(MempoolError);
      }
    }
    expect(outcomes).toBeGreaterThan(1400);
    expect(() =>
      chain.executeBlock({ time: new Date(2_000), txs: inputs.slice(0, 300), mints: [] }),
    ).not.toThrow();
  });
});

describe("ante and messages", () => {
  it("refuses critical extension options", () => {
    const chain = freshChain();
    const tx = signTx({
      key: alice,
      messages: [payForAny(aliceAddress, 1n)],
      accountNumber: aliceNumber,
      sequence: 0n,
    });
    const raw = TxRaw.decode(tx);
    const body = TxBody.decode(raw.bodyBytes);
    const bodyBytes = TxBody.encode({ ...body, extensionOptions: [payForAny(aliceAddress, 1n)] }).finish();
    const signed = TxRaw.encode({ ...raw, bodyBytes }).finish();
    expect(check(chain, signed)).toEqual({ code: 31, codespace: "sdk", log: "unknown extension options" });
  });

  it("needs a signature from a fee payer named in AuthInfo", () => {
    const chain = freshChain();
    const tx = signTx({
      key: alice,
      messages: [payForAny(aliceAddress, 1n)],
      accountNumber: aliceNumber,
      sequence: 0n,
    });
    const raw = TxRaw.decode(tx);
    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    const withPayer = AuthInfo.encode(
      AuthInfo.fromPartial({ ...authInfo, fee: { ...authInfo.fee, payer: bobAddress } }),
    ).finish();
    expect(check(chain, TxRaw.encode({ ...raw, authInfoBytes: withPayer }).finish())).toEqual({
      code: 4,
      codespace: "sdk",
      log: "wrong number of signers; expected 2, got 1: unauthorized",
    });
  });

  it("refuses a fee granter, since no grant can exist", () => {
    const chain = freshChain();
    const tx = signTx({
      key: alice,
      messages: [payForAny(aliceAddress, 1n)],
      accountNumber: aliceNumber,
      sequence: 0n,
    });
    const raw = TxRaw.decode(tx);
    const authInfo = AuthInfo.decode(raw.authInfoBytes);
    const withGranter = AuthInfo.encode(
      AuthInfo.fromPartial({ ...authInfo, fee: { ...authInfo.fee, granter: bobAddress } }),
    ).finish();
    expect(check(chain, TxRaw.encode({ ...raw, authInfoBytes: withGranter }).finish())).toEqual({
      code: 5,
      codespace: "feegrant",
      log: `${bobAddress} does not allow to pay fees for ${aliceAddress}: fee-grant not found`,
    });
  });

  it("fails a zero payment in its block without an SDK code, as nilchain's handler wraps the bank error", () => {
    const chain = freshChain();
    const tx = signTx({
      key: alice,
      messages: [payForAny(aliceAddress, 0n)],
      accountNumber: aliceNumber,
      sequence: 0n,
    });
    expect(deliver(chain, tx)).toEqual({ code: 1, codespace: "undefined", log: "internal" });
  });

  it("keeps the SDK code of a failed MsgSend, whose errors are not wrapped", () => {
    const chain = freshChain();
    const send = {
      typeUrl: "/cosmos.bank.v1beta1.MsgSend",
      value: MsgSend.encode({
        fromAddress: aliceAddress,
        toAddress: bobAddress,
        amount: [{ denom: "unil", amount: "5000" }],
      }).finish(),
    };
    const tx = signTx({ key: alice, messages: [send], accountNumber: aliceNumber, sequence: 0n });
    expect(deliver(chain, tx)).toEqual({
      code: 5,
      codespace: "sdk",
      log: "failed to execute message; message index: 0: spendable balance 1000unil is smaller than 5000unil: insufficient funds",
    });
  });

  it("runs a tx's messages all or nothing", () => {
    const chain = freshChain();
    const tx = signTx({
      key: alice,
      messages: [payForAny(aliceAddress, 600n), payForAny(aliceAddress, 600n)],
      accountNumber: aliceNumber,
      sequence: 0n,
    });
    const outcome = deliver(chain, tx);
    expect(outcome.code).toBe(1);
    const ctx = chain.queryContext();
    expect(ctx.state.balances.get(`${aliceAddress}/unil`)).toBe(1_000n);
    expect(ctx.state.accounts.get(aliceAddress)?.sequence).toBe(1n);
  });
});

describe("addresses", () => {
  it("decodes as the SDK's bech32 codec, with its error texts", () => {
    expect(decodeAddress(aliceAddress.toUpperCase())).toEqual(decodeAddress(aliceAddress));
    const fail = (text: string) => {
      try {
        decodeAddress(text);
      } catch (error) {
        return (error as Error).message;
      }
      return "decoded";
    };
    expect(fail("")).toBe("empty address string is not allowed");
    expect(fail("nil1x")).toBe("decoding bech32 failed: invalid bech32 string length 5");
    expect(fail("Nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j")).toBe(
      "decoding bech32 failed: string not all lowercase or all uppercase",
    );
    expect(fail("nillionqqqqqqqq")).toBe("decoding bech32 failed: invalid separator index -1");
    expect(fail("nillion1bbbbbbbbbb")).toBe(
      "decoding bech32 failed: invalid character not part of charset: 98",
    );
    expect(fail("nillion1qqqqqqqqqqqqqqqqadu2ww")).toBe(
      "address length must be 20 or 32 bytes, got 10: unknown address",
    );
  });
});

describe("tx_search queries", () => {
  const tx = {
    hash: "ABCD",
    height: 7,
    attributes: new Map([
      ["message.sender", ["nillion1a"]],
      ["coin_spent.amount", ["1000unil"]],
    ]),
  };

  it("matches tags, heights, numbers and substrings", () => {
    expect(matches(parseQuery("tx.hash='abcd'"), tx)).toBe(true);
    expect(matches(parseQuery("tx.height>=7 AND tx.height<8"), tx)).toBe(true);
    expect(matches(parseQuery("message.sender='nillion1a'"), tx)).toBe(true);
    expect(matches(parseQuery("message.sender='nillion1b'"), tx)).toBe(false);
    expect(matches(parseQuery("coin_spent.amount CONTAINS 'unil'"), tx)).toBe(true);
    expect(matches(parseQuery("burn.amount EXISTS"), tx)).toBe(false);
    expect(matches(parseQuery("tx.height = 7 AND message.sender EXISTS"), tx)).toBe(true);
  });

  it("reports syntax errors as CometBFT does", () => {
    expect(() => parseQuery("")).toThrow("offset 0: EOF");
    expect(() => parseQuery("tx.height 5")).toThrow(
      "offset 10: got number, wanted <= operator, >= operator, < operator, > operator, = operator, CONTAINS operator or EXISTS operator",
    );
    expect(() => parseQuery("a.b='x' OR c.d='y'")).toThrow("offset 8: got tag, want AND operator");
    expect(() => parseQuery("a.b='x")).toThrow("offset 4: EOF");
    expect(() => parseQuery("a.b=$")).toThrow("offset 4: invalid input $ at offset 5");
    expect(() => parseQuery("a.b CONTAINS 5")).toThrow("offset 13: got number, wanted string");
  });
});
