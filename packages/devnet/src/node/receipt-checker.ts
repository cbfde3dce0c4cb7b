import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { NodeStore } from "../storage/node-store.js";
import { acceptReceipt, type PaidOperation } from "./payments/receipts.js";

/** Accepts receipts for one node: signed by the leader, each identifier used once on this node. */
export type ReceiptChecker = (
  signed: SignedReceipt | undefined,
  operation: PaidOperation,
) => ReturnType<typeof acceptReceipt>;

/**
 * The receipt check every paid RPC starts with, bound to this node's store and the leader's key.
 *
 * @example
 * ```ts
 * const receipt = await checkReceipt(request.signedReceipt, "retrieveValues");
 * ```
 */
export function receiptChecker(
  store: NodeStore,
  leaderPublicKey: Uint8Array,
  now: () => Date,
): ReceiptChecker {
  return (signed, operation) =>
    acceptReceipt(signed, operation, {
      leaderPublicKey,
      now: now(),
      claim: (identifier, expiresAt) => store.claim("receipt", identifier, expiresAt),
    });
}
