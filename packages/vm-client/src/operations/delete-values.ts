import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import type { ValuesId } from "@nillion/types";
import { onEveryNode } from "../fan-out.js";
import { toValuesId } from "../ids.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type FreeOperation, freeOperation } from "../operation.js";
import type { Session } from "../session.js";

/** `VmClient.deleteValues`: free, no receipt. */
export function deleteValues(session: Session, id: ValuesId | string): FreeOperation<void> {
  return freeOperation(session, "deleteValues", (environment) =>
    invokeDeleteValues(session, environment, id),
  );
}

/** `VmClient.invokeDeleteValues`: every node deletes its shares. */
export async function invokeDeleteValues(
  session: Session,
  environment: CallEnvironment,
  id: ValuesId | string,
): Promise<void> {
  const valuesId = toValuesId(id, "id").bytes;
  await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(Values, transport);
    await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Values/DeleteValues" },
      "idempotent",
      async (options, attempt) => {
        try {
          await client.deleteValues({ valuesId }, options);
        } catch (error) {
          // A retry comes after an attempt whose fate is unknown. If that attempt deleted the values,
          // the retry finds nothing: the values are gone either way, which is what was asked.
          if (attempt === 1 || !(error instanceof ConnectError && error.code === Code.NotFound)) throw error;
        }
      },
    );
  });
}
