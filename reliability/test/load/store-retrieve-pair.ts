import type { NadaValues } from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { valueDifferences } from "../support/mixed-values.js";

/**
 * Stores `values` for a day, retrieves them and checks that every value came back equal.
 *
 * @throws the client's error as it was, or an Error naming each value that came back different
 */
export async function storeAndRetrieve(client: VmClient, values: NadaValues): Promise<void> {
  const valuesId = await client.storeValues(values, { ttlDays: 1 }).invoke();
  const differences = valueDifferences(values, await client.retrieveValues(valuesId).invoke());
  if (differences.length > 0) {
    throw new Error(`values ${valuesId} did not come back as stored: ${differences.join("; ")}`);
  }
}
