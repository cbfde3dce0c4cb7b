import type { PartySharesInput } from "@nillion/crypto";
import { InternalError, type NadaValues } from "@nillion/types";
import type { Session } from "../session.js";

/**
 * The values the nodes' shares rebuild. Shares that do not fit together are the cluster's fault, not the
 * caller's, so the masker's complaint becomes an `InternalError` (keeping it as the cause).
 *
 * @param what the values, for the error, e.g. "the retrieved values"
 */
export function unmaskShares(
  session: Session,
  shares: readonly PartySharesInput[],
  what: string,
): NadaValues {
  try {
    return session.masker.unmask(shares);
  } catch (cause) {
    throw new InternalError(`the nodes' shares of ${what} do not fit together: ${(cause as Error).message}`, {
      cause,
    });
  }
}
