// The leader's payments under attack: quotes paid twice, one transaction presented for two receipts or two
// add-funds (one by one, many at once, in any letter case), failed transactions, underpayment, a payment
// for another resource, tampered quotes and expired ones. Each is refused with the code the reference
// (wire-protocol.md §4, §7) or the devnet's documented stricter rule gives, and the books — the payer's
// wallet, the burnt supply, the meta module account and the credit balances — move by exactly what was
// paid and granted.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { PrivateKey } from "@nillion/crypto";
import {
  PriceQuoteSchema,
  QuoteFeesSchema,
  SignedQuoteSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import { describe, expect, it } from "vitest";
import { addFundsPayload, payloadHash } from "../support/add-funds-payload.js";
import { UNIL_PER_CREDIT } from "../support/devnet-prices.js";
import { seededRandom } from "../support/seeded-random.js";
import type { AbuseDevnet } from "./abuse-devnet.js";
import { ABUSE_KNOBS, label } from "./abuse-knobs.js";
import type { Actor } from "./actor.js";
import { actorWithCredits } from "./funding.js";
import {
  type Quoted,
  quoteRequests,
  receiptFromBalance,
  receiptOnChain,
  requestQuote,
} from "./leader-payments.js";
import { expectBooks } from "./ledger.js";
import { anyLetterCase } from "./letter-case.js";
import { outcomeOf, refusalOf } from "./outcome.js";
import { useAbuseDevnet } from "./use-abuse-devnet.js";
import { failedPayment, type Wallet } from "./wallet.js";

const HOUR_MS = 3_600_000;
const OK = { code: "OK" };
const NONCE_USED = { code: "FAILED_PRECONDITION", message: "nonce already used" };
const NONCE_MISMATCH = { code: "INVALID_ARGUMENT", message: "nonce in payment doens't match nonce in quote" };
const ALREADY_PROCESSED = {
  code: "INVALID_ARGUMENT",
  message: "payment transaction has already been processed",
};
const FAILED_ON_CHAIN = {
  code: "INVALID_ARGUMENT",
  message: expect.stringMatching(/^payment transaction failed on chain \(code [1-9]\d*/),
};

describe("abuse: payments at the leader", () => {
  const random = seededRandom(ABUSE_KNOBS.seed);
  let net: AbuseDevnet;
  let wallet: Wallet;
  let alice: Actor;
  useAbuseDevnet(async (started, funded) => {
    [net, wallet] = [started, funded];
    alice = await actorWithCredits(net, wallet, 1_000n);
  });

  const books = () => net.ledger.read([wallet.address], [alice.userHex]);
  const quote = () => requestQuote(net.leader, quoteRequests.poolStatus());
  const onChain = (quoted: Quoted, txHash: string) => outcomeOf(receiptOnChain(net.leader, quoted, txHash));
  const fromBalance = (quoted: Quoted) =>
    outcomeOf(receiptFromBalance(net.leader, quoted, alice.auth(net.leader)));
  const addFunds = (payload: Uint8Array, txHash: string) =>
    outcomeOf(net.leader.payments.addFunds({ payload, txHash }));

  it("a quote paid twice on chain gets one receipt; the second payment is refused and stays spent", async () => {
    const quoted = await quote();
    const before = await books();
    const first = await wallet.pay(quoted.unil, quoted.quote.nonce);
    const second = await wallet.pay(quoted.unil, quoted.quote.nonce);
    expect(refusalOf(await onChain(quoted, first)), label("the first payment")).toEqual(OK);
    expect(refusalOf(await onChain(quoted, second)), label("the second payment", { second })).toEqual(
      NONCE_USED,
    );
    expect(refusalOf(await fromBalance(quoted)), label("the paid quote from the balance")).toEqual(
      NONCE_USED,
    );
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: 2n * quoted.unil } },
      label("a quote paid twice"),
    );
  });

  it(`one payment, one receipt: its hash presented ${ABUSE_KNOBS.concurrency} times at once in any letter case, then again, gets one`, async () => {
    const quoted = await quote();
    const before = await books();
    const txHash = await wallet.pay(quoted.unil, quoted.quote.nonce);
    const spellings = Array.from({ length: ABUSE_KNOBS.concurrency }, () => anyLetterCase(txHash, random));
    // The balance path races for the same quote too: copy 0 pays from alice's balance.
    const all = await Promise.all([fromBalance(quoted), ...spellings.map((hash) => onChain(quoted, hash))]);
    expect(
      all.filter((outcome) => outcome.ok),
      label("one receipt for one payment", { spellings }),
    ).toHaveLength(1);
    for (const [i, outcome] of all.entries()) {
      if (!outcome.ok) {
        expect(refusalOf(outcome), label("a losing copy", { copy: i, hash: spellings[i - 1] })).toEqual(
          NONCE_USED,
        );
      }
    }
    expect(
      refusalOf(await onChain(quoted, txHash.toLowerCase())),
      label("the hash again, lower case"),
    ).toEqual(NONCE_USED);
    // Whichever path won, the chain took one payment; the balance paid only if its copy won.
    const charged = all[0]?.ok ? -quoted.credits : 0n;
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: quoted.unil }, credits: { [alice.userHex]: charged } },
      label("one payment, many presentations"),
    );
  });

  it("a payment counts only for the resource it names: another quote's nonce, or random bytes, pays nothing", async () => {
    const [mine, other] = [await quote(), await quote()];
    const before = await books();
    const forOther = await wallet.pay(mine.unil, other.quote.nonce);
    const forNothing = await wallet.pay(mine.unil, crypto.getRandomValues(new Uint8Array(32)));
    expect(refusalOf(await onChain(mine, forOther)), label("paid for another quote")).toEqual(NONCE_MISMATCH);
    expect(refusalOf(await onChain(mine, forNothing)), label("paid for random bytes")).toEqual(
      NONCE_MISMATCH,
    );
    // The payment for `other` still pays for `other`, and `mine` is still payable.
    expect(refusalOf(await onChain(other, forOther)), label("the other quote with its own payment")).toEqual(
      OK,
    );
    expect(refusalOf(await fromBalance(mine)), label("the quote the wrong payments named")).toEqual(OK);
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: 2n * mine.unil }, credits: { [alice.userHex]: -mine.credits } },
      label("payments for other resources"),
    );
  });

  it("underpaying by one unil pays nothing: the quote is refused until paid in full", async () => {
    const quoted = await quote();
    const before = await books();
    const short = await wallet.pay(quoted.unil - 1n, quoted.quote.nonce);
    expect(
      refusalOf(await onChain(quoted, short)),
      label("paid one unil short", { unil: quoted.unil - 1n }),
    ).toEqual({
      code: "INVALID_ARGUMENT",
      message: "insufficient payment",
    });
    const full = await wallet.pay(quoted.unil, quoted.quote.nonce);
    expect(refusalOf(await onChain(quoted, full)), label("then paid in full")).toEqual(OK);
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: 2n * quoted.unil - 1n } },
      label("an underpayment"),
    );
  });

  it("a transaction that failed on chain pays neither a quote nor an add-funds, and moves nothing", async () => {
    const quoted = await quote();
    const payload = addFundsPayload(alice.userBytes);
    const forQuote = await failedPayment(net.devnet.chain, net.network, quoted.unil, quoted.quote.nonce);
    const forFunds = await failedPayment(
      net.devnet.chain,
      net.network,
      100n * UNIL_PER_CREDIT,
      payloadHash(payload),
    );
    const before = await books();
    expect(
      refusalOf(await onChain(quoted, forQuote.txHash)),
      label("a failed tx for a quote", forQuote),
    ).toEqual(FAILED_ON_CHAIN);
    expect(
      refusalOf(await addFunds(payload, forFunds.txHash)),
      label("a failed tx for add-funds", forFunds),
    ).toEqual(FAILED_ON_CHAIN);
    expect(net.devnet.chain.balance(forQuote.address), label("the failing wallet kept its funds")).toBe(
      quoted.unil - 1n,
    );
    expect(refusalOf(await fromBalance(quoted)), label("the quote a failed tx named")).toEqual(OK);
    expectBooks(
      before,
      await books(),
      { credits: { [alice.userHex]: -quoted.credits } },
      label("failed transactions"),
    );
  });

  it("a tampered or self-signed quote is refused however it is paid, and nothing is charged", async () => {
    const genuine = await quote();
    // The genuine quote with its price cut to 1 unil and 1 credit, nonce and request untouched.
    const cheap = fromBinary(PriceQuoteSchema, genuine.signed.quote);
    cheap.fees = create(QuoteFeesSchema, { tokens: 1n, credits: 1n });
    const cheapBytes = toBinary(PriceQuoteSchema, cheap);
    const mallory = PrivateKey.generate();
    const forgeries = {
      "fees lowered, leader's signature kept": create(SignedQuoteSchema, {
        quote: cheapBytes,
        signature: genuine.signed.signature,
      }),
      "fees lowered, signed by another key": create(SignedQuoteSchema, {
        quote: cheapBytes,
        signature: mallory.sign(cheapBytes),
      }),
    };
    const before = await books();
    const oneUnil = await wallet.pay(1n, genuine.quote.nonce);
    for (const [kind, signed] of Object.entries(forgeries)) {
      const forged: Quoted = { ...genuine, signed, quote: cheap, unil: 1n, credits: 1n };
      const refused = { code: "INVALID_ARGUMENT", message: "invalid signature" };
      expect(
        refusalOf(await onChain(forged, oneUnil)),
        label("forged quote paid 1 unil on chain", { kind }),
      ).toEqual(refused);
      expect(refusalOf(await fromBalance(forged)), label("forged quote paid 1 credit", { kind })).toEqual(
        refused,
      );
    }
    expectBooks(before, await books(), { paid: { [wallet.address]: 1n } }, label("forged quotes"));
  });

  it(`an add-funds payment credits once: replayed in any letter case, ${ABUSE_KNOBS.concurrency} times at once, or with another payload`, async () => {
    const credits = 3n;
    const payload = addFundsPayload(alice.userBytes);
    const before = await books();
    const txHash = await wallet.pay(credits * UNIL_PER_CREDIT, payloadHash(payload));
    const spellings = Array.from({ length: ABUSE_KNOBS.concurrency }, () => anyLetterCase(txHash, random));
    const outcomes = await Promise.all(spellings.map((hash) => addFunds(payload, hash)));
    const input = { txHash, spellings };
    expect(
      outcomes.filter((outcome) => outcome.ok),
      label("one add-funds per tx", input),
    ).toHaveLength(1);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok)
        expect(refusalOf(outcome), label("a losing copy", { copy: i, hash: spellings[i] })).toEqual(
          ALREADY_PROCESSED,
        );
    }
    for (const hash of [txHash.toUpperCase(), txHash.toLowerCase(), anyLetterCase(txHash, random)]) {
      expect(refusalOf(await addFunds(payload, hash)), label("the tx again", { hash })).toEqual(
        ALREADY_PROCESSED,
      );
    }
    expect(
      refusalOf(await addFunds(addFundsPayload(alice.userBytes), txHash)),
      label("the tx with another payload"),
    ).toEqual({
      code: "INVALID_ARGUMENT",
      message: "hash in payment does not match hash of payload",
    });
    for (const hash of [`0x${txHash}`, ` ${txHash}`, txHash.slice(2)]) {
      expect(refusalOf(await addFunds(payload, hash)), label("the tx hash misspelt", { hash })).toEqual({
        code: "UNAVAILABLE",
        message: "transaction not found",
      });
    }
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: credits * UNIL_PER_CREDIT }, credits: { [alice.userHex]: credits } },
      label("an add-funds replayed"),
    );
  });

  it("a quote's payment is no add-funds payment, and an add-funds payment pays no quote", async () => {
    const quoted = await quote();
    const payload = addFundsPayload(alice.userBytes);
    const before = await books();
    const forQuote = await wallet.pay(quoted.unil, quoted.quote.nonce);
    const forFunds = await wallet.pay(quoted.unil, payloadHash(payload));
    expect(refusalOf(await addFunds(payload, forQuote)), label("a quote's payment as add-funds")).toEqual({
      code: "INVALID_ARGUMENT",
      message: "hash in payment does not match hash of payload",
    });
    expect(refusalOf(await onChain(quoted, forFunds)), label("an add-funds payment for a quote")).toEqual(
      NONCE_MISMATCH,
    );
    expect(refusalOf(await onChain(quoted, forQuote)), label("the quote with its own payment")).toEqual(OK);
    expect(refusalOf(await addFunds(payload, forFunds)), label("the add-funds with its own payment")).toEqual(
      OK,
    );
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: 2n * quoted.unil }, credits: { [alice.userHex]: quoted.credits } },
      label("cross-used payments"),
    );
  });

  it("add-funds below 90 % of the 10,000 unil minimum is refused, and credits nothing", async () => {
    const payload = addFundsPayload(alice.userBytes);
    const before = await books();
    const txHash = await wallet.pay(8_999n, payloadHash(payload));
    expect(refusalOf(await addFunds(payload, txHash)), label("add-funds of 8,999 unil")).toEqual({
      code: "INVALID_ARGUMENT",
      message: "payment is too small",
    });
    expectBooks(
      before,
      await books(),
      { paid: { [wallet.address]: 8_999n } },
      label("a refused small add-funds"),
    );
  });

  // Known defect 5: the devnet rounds credits down, so 9,000–9,999 unil make 0 credits and fail INTERNAL.
  it("add-funds credits round up, as the reference's ceil: 9,000 and 9,999 unil buy 1 credit, 10,001 buy 2", async () => {
    for (const [unil, credits] of [
      [9_000n, 1n],
      [9_999n, 1n],
      [10_001n, 2n],
    ] as const) {
      const payload = addFundsPayload(alice.userBytes);
      const txHash = await wallet.pay(unil, payloadHash(payload));
      const before = await books();
      expect(refusalOf(await addFunds(payload, txHash)), label("add-funds", { unil })).toEqual(OK);
      expectBooks(
        before,
        await books(),
        { credits: { [alice.userHex]: credits } },
        label("credits bought", { unil, credits }),
      );
    }
  });

  it("a quote that has expired is refused, paid on chain or from the balance; the chain payment stays spent", async () => {
    const [byChain, byBalance] = [await quote(), await quote()];
    net.clock.advance(24 * HOUR_MS + 60_000);
    const before = await books();
    const txHash = await wallet.pay(byChain.unil, byChain.quote.nonce);
    const expired = { code: "FAILED_PRECONDITION", message: "quote expired" };
    expect(refusalOf(await onChain(byChain, txHash)), label("an expired quote paid on chain")).toEqual(
      expired,
    );
    expect(refusalOf(await fromBalance(byBalance)), label("an expired quote from the balance")).toEqual(
      expired,
    );
    expectBooks(before, await books(), { paid: { [wallet.address]: byChain.unil } }, label("expired quotes"));
  });
});
