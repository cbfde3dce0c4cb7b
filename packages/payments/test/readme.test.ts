// The README's client example, run as written against the in-process leader and payer.
import { balanceSupported, createPaymentsClient } from "@nillion/payments";
import { FakeLeader } from "@nillion/test-kit/fake-leader";
import { FakePayer } from "@nillion/test-kit/fake-payer";
import { UserId } from "@nillion/types";
import { expect, it } from "vitest";

it("README: quotes, pay, addFunds, balance, config", async () => {
  const payer = new FakePayer();
  const userId = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
  const leader = new FakeLeader({ chain: payer, caller: userId.toHex() });
  const nodeVersion = { version: { major: 0n, minor: 10n } };
  const payments = createPaymentsClient({
    transport: leader.transport(),
    payer,
    userId,
    leader: "http://127.0.0.1:37939",
    mode: balanceSupported(nodeVersion) ? "balance" : "per-operation",
  });

  const quote = await payments.requestQuote({ operation: { case: "poolStatus", value: {} } });
  expect(quote.tokens).toBe(1_000_000n);
  expect(quote.credits).toBe(100n);
  expect(quote.quote.nonce).toHaveLength(32);

  const receipt = await payments.pay(quote);
  expect(receipt.receipt.length).toBeGreaterThan(0);

  await payments.addFunds(20_000n);
  expect((await payments.accountBalance()).balance).toBe(2n);
  expect(await payments.paymentsConfig()).toEqual({ minimumAddFundsPayment: 10_000n, creditsPerNil: 100n });
});
