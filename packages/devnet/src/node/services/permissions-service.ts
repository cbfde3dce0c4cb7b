import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { Receipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import type { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import type { NodeStore } from "../../storage/node-store.js";
import { requireCaller } from "../caller.js";
import type { ReceiptChecker } from "../receipt-checker.js";
import {
  applyPermissionsUpdate,
  checkPermissions,
  readPermissionsUpdate,
  requireOwner,
  requireRight,
} from "../stored-permissions.js";
import { assertLive, liveValues, uuidOf } from "./values-service.js";

export interface PermissionsServiceOptions {
  readonly store: NodeStore;
  readonly checkReceipt: ReceiptChecker;
  readonly now?: () => Date;
}

/** The values a permissions receipt is for: it names them, the request does not. */
function targetOf(receipt: Receipt): string {
  const operation = receipt.metadata?.operation;
  const valuesId =
    operation?.case === "retrievePermissions" ||
    operation?.case === "overwritePermissions" ||
    operation?.case === "updatePermissions"
      ? operation.value.valuesId
      : new Uint8Array();
  return uuidOf(valuesId, () => new ConnectError("invalid values identifier", Code.InvalidArgument));
}

/**
 * `nillion.permissions.v1.Permissions` on one node (wire-protocol.md §6.4–§6.6): reading needs the
 * retrieve right; overwriting and updating are for the owner only; updates apply grants, then revokes.
 * Malformed permissions are refused before the receipt is used, as the node's protobuf conversion does.
 *
 * @example
 * ```ts
 * router.service(Permissions, permissionsService({ store, checkReceipt }));
 * ```
 */
export function permissionsService(options: PermissionsServiceOptions): ServiceImpl<typeof Permissions> {
  const { store, checkReceipt } = options;
  const now = options.now ?? (() => new Date());

  async function rewrite(
    id: string,
    caller: Parameters<typeof requireOwner>[1],
    change: (current: ReturnType<typeof decode>) => ReturnType<typeof decode>,
  ) {
    const clock = now();
    const updated = await store.updateValues(id, (current) => {
      assertLive(current, clock);
      const permissions = decode(current.permissionsBytes);
      requireOwner(permissions, caller);
      return { ...current, permissionsBytes: toBinary(PermissionsSchema, change(permissions)) };
    });
    if (!updated) throw new ConnectError("value not found", Code.NotFound);
  }

  return {
    async retrievePermissions(request, context) {
      const caller = requireCaller(context);
      const id = targetOf(await checkReceipt(request.signedReceipt, "retrievePermissions"));
      const permissions = decode((await liveValues(store, id, now())).permissionsBytes);
      requireRight(permissions, "retrieve", caller);
      return permissions;
    },

    async overwritePermissions(request, context) {
      const caller = requireCaller(context);
      const replacement = checkPermissions(request.permissions, "'permissions' is required");
      const id = targetOf(await checkReceipt(request.signedReceipt, "overwritePermissions"));
      await rewrite(id, caller, () => replacement);
      return {};
    },

    async updatePermissions(request, context) {
      const caller = requireCaller(context);
      const delta = readPermissionsUpdate(request);
      const id = targetOf(await checkReceipt(request.signedReceipt, "updatePermissions"));
      await rewrite(id, caller, (current) => applyPermissionsUpdate(current, delta));
      return {};
    },
  };
}

function decode(bytes: Uint8Array) {
  return fromBinary(PermissionsSchema, bytes);
}
