/**
 * How operations are paid for (wire-protocol.md §4.5):
 *
 * - `"balance"`: from the caller's prepaid balance, falling back to a chain payment for the same quote
 *   when the leader answers "not enough funds" (needs a leader on nilvm ≥ 0.8; see {@link balanceSupported});
 * - `"per-operation"`: every operation is paid with its own `MsgPayFor` on nilchain.
 *
 * @example
 * ```ts
 * import type { PaymentMode } from "@nillion/payments";
 *
 * const mode: PaymentMode = "per-operation";
 * ```
 */
export type PaymentMode = "balance" | "per-operation";

/** The part of a `Membership.NodeVersion` answer that decides whether balances exist. */
export interface NodeVersionLike {
  readonly version?: { readonly major: bigint; readonly minor: bigint } | undefined;
}

/**
 * Whether a leader with this `NodeVersion` supports paying from a balance: every node from 0.8 on does,
 * and so does one that reports no version (as the official clients assume).
 *
 * @example
 * ```ts
 * import { balanceSupported, createPaymentsClient } from "@nillion/payments";
 *
 * const version = await membership.nodeVersion({});
 * const payments = createPaymentsClient({
 *   transport,
 *   payer,
 *   mode: balanceSupported(version) ? "balance" : "per-operation",
 * });
 * ```
 */
export function balanceSupported(nodeVersion: NodeVersionLike | undefined): boolean {
  const version = nodeVersion?.version;
  return version === undefined || version.major > 0n || version.minor >= 8n;
}
