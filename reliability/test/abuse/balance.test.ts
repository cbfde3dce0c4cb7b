// Prepaid balances under attack: spending more credits than held, many spends at once that together
// exceed the balance, one quote paid from a balance many times at once, credits bought for someone else,
// an add-funds request replayed by an eavesdropper, and refused payments that must not consume the
// leader's preprocessing material. The leader answers FAILED_PRECONDITION "not enough funds" with the
// PreconditionFailure{PAYMENT, BALANCE} detail clients fall back on (wire-protocol.md §4.5), and no
// balance ever goes below zero or moves by more than what was granted.
import { PreconditionFailureSchema } from "@nillion/proto/google/rpc/error_details";
import { PreprocessingElement } from "@nillion/proto/nillion/preprocessing/v1/element";
import { Network } from "@nillion/vm-client";
import { describe, expect, it } from "vitest";
import { addFundsPayload, payloadHash } from "../support/add-funds-payload.js";
import { UNIL_PER_CREDIT } from "../support/devnet-prices.js";
import { nadaProgram } from "../support/nada-program.js";
import { seededRandom } from "../support/seeded-random.js";
import { openUser } from "../support/test-users.js";
import type { AbuseDevnet } from "./abuse-devnet.js";
import { ABUSE_KNOBS, label } from "./abuse-knobs.js";
import { Actor } from "./actor.js";
import { actorWithCredits, buyCredits } from "./funding.js";
import {
  type Quoted,
  quoteRequests,
  receiptFromBalance,
  receiptOnChain,
  requestQuote,
} from "./leader-payments.js";
import { expectBooks } from "./ledger.js";
import { outcomeOf, refusalOf } from "./outcome.js";
import { useAbuseDevnet } from "./use-abuse-devnet.js";
import type { Wallet } from "./wallet.js";

const OK = { code: "OK" };
const NOT_ENOUGH = { code: "FAILED_PRECONDITION", message: "not enough funds" };
const NONCE_USED = { code: "FAILED_PRECONDITION", message: "nonce already used" };
// Enough to show refused payments keep elements, and few enough that even leaking (2 × 8 × 3 MODULO, plus
// the one paid) they stay below the pool's 64-element threshold, so no attempt is refused for want of them.
const REFUSED_ATTEMPTS = 8;

