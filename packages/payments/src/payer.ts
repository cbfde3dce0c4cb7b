/**
 * Options of {@link Payer.submitPayment}.
 *
 * @example
 * ```ts
 * import type { SubmitPaymentOptions } from "@nillion/payments";
 *
 * const options: SubmitPaymentOptions = { gasLimit: 200_000n, signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface SubmitPaymentOptions {
  /** Gas limit of this transaction, instead of the payer's default. */
  readonly gasLimit?: bigint;
  /**
   * Stops waiting. An abort after the transaction was broadcast does not undo it: the payment may still
   * be included.
   */
  readonly signal?: AbortSignal;
}

/**
 * Pays for operations on nilchain. `NilChainPayer` is the SDK's implementation; tests and custom wallets
 * can provide their own.
 *
 * @example
 * ```ts
 * import type { Payer } from "@nillion/payments";
 *
 * const payer: Payer = await NilChainPayer.connect(network, privateKeyHex);
 * const txHash = await payer.submitPayment(quote.tokens, quote.quote.nonce);
 * ```
 */
export interface Payer {
  /** bech32 address of the paying wallet, e.g. `"nillion1…"`. */
  readonly walletAddress: string;
  /**
   * The longest {@link Payer.submitPayment} waits for a broadcast transaction to be included, in
   * milliseconds (`NilChainPayer`: `queryTimeoutSeconds` plus one poll interval). The payments client keeps
   * that much of a quote's life in reserve before paying it on chain (see `chainPaymentMarginMs`); a payer
   * that leaves it out is taken to wait as long as `NilChainPayer` does by default, 30.2 s.
   */
  readonly inclusionTimeoutMs?: number;
  /**
   * Pays `amount` unil for `resource` with a `MsgPayFor`. Resolves with the transaction hash (uppercase
   * hex) once the transaction is included with result code 0; rejects with a `PaymentError` naming the
   * code and log otherwise.
   *
   * @param amount unil to pay (> 0)
   * @param resource what is paid for: a quote's nonce, or SHA-256 of an `AddFundsPayload`
   */
  submitPayment(amount: bigint, resource: Uint8Array, options?: SubmitPaymentOptions): Promise<string>;
}
