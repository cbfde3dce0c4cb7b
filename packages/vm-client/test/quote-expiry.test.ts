// A quote must outlive its chain payment: the leader checks the expiry only when asked for the receipt,
// after the payment. `invoke()` quotes for itself and may quote again; a quote in the user's hands is refused.
import { fromBinary } from "@bufbuild/protobuf";
import { PriceQuoteSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { PaymentReceiptRequest } from "@nillion/proto/nillion/payments/v1/receipt";
import { LIFETIMES } from "@nillion/test-kit/devnet-prices";
import { PaymentError, SecretInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { connect } from "./connect.js";
import type { FakeCluster } from "./fake-cluster.js";

/** The nonce (hex) of the quote each PaymentReceipt call sent, with its tx hash ("" from the balance). */
function receiptRequests(cluster: FakeCluster): { txHash: string; nonce: string }[] {
  return cluster.requestsOf<PaymentReceiptRequest>("PaymentReceipt").map((request) => ({
    txHash: request.txHash,
    nonce: Buffer.from(
      fromBinary(PriceQuoteSchema, request.signedQuote?.quote ?? new Uint8Array()).nonce,
    ).toString("hex"),
  }));
}

/**
 * Makes the leader's first quote live 20 s, less than a chain payment may take with the fake payer (40.2 s,
 * NilChainPayer's default), yet long enough not to expire while the test runs; later quotes live a day.
 */
function firstQuoteExpiresSoon(cluster: FakeCluster): void {
  cluster.payments.quoteLifetimeMs = (index) => (index === 0 ? 20_000 : LIFETIMES.quoteMs);
}

describe("a quote about to expire", () => {
  it.each(["balance", "per-operation"] as const)(
    "%s mode: invoke() pays a fresh quote instead of its own, which is never paid; one payment in all",
    async (paymentMode) => {
      const { cluster, client } = await connect({ client: { paymentMode } });
      firstQuoteExpiresSoon(cluster);
      const id = await client.storeValues({ a: new SecretInteger(7n) }, { ttlDays: 1 }).invoke();
      expect(cluster.callsOf("PriceQuote")).toHaveLength(2);
      expect(cluster.payer.payments).toHaveLength(1);
      const [payment] = cluster.payer.payments;
      const paidNonce = Buffer.from(payment?.resource ?? []).toString("hex");
      const requests = receiptRequests(cluster);
      // The balance was tried with the first quote (it had no credits); the chain paid only the second.
      expect(requests).toEqual([
        ...(paymentMode === "balance" ? [{ txHash: "", nonce: expect.not.stringMatching(paidNonce) }] : []),
        { txHash: payment?.txHash, nonce: paidNonce },
      ]);
      expect(await client.retrieveValues(id).invoke()).toEqual({ a: new SecretInteger(7n) });
    },
  );

  it("quote() then pay() or invoke() refuses it before paying anything: the user must quote again", async () => {
    const { cluster, client } = await connect({ client: { paymentMode: "per-operation" } });
    firstQuoteExpiresSoon(cluster);
    const quoted = await client.poolStatus().quote();
    for (const attempt of [() => quoted.pay(), () => quoted.invoke()]) {
      const error = await attempt().then(
        () => expect.fail("the quote was paid"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PaymentError);
      expect((error as Error).message).toMatch(/expires at .*; nothing was paid: request a new quote$/);
    }
    expect(cluster.callsOf("PriceQuote")).toHaveLength(1);
    expect(cluster.payer.received).toEqual([]);
    expect(cluster.callsOf("PaymentReceipt")).toEqual([]);
    expect(cluster.callsOf("PoolStatus")).toEqual([]);
  });
});
