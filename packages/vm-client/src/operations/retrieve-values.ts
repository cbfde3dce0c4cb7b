import { createClient } from "@connectrpc/connect";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import type { NadaValues, ValuesId } from "@nillion/types";
import { onEveryNode } from "../fan-out.js";
import { toValuesId } from "../ids.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type PayableOperation, payableOperation } from "../operation.js";
import { receiptFor } from "../receipt-for.js";
import type { Session } from "../session.js";
import { unmaskShares } from "./unmask-shares.js";

/** `VmClient.retrieveValues`. */
export function retrieveValues(session: Session, id: ValuesId | string): PayableOperation<NadaValues> {
  return payableOperation(session, {
    name: "retrieveValues",
    quoteRequest: () => ({
      operation: { case: "retrieveValues", value: { valuesId: toValuesId(id, "id").bytes } },
    }),
    run: (receipt, environment) => invokeRetrieveValues(session, environment, receipt),
  });
}

/** `VmClient.invokeRetrieveValues`: every node returns its shares (the id is in the receipt). */
export async function invokeRetrieveValues(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
): Promise<NadaValues> {
  receiptFor(receipt, "retrieveValues");
  const shares = await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(Values, transport);
    const response = await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Values/RetrieveValues" },
      "consumes-receipt",
      (options) => client.retrieveValues({ signedReceipt: receipt }, options),
    );
    return { party: node.id, values: response.values };
  });
  return unmaskShares(session, shares, "the retrieved values");
}
