import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import type { NadaValues, ValuesId } from "@nillion/types";
import { valueDifferences } from "../support/mixed-values.js";
import type { CrashUser } from "./crash-user.js";

/** What {@link storeAndCheck} reports as it goes. */
export interface StoreAndCheckEvents {
  /** The store was acknowledged: every node answered with the values id. */
  stored(valuesId: ValuesId, receipt: SignedReceipt): void;
  retrieved(receipt: SignedReceipt): void;
  corrupted(message: string): void;
}

/**
 * Stores `values` and reads them back, each operation quoted and paid first so that its receipt can be
 * replayed later, reporting each step the moment the client learns of it.
 *
 * @throws the client's error, from whichever step failed
 */
export async function storeAndCheck(
  user: CrashUser,
  values: NadaValues,
  on: StoreAndCheckEvents,
): Promise<void> {
  const store = await user.pay(user.client.storeValues(values, { ttlDays: 1 }));
  const valuesId = await store.invoke({ timeoutMs: 20_000 });
  on.stored(valuesId, store.receipt);
  const retrieve = await user.pay(user.client.retrieveValues(valuesId));
  const retrieved = await retrieve.invoke({ timeoutMs: 20_000 });
  on.retrieved(retrieve.receipt);
  const differences = valueDifferences(values, retrieved);
  if (differences.length > 0)
    on.corrupted(`values ${valuesId} of user ${user.index}: ${differences.join("; ")}`);
}
