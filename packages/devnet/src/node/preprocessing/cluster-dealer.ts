// The leader's dealer: samples a batch of elements in the clear and deals every node its own shares over
// the node-to-node Preprocessing service (a devnet simplification of the reference's offline protocols).
import { create, toBinary } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { fillRandom, PrimeField } from "@nillion/crypto";
import { materialLength, sampleElements, zeroSharingCount } from "@nillion/mpc";
import { PreprocessingBatchSchema } from "@nillion/proto/nillion/devnet/v1/preprocessing";
import { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import { PreprocessingElement as Elements } from "@nillion/types";
import { encodeElements } from "../compute/field-elements.js";
import { partyRanks } from "../compute/party-ranks.js";
import type { NodeContext } from "../node-extension.js";
import { dealElements } from "./deal-elements.js";
import type { PreprocessingBatches } from "./preprocessing-batches.js";
import type { PoolDealer } from "./preprocessing-pools.js";

/**
 * About how many values the dealer samples and shares before it lets other work run: a few milliseconds
 * of CPU. Every node of an in-process devnet shares one event loop, and a batch of comparison masks is
 * close to 100,000 values, so a batch dealt in one go would stall running computations.
 */
const VALUES_PER_SLICE = 4096;

/**
 * The {@link PoolDealer} of a cluster's leader. For each batch it samples the elements with
 * `sampleElements` from `@nillion/mpc` (the layouts the protocols read), deals fresh Shamir shares of
 * every value, stores its own shares directly and streams each other node its shares in one
 * `StreamPreprocessing` call; the batch counts as generated once every node stored it. Cleanup goes to
 * every node as `CleanupUsedElements`.
 *
 * The dealer sees every element in the clear: acceptable on a devnet, where the online phase is what must
 * be genuine MPC. Unlike the reference devnet, which copies one element over a whole pool, every element
 * is fresh.
 *
 * @example
 * ```ts
 * const dealer = clusterDealer(context, batches);
 * await dealer.deal("COMPARE", 0, 32);
 * ```
 */
export function clusterDealer(context: NodeContext, batches: PreprocessingBatches): PoolDealer {
  const field = PrimeField.of(context.prime);
  const clients = new Map<number, Client<typeof Preprocessing>>();
  const client = (index: number) => {
    let existing = clients.get(index);
    if (existing === undefined) {
      existing = createClient(Preprocessing, context.peer(index));
      clients.set(index, existing);
    }
    return existing;
  };
  const self = context.identity.index;
  return {
    async deal(element, batchId, batchSize) {
      const layout = context.layout();
      const ranks = partyRanks(layout);
      const perSlice = Math.max(1, Math.floor(VALUES_PER_SLICE / materialLength(element, context.prime)));
      const encoded = Array.from({ length: ranks.parties }, (): Uint8Array[] => []);
      for (let dealt = 0; dealt < batchSize; dealt += perSlice) {
        const values = sampleElements(element, context.prime, Math.min(perSlice, batchSize - dealt));
        const shares = dealElements(
          field,
          ranks.parties,
          context.polynomialDegree,
          values,
          zeroSharingCount(element, context.prime),
        );
        for (const [rank, materials] of shares.entries()) {
          for (const material of materials) encoded[rank]?.push(encodeElements(field, material));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const generationId = fillRandom(new Uint8Array(16));
      await Promise.all(
        layout.nodes.map(async ({ index }) => {
          const elements = encoded[ranks.rankOf(index)] ?? [];
          if (index === self) {
            batches.put(element, batchId, elements);
            return;
          }
          const batch = create(PreprocessingBatchSchema, { batchId: BigInt(batchId), elements });
          await client(index).streamPreprocessing(
            (async function* () {
              yield {
                generationId,
                element: Elements[element],
                bincodeMessage: toBinary(PreprocessingBatchSchema, batch),
              };
            })(),
          );
        }),
      );
    },

    async cleanup(element, startChunk, endChunk) {
      await Promise.all(
        context.layout().nodes.map(async ({ index }) => {
          if (index === self) {
            batches.delete(element, startChunk, endChunk);
            return;
          }
          await client(index).cleanupUsedElements({
            element: Elements[element],
            startChunk: BigInt(startChunk),
            endChunk: BigInt(endChunk),
          });
        }),
      );
    },
  };
}
