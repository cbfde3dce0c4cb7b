// The leader's receipt metadata for a paid compute quote: the concurrency limit, the preprocessing
// offsets every node will read, reserved from the pools, and the auxiliary material the quote named.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { PriceQuote } from "@nillion/proto/nillion/payments/v1/quote";
import {
  type OperationMetadata,
  SelectedAuxiliaryMaterialSchema,
  SelectedPreprocessingOffsetsSchema,
} from "@nillion/proto/nillion/payments/v1/receipt";
import {
  PreprocessingElement as Elements,
  type PreprocessingElement,
  preprocessingElementName,
} from "@nillion/types";
import { metadataOf } from "../payments/receipts.js";
import type { PreprocessingPools } from "../preprocessing/preprocessing-pools.js";

/**
 * What {@link computeReceiptMetadata} needs: the pools to reserve from, and the leader's running
 * computations against their limit.
 *
 * @example
 * ```ts
 * const options: ComputeReceiptMetadataOptions = { pools, activeComputations: () => sessions.active, maxConcurrent: 100 };
 * ```
 */
export interface ComputeReceiptMetadataOptions {
  readonly pools: Pick<PreprocessingPools, "reserve">;
  readonly activeComputations: () => number;
  readonly maxConcurrent: number;
}

/**
 * The leader's `receiptMetadata` hook: any quote's metadata, and for a compute quote the preprocessing
 * offsets reserved for it and the auxiliary material its quote requires, at the quoted version. The
 * payments service calls it only once the quote is paid for, and gives the payment back when it throws.
 *
 * @throws {ConnectError} UNAVAILABLE "too many compute operations running, try again later" at the
 * concurrency limit; RESOURCE_EXHAUSTED "not enough <element> elements" when the pools cannot deliver
 * (see {@link PreprocessingPools.reserve})
 *
 * @example
 * ```ts
 * paymentsService({ ...options, receiptMetadata: computeReceiptMetadata({ pools, activeComputations, maxConcurrent }) });
 * ```
 */
export function computeReceiptMetadata(
  options: ComputeReceiptMetadataOptions,
): (quote: PriceQuote) => Promise<OperationMetadata> {
  return async (quote) => {
    const metadata = metadataOf(quote);
    if (metadata.operation.case !== "invokeCompute") return metadata;
    if (options.activeComputations() >= options.maxConcurrent) {
      throw new ConnectError("too many compute operations running, try again later", Code.Unavailable);
    }
    const reserved = await options.pools.reserve(
      quote.preprocessingRequirements.map(({ element, count }) => ({
        // The leader signed this quote: its elements are valid.
        element: preprocessingElementName(element as PreprocessingElement),
        count: Number(count),
      })),
    );
    metadata.operation.value.auxiliaryMaterials = quote.auxiliaryMaterialRequirements.map(
      ({ material, version }) => create(SelectedAuxiliaryMaterialSchema, { material, version }),
    );
    metadata.operation.value.offsets = reserved.map((range) =>
      create(SelectedPreprocessingOffsetsSchema, {
        element: Elements[range.element],
        start: BigInt(range.start),
        end: BigInt(range.end),
        batchSize: BigInt(range.batchSize),
      }),
    );
    return metadata;
  };
}
