import { createClient } from "@connectrpc/connect";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { InternalError, type PreprocessingElement, preprocessingElementFromNumber } from "@nillion/types";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type PayableOperation, payableOperation } from "../operation.js";
import { receiptFor } from "../receipt-for.js";
import type { Session } from "../session.js";

/**
 * The range of one preprocessing element the leader can hand out: `[start, end)`.
 *
 * @example
 * ```ts
 * import type { PreprocessingOffsets } from "@nillion/vm-client";
 *
 * const available = (offsets: PreprocessingOffsets) => offsets.end - offsets.start;
 * ```
 */
export interface PreprocessingOffsets {
  readonly element: PreprocessingElement;
  readonly start: bigint;
  /** Exclusive. */
  readonly end: bigint;
}

/**
 * The state of the leader's preprocessing pools.
 *
 * @example
 * ```ts
 * const { offsets, preprocessingActive } = await client.poolStatus().invoke();
 * ```
 */
export interface PoolStatus {
  /** The available offsets of every element. */
  readonly offsets: readonly PreprocessingOffsets[];
  /** Whether the cluster is generating preprocessing material right now. */
  readonly preprocessingActive: boolean;
  /** Whether the auxiliary material threshold signatures need is ready. */
  readonly auxiliaryMaterialAvailable: boolean;
}

/** `VmClient.poolStatus`. */
export function poolStatus(session: Session): PayableOperation<PoolStatus> {
  return payableOperation(session, {
    name: "poolStatus",
    quoteRequest: () => ({ operation: { case: "poolStatus", value: {} } }),
    run: (receipt, environment) => invokePoolStatus(session, environment, receipt),
  });
}

/** `VmClient.invokePoolStatus`: asked of the leader alone. */
export async function invokePoolStatus(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
): Promise<PoolStatus> {
  receiptFor(receipt, "poolStatus");
  const { node, transport } = session.leader;
  const client = createClient(LeaderQueries, transport);
  const response = await callNode(
    environment,
    { node: node.grpcEndpoint, method: "LeaderQueries/PoolStatus" },
    "consumes-receipt",
    (options) => client.poolStatus({ signedReceipt: receipt }, options),
  );
  return Object.freeze({
    offsets: Object.freeze(
      response.offsets.map(({ element, start, end }) => {
        let known: PreprocessingElement;
        try {
          known = preprocessingElementFromNumber(element);
        } catch (cause) {
          throw new InternalError(
            `${node.grpcEndpoint} reported an unknown preprocessing element ${element}`,
            {
              cause,
              details: { node: node.grpcEndpoint, element },
            },
          );
        }
        return Object.freeze({ element: known, start, end });
      }),
    ),
    preprocessingActive: response.preprocessingActive,
    auxiliaryMaterialAvailable: response.auxiliaryMaterialAvailable,
  });
}
