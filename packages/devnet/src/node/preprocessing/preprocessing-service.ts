// The node-to-node Preprocessing service, as the devnet's dealer uses it: the leader streams each node
// its shares of a batch and tells it when used batches can go.
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { PrimeField } from "@nillion/crypto";
import { materialLength } from "@nillion/mpc";
import { PreprocessingBatchSchema } from "@nillion/proto/nillion/devnet/v1/preprocessing";
import type { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import { type PreprocessingElementName, preprocessingElementName } from "@nillion/types";
import { requireMember } from "../compute/cluster-caller.js";
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
 * first message names the generation and the element), and the call returns once the batch is stored —
 * each element checked to be canonical field elements in the element's layout length;
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
        const length = materialLength(element, field.prime) * field.byteLength;
        for (const bytes of batch.elements) {
          // Checked once here, so that a computation reading the element later cannot fail on it.
          if (bytes.length !== length || !canonical(field, bytes))
            throw new ConnectError("invalid preprocessing element", Code.InvalidArgument);
        }
        batches.put(element, Number(batch.batchId), batch.elements);
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

// Whether every fixed-width little-endian element of `bytes` is below p. Comparing the top 32 bits
// settles all but a vanishing share of elements without making a bigint: a batch holds tens of thousands.
function canonical(field: PrimeField, bytes: Uint8Array): boolean {
  const width = field.byteLength;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const top = Number(field.modulus >> BigInt(8 * width - 32));
  for (let offset = 0; offset < bytes.length; offset += width) {
    const high = view.getUint32(offset + width - 4, true);
    if (high > top) return false;
    if (high === top && field.readFrom(view, offset) >= field.modulus) return false;
  }
  return true;
}
