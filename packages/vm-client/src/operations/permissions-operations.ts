import { create, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { OverwritePermissionsRequestSchema } from "@nillion/proto/nillion/permissions/v1/overwrite";
import { Permissions as PermissionsService } from "@nillion/proto/nillion/permissions/v1/service";
import { UpdatePermissionsRequestSchema } from "@nillion/proto/nillion/permissions/v1/update";
import type { Permissions, PermissionsDelta, ValuesId } from "@nillion/types";
import { agreed, onEveryNode } from "../fan-out.js";
import { toValuesId } from "../ids.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type PayableOperation, payableOperation } from "../operation.js";
import {
  assertPermissions,
  assertPermissionsDelta,
  deltaToMessage,
  permissionsFromMessage,
  permissionsToMessage,
} from "../permissions-codec.js";
import { receiptFor } from "../receipt-for.js";
import { assertRequestSize, receiptAllowance } from "../request-size.js";
import type { Session } from "../session.js";

/** `VmClient.retrievePermissions`. */
export function retrievePermissions(session: Session, id: ValuesId | string): PayableOperation<Permissions> {
  return payableOperation(session, {
    name: "retrievePermissions",
    quoteRequest: () => ({
      operation: { case: "retrievePermissions", value: { valuesId: toValuesId(id, "id").bytes } },
    }),
    run: (receipt, environment) => invokeRetrievePermissions(session, environment, receipt),
  });
}

/** `VmClient.overwritePermissions`. */
export function overwritePermissions(
  session: Session,
  id: ValuesId | string,
  permissions: Permissions,
): PayableOperation<void> {
  return payableOperation(session, {
    name: "overwritePermissions",
    quoteRequest: () => {
      assertPermissions(permissions, "permissions");
      const quoteRequest = {
        operation: { case: "overwritePermissions", value: { valuesId: toValuesId(id, "id").bytes } },
      } as const;
      assertRequestSize(overwriteSize(permissions) + receiptAllowance(quoteRequest), "permissions");
      return quoteRequest;
    },
    run: (receipt, environment) => invokeOverwritePermissions(session, environment, receipt, permissions),
  });
}

/** `VmClient.updatePermissions`. */
export function updatePermissions(
  session: Session,
  id: ValuesId | string,
  delta: PermissionsDelta,
): PayableOperation<void> {
  return payableOperation(session, {
    name: "updatePermissions",
    quoteRequest: () => {
      assertPermissionsDelta(delta, "delta");
      const quoteRequest = {
        operation: { case: "updatePermissions", value: { valuesId: toValuesId(id, "id").bytes } },
      } as const;
      assertRequestSize(updateSize(delta) + receiptAllowance(quoteRequest), "delta");
      return quoteRequest;
    },
    run: (receipt, environment) => invokeUpdatePermissions(session, environment, receipt, delta),
  });
}

/** `VmClient.invokeRetrievePermissions`: every node returns the permissions; they must agree. */
export async function invokeRetrievePermissions(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
): Promise<Permissions> {
  receiptFor(receipt, "retrievePermissions");
  const answers = await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(PermissionsService, transport);
    const response = await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Permissions/RetrievePermissions" },
      "consumes-receipt",
      (options) => client.retrievePermissions({ signedReceipt: receipt }, options),
    );
    return { node: node.grpcEndpoint, value: permissionsFromMessage(response, node.grpcEndpoint) };
  });
  return agreed(
    answers,
    (a, b) => a.equals(b),
    "the permissions",
    (p) => JSON.stringify(p.toJSON()),
  );
}

/** `VmClient.invokeOverwritePermissions`. */
export async function invokeOverwritePermissions(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  permissions: Permissions,
): Promise<void> {
  assertPermissions(permissions, "permissions");
  receiptFor(receipt, "overwritePermissions");
  assertRequestSize(overwriteSize(permissions, receipt), "permissions");
  const message = permissionsToMessage(permissions);
  await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(PermissionsService, transport);
    await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Permissions/OverwritePermissions" },
      "consumes-receipt",
      (options) => client.overwritePermissions({ signedReceipt: receipt, permissions: message }, options),
    );
  });
}

/** `VmClient.invokeUpdatePermissions`. */
export async function invokeUpdatePermissions(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  delta: PermissionsDelta,
): Promise<void> {
  assertPermissionsDelta(delta, "delta");
  receiptFor(receipt, "updatePermissions");
  assertRequestSize(updateSize(delta, receipt), "delta");
  const message = deltaToMessage(delta);
  await onEveryNode(session.members, async ({ node, transport }) => {
    const client = createClient(PermissionsService, transport);
    await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Permissions/UpdatePermissions" },
      "consumes-receipt",
      (options) => client.updatePermissions({ signedReceipt: receipt, ...message }, options),
    );
  });
}

/** The encoded size of the `OverwritePermissionsRequest` every node gets. */
function overwriteSize(permissions: Permissions, receipt?: SignedReceipt): number {
  const request = create(OverwritePermissionsRequestSchema, {
    permissions: permissionsToMessage(permissions),
    ...(receipt ? { signedReceipt: receipt } : {}),
  });
  return toBinary(OverwritePermissionsRequestSchema, request).length;
}

/** The encoded size of the `UpdatePermissionsRequest` every node gets. */
function updateSize(delta: PermissionsDelta, receipt?: SignedReceipt): number {
  const request = create(UpdatePermissionsRequestSchema, {
    ...deltaToMessage(delta),
    ...(receipt ? { signedReceipt: receipt } : {}),
  });
  return toBinary(UpdatePermissionsRequestSchema, request).length;
}
