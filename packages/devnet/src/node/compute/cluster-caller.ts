// Node-to-node services answer cluster members only: the caller's token names a member's key.
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { callerKey } from "../caller.js";
import type { PartyRanks } from "./party-ranks.js";

/**
 * The index of the member node making a node-to-node call.
 *
 * @throws {ConnectError} PERMISSION_DENIED with `refusal` (the reference's text for the service) when the
 * call is anonymous or comes from outside the cluster
 *
 * @example
 * ```ts
 * const from = requireMember(context, ranks, "not a member of this cluster");
 * ```
 */
export function requireMember(context: HandlerContext, ranks: PartyRanks, refusal: string): number {
  const caller = context.values.get(callerKey);
  const index = caller === undefined ? undefined : ranks.memberIndex(caller);
  if (index === undefined) throw new ConnectError(refusal, Code.PermissionDenied);
  return index;
}