describe("abuse: prepaid balances", () => {
  const random = seededRandom(ABUSE_KNOBS.seed);
  let net: AbuseDevnet;
  let wallet: Wallet;
  useAbuseDevnet(async (started, funded) => {
    [net, wallet] = [started, funded];
  });

  const quote = () => requestQuote(net.leader, quoteRequests.poolStatus());
  const fromBalance = (actor: Actor, quoted: Quoted) =>
    outcomeOf(receiptFromBalance(net.leader, quoted, actor.auth(net.leader)));

  it("spending more than the balance is refused with the PAYMENT/BALANCE detail, and the quote stays payable on chain", async () => {
    const bob = await actorWithCredits(net, wallet, 150n);
    const before = await net.ledger.read([wallet.address], [bob.userHex]);
    const [first, second] = [await quote(), await quote()];
    expect(refusalOf(await fromBalance(bob, first)), label("100 of 150 credits")).toEqual(OK);
    const refused = await fromBalance(bob, second);
    expect(refusalOf(refused), label("100 of the 50 credits left")).toEqual(NOT_ENOUGH);
    const detail = refused.ok ? [] : refused.error.findDetails(PreconditionFailureSchema);
    expect(
      detail.flatMap((failure) => failure.violations.map(({ type, subject }) => ({ type, subject }))),
      label("the detail clients fall back on"),
    ).toEqual([{ type: "PAYMENT", subject: "BALANCE" }]);
    const txHash = await wallet.pay(second.unil, second.quote.nonce);
    expect(
      refusalOf(await outcomeOf(receiptOnChain(net.leader, second, txHash))),
      label("the refused quote, paid on chain"),
    ).toEqual(OK);
    expectBooks(
      before,
      await net.ledger.read([wallet.address], [bob.userHex]),
      { paid: { [wallet.address]: second.unil }, credits: { [bob.userHex]: -100n } },
      label("an overspend"),
    );
  });

  it(`${ABUSE_KNOBS.concurrency} spends at once that together exceed the balance: as many succeed as it covers, and it never goes below zero`, async () => {
    const affordable = 1 + random.int(ABUSE_KNOBS.concurrency - 1);
    const credits = BigInt(affordable) * 100n + BigInt(random.int(100));
    const carol = await actorWithCredits(net, wallet, credits);
    const quotes = await Promise.all(Array.from({ length: ABUSE_KNOBS.concurrency }, quote));
    const before = await net.ledger.read([], [carol.userHex]);
    const outcomes = await Promise.all(quotes.map((quoted) => fromBalance(carol, quoted)));
    const input = { credits, affordable, spends: quotes.length };
    expect(
      outcomes.filter((outcome) => outcome.ok),
      label("spends that succeeded", input),
    ).toHaveLength(affordable);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok)
        expect(refusalOf(outcome), label("a refused spend", { ...input, spend: i })).toEqual(NOT_ENOUGH);
    }
    expectBooks(
      before,
      await net.ledger.read([], [carol.userHex]),
      { credits: { [carol.userHex]: -BigInt(affordable) * 100n } },
      label("concurrent spends", input),
    );
  });

  it(`one quote paid ${ABUSE_KNOBS.concurrency} times at once from a balance is charged once`, async () => {
    const dave = await actorWithCredits(net, wallet, BigInt(ABUSE_KNOBS.concurrency) * 100n);
    const quoted = await quote();
    const before = await net.ledger.read([], [dave.userHex]);
    const outcomes = await Promise.all(
      Array.from({ length: ABUSE_KNOBS.concurrency }, () => fromBalance(dave, quoted)),
    );
    expect(
      outcomes.filter((outcome) => outcome.ok),
      label("receipts for one quote"),
    ).toHaveLength(1);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok) expect(refusalOf(outcome), label("a losing copy", { copy: i })).toEqual(NONCE_USED);
    }
    expectBooks(
      before,
      await net.ledger.read([], [dave.userHex]),
      { credits: { [dave.userHex]: -quoted.credits } },
      label("one quote, many balance payments"),
    );
  });

  it("credits bought for another user are theirs alone", async () => {
    const [alice, bob] = [Actor.generate(net.clock), Actor.generate(net.clock)];
    const before = await net.ledger.read([wallet.address], [alice.userHex, bob.userHex]);
    await buyCredits(net.leader, wallet, bob, 100n);
    expect(
      refusalOf(await fromBalance(alice, await quote())),
      label("alice spends what she bought for bob"),
    ).toEqual(NOT_ENOUGH);
    expect(refusalOf(await fromBalance(bob, await quote())), label("bob spends it")).toEqual(OK);
    expectBooks(
      before,
      await net.ledger.read([wallet.address], [alice.userHex, bob.userHex]),
      { paid: { [wallet.address]: 100n * UNIL_PER_CREDIT } },
      label("credits for another user"),
    );
  });

  it(`an add-funds request replayed ${ABUSE_KNOBS.concurrency} times by an eavesdropper credits only its recipient, once`, async () => {
    const [alice, mallory] = [Actor.generate(net.clock), Actor.generate(net.clock)];
    const payload = addFundsPayload(alice.userBytes);
    const txHash = await wallet.pay(5n * 100n * UNIL_PER_CREDIT, payloadHash(payload));
    const before = await net.ledger.read([], [alice.userHex, mallory.userHex]);
    // Mallory's copies carry her token; alice's carries none, as add-funds needs none.
    const outcomes = await Promise.all([
      outcomeOf(net.leader.payments.addFunds({ payload, txHash })),
      ...Array.from({ length: ABUSE_KNOBS.concurrency }, () =>
        outcomeOf(net.leader.payments.addFunds({ payload, txHash }, mallory.auth(net.leader))),
      ),
    ]);
    expect(
      outcomes.filter((outcome) => outcome.ok),
      label("add-funds accepted"),
    ).toHaveLength(1);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok) {
        expect(refusalOf(outcome), label("a losing copy", { copy: i })).toEqual({
          code: "INVALID_ARGUMENT",
          message: "payment transaction has already been processed",
        });
      }
    }
    // Rewriting the recipient breaks the payload's hash, which the payment names.
    const rewritten = addFundsPayload(mallory.userBytes);
    expect(
      refusalOf(
        await outcomeOf(
          net.leader.payments.addFunds({ payload: rewritten, txHash }, mallory.auth(net.leader)),
        ),
      ),
      label("the payload rewritten for mallory"),
    ).toEqual({
      code: "INVALID_ARGUMENT",
      message: "hash in payment does not match hash of payload",
    });
    expectBooks(
      before,
      await net.ledger.read([], [alice.userHex, mallory.userHex]),
      { credits: { [alice.userHex]: 500n } },
      label("a replayed add-funds"),
    );
  });

  // New defect: the leader reserves a compute quote's preprocessing elements before it takes the credits
  // or claims the quote, and keeps them when it then refuses; the reference does both in one transaction.
  it("refused compute payments (no credits, or a quote already paid) reserve no preprocessing elements", async () => {
    const owner = await openUser({
      network: Network.devnet(net.devnet.bootnodeUrl, net.devnet.chain.urls.proxy),
      wallet: net.devnet.chain.createFundedKey(100_000_000n),
      prepayUnil: 10n * 100n * UNIL_PER_CREDIT,
    });
    try {
      // One modulo by a public divisor three times over: the quote asks for MODULO elements only.
      const programId = await owner.client
        .storeProgram("abuse-modulo", nadaProgram("div_mod_public"))
        .invoke();
      const payer = await actorWithCredits(net, wallet, 1_000n);
      const mallory = Actor.generate(net.clock);
      const computeQuote = await requestQuote(net.leader, quoteRequests.invokeCompute(programId));
      const wanted = computeQuote.quote.preprocessingRequirements.map(({ element, count }) => ({
        element,
        count,
      }));
      expect(wanted, label("the program's preprocessing")).toEqual([
        { element: PreprocessingElement.MODULO, count: expect.any(BigInt) },
      ]);
      const committed = async () => {
        const signedReceipt = await receiptFromBalance(net.leader, await quote(), payer.auth(net.leader));
        const status = await net.leader.leaderQueries.poolStatus({ signedReceipt }, payer.auth(net.leader));
        return status.offsets.find((offset) => offset.element === PreprocessingElement.MODULO)?.start ?? 0n;
      };
      const start = await committed();
      for (let i = 0; i < REFUSED_ATTEMPTS; i++) {
        expect(
          refusalOf(await fromBalance(mallory, computeQuote)),
          label("mallory pays a compute quote with no credits", { attempt: i }),
        ).toEqual(NOT_ENOUGH);
      }
      expect(refusalOf(await fromBalance(payer, computeQuote)), label("the compute quote, paid")).toEqual(OK);
      for (let i = 0; i < REFUSED_ATTEMPTS; i++) {
        expect(
          refusalOf(await fromBalance(payer, computeQuote)),
          label("the paid compute quote again", { attempt: i }),
        ).toEqual(NONCE_USED);
      }
      const count = wanted[0]?.count ?? 0n;
      expect(
        await committed(),
        label("MODULO elements reserved: one computation's worth", {
          start,
          count,
          refused: 2 * REFUSED_ATTEMPTS,
        }),
      ).toBe(start + count);
    } finally {
      owner.close();
    }
  });
});
