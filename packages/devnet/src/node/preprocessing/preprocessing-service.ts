// The node-to-node Preprocessing service, as the devnet's dealer uses it: the leader streams each node
// its shares of a batch and tells it when used batches can go.
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { PrimeField } from "@nillion/crypto";
import type { PreprocessingMaterial } from "@nillion/mpc";
import { PreprocessingBatchSchema } from "@nillion/proto/nillion/devnet/v1/preprocessing";
import type { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import { type PreprocessingElementName, preprocessingElementName } from "@nillion/types";
import { requireMember } from "../compute/cluster-caller.js";
import { decodeElements } from "../compute/field-elements.js";
import type { PartyRanks } from "../compute/party-ranks.js";
import type { PreprocessingBatches } from "./preprocessing-batches.js";

/** The reference's answer to a caller that may not use the Preprocessing service. */
const NOT_ALLOWED = "user does not have permissions to invoke service";

/**
 * Options of {@link preprocessingService}.
 *
 * @example
 * ```ts
 * const options: PreprocessingServiceOptions = {
 *   batches, field, ranks: () => partyRanks(layout()), leaderIndex: () => layout().leaderIndex,
 * };
 * ```
 */
export interface PreprocessingServiceOptions {
  readonly batches: PreprocessingBatches;
  readonly field: PrimeField;
  /** The cluster's party numbering, read per call (the layout is bound after the node listens). */
  readonly ranks: () => PartyRanks;
  /** The leader's index, read per call like `ranks`. */
  readonly leaderIndex: () => number;
}

/**
 * `nillion.preprocessing.v1.Preprocessing` for the devnet's dealer, leader only: `StreamPreprocessing`
 * carries one dealt batch (a `nillion.devnet.v1.PreprocessingBatch` in `bincode_message`; the stream's
 * first message names the generation and the element), and the call returns once the batch is stored;
 * `CleanupUsedElements` drops used batches. The generation RPCs, which start the reference's offline
 * protocols, are not served: the dealer replaces them.
 *
 * @example
 * ```ts
 * router.service(Preprocessing, preprocessingService({ batches, field, ranks, leaderIndex }));
 * ```
 */
export function preprocessingService(
  options: PreprocessingServiceOptions,
): Partial<ServiceImpl<typeof Preprocessing>> {
  const { batches, field } = options;
  const requireLeader = (context: Parameters<typeof requireMember>[0]) => {
    if (requireMember(context, options.ranks(), NOT_ALLOWED) !== options.leaderIndex()) {
      throw new ConnectError(NOT_ALLOWED, Code.PermissionDenied);
    }
  };
  return {
    async streamPreprocessing(requests, context) {
      requireLeader(context);
      let element: PreprocessingElementName | undefined;
      for await (const message of requests) {
        element ??= elementOf(message.element);
        if (message.bincodeMessage.length === 0) continue;
        let batch: ReturnType<typeof fromBinary<typeof PreprocessingBatchSchema>>;
        try {
          batch = fromBinary(PreprocessingBatchSchema, message.bincodeMessage);
        } catch (error) {
          throw new ConnectError(`protobuf parsing error: ${(error as Error).message}`, Code.InvalidArgument);
        }
        const materials = batch.elements.map((bytes): PreprocessingMaterial => {
          const elements = decodeElements(field, bytes);
          if (elements === undefined)
            throw new ConnectError("invalid preprocessing element", Code.InvalidArgument);
          return elements;
        });
        batches.put(element, Number(batch.batchId), materials);
      }
      if (element === undefined) {
        throw new ConnectError("no preprocessing stream header provided", Code.InvalidArgument);
      }
      return {};
    },

    async cleanupUsedElements(request, context) {
      requireLeader(context);
      batches.delete(elementOf(request.element), Number(request.startChunk), Number(request.endChunk));
      return {};
    },
  };
}

function elementOf(element: number): PreprocessingElementName {
  try {
    return preprocessingElementName(element as Parameters<typeof preprocessingElementName>[0]);
  } catch {
    throw new ConnectError("invalid preprocessing element", Code.InvalidArgument);
  }
}
