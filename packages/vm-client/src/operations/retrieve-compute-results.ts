import { createClient } from "@connectrpc/connect";
import type { RetrieveResultsResponse } from "@nillion/proto/nillion/compute/v1/retrieve";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { type ComputeId, InternalError, type NadaValues } from "@nillion/types";
import { onEveryNode } from "../fan-out.js";
import { toComputeId } from "../ids.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type FreeOperation, freeOperation } from "../operation.js";
import type { Session } from "../session.js";
import { unmaskShares } from "./unmask-shares.js";

/** `VmClient.retrieveComputeResults`: free; waits while the computation runs. */
export function retrieveComputeResults(session: Session, id: ComputeId | string): FreeOperation<NadaValues> {
  return freeOperation(session, "retrieveComputeResults", (environment) =>
    invokeRetrieveComputeResults(session, environment, id),
  );
}

/**
 * `VmClient.invokeRetrieveComputeResults`: every node streams `waiting_computation` until the
 * computation ends, then this caller's output shares or the computation's error.
 */
export async function invokeRetrieveComputeResults(
  session: Session,
  environment: CallEnvironment,
  id: ComputeId | string,
): Promise<NadaValues> {
  const computeId = toComputeId(id, "id");
  const shares = await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(Compute, transport);
    // Reading results changes nothing, so a broken stream is simply read again from the start.
    const values = await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Compute/RetrieveResults" },
      "idempotent",
      async (options) => {
        let outcome: RetrieveResultsResponse["state"] | undefined;
        // The stream is read to its end, not left at the result: connect-es releases a call's deadline
        // timer (and its HTTP/2 stream) only when the stream ends, and an abandoned one would keep the
        // process alive until the deadline.
        for await (const { state } of client.retrieveResults({ computeId: computeId.bytes }, options)) {
          if (state.case === "success" || state.case === "error") outcome ??= state;
        }
        if (outcome?.case === "success") return outcome.value.values;
        if (outcome?.case === "error") {
          throw new InternalError(
            `computation ${computeId} failed on ${node.grpcEndpoint}: ${outcome.value}`,
            {
              details: { node: node.grpcEndpoint, computeId: computeId.toString(), reason: outcome.value },
            },
          );
        }
        throw new InternalError(
          `${node.grpcEndpoint} ended the results stream of computation ${computeId} without a result`,
          { details: { node: node.grpcEndpoint, computeId: computeId.toString() } },
        );
      },
    );
    return { party: node.id, values: values };
  });
  return unmaskShares(session, shares, `the results of computation ${computeId}`);
}
