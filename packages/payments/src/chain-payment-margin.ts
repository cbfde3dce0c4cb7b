import { InvalidArgumentError } from "@nillion/types";
import type { Payer } from "./payer.js";

/**
 * What a chain payment needs besides the payer's wait for inclusion: signing, a simulation and the
 * broadcast before it, and the receipt request to the leader after it, each a round trip or two.
 */
export const RECEIPT_ALLOWANCE_MS = 10_000;

/** `NilChainPayer`'s default wait for inclusion (30 s, and one 200 ms poll), for a payer that does not say. */
export const DEFAULT_INCLUSION_TIMEOUT_MS = 30_200;

/**
 * How much of a quote's life paying it on chain may use up, in milliseconds: the payer's wait for
 * inclusion ({@link Payer.inclusionTimeoutMs}) plus {@link RECEIPT_ALLOWANCE_MS}. The leader checks a
 * quote's expiry when it is asked for the receipt, after the payment, so a quote with less time left
 * could be refused once paid for. It does not cover a wait behind the same payer's earlier payments.
 *
 * @example
 * ```ts
 * import { chainPaymentMarginMs, NilChainPayer } from "@nillion/payments";
 *
 * const payer = await NilChainPayer.connect(network, privateKeyHex); // queryTimeoutSeconds: 30
 * chainPaymentMarginMs(payer); // 40_200
 * if (quote.expiresAt.getTime() - Date.now() <= chainPaymentMarginMs(payer)) quote = await payments.requestQuote(request);
 * ```
 * @throws {InvalidArgumentError} when the payer's `inclusionTimeoutMs` is not a number ≥ 0
 */
export function chainPaymentMarginMs(payer: Payer): number {
  const inclusionTimeoutMs = payer.inclusionTimeoutMs ?? DEFAULT_INCLUSION_TIMEOUT_MS;
  if (!Number.isFinite(inclusionTimeoutMs) || inclusionTimeoutMs < 0) {
    throw new InvalidArgumentError(
      `payer.inclusionTimeoutMs must be a finite number of milliseconds ≥ 0, got ${String(inclusionTimeoutMs)}`,
      { argument: "payer.inclusionTimeoutMs", details: { value: inclusionTimeoutMs } },
    );
  }
  return inclusionTimeoutMs + RECEIPT_ALLOWANCE_MS;
}
