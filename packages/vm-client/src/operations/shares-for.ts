import type { MessageInitShape } from "@bufbuild/protobuf";
import type { PartyShares } from "@nillion/crypto";
import type { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { InternalError } from "@nillion/types";
import type { ClusterNode } from "../cluster.js";

/** The shares masked for `node`, as the `values` of a request (the masker writes protobuf-es init shapes). */
export function sharesFor(
  shares: readonly PartyShares[],
  node: ClusterNode,
): MessageInitShape<typeof NamedValueSchema>[] {
  const mine = shares.find((party) => party.partyHex === node.idHex);
  if (mine === undefined) throw new InternalError(`no shares were masked for node ${node.idHex}`);
  return mine.values;
}
