import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { type Permissions, PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import type { Values } from "@nillion/proto/nillion/values/v1/service";
import type { StoreValuesRequest } from "@nillion/proto/nillion/values/v1/store";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { ValuesId } from "@nillion/types";
import type { NodeStore, ValuesRecord } from "../../storage/node-store.js";
import { requireCaller } from "../caller.js";
import { checkValues } from "../check-values.js";
import type { ReceiptChecker } from "../receipt-checker.js";
import { checkPermissions, isOwner, requireRight } from "../stored-permissions.js";
import { valuesExpiry } from "./values-expiry.js";

export interface ValuesServiceOptions {
  readonly store: NodeStore;
  readonly checkReceipt: ReceiptChecker;
  /** The cluster prime (`Prime` enum number): shares of another width are refused. */
  readonly prime: number;
  readonly now?: () => Date;
}

/** The record `id`, or NOT_FOUND "value not found" / "entity expired" as the node answers. */
export async function liveValues(store: NodeStore, id: string, now: Date): Promise<ValuesRecord> {
  const record = await store.getValues(id);
  if (!record) throw new ConnectError("value not found", Code.NotFound);
  assertLive(record, now);
  return record;
}

export function assertLive(record: ValuesRecord, now: Date): void {
  if (record.expiresAt <= now) throw new ConnectError("entity expired", Code.NotFound);
}

export function uuidOf(bytes: Uint8Array, invalid: () => ConnectError): string {
  if (bytes.length !== 16) throw invalid();
  return ValuesId.fromBytes(bytes).toString();
}

/** What a StoreValues request asks for: new values with their permissions, or an update of a record. */
type StoreTarget =
  | { readonly create: Permissions }
  | { readonly update: string; readonly permissions: Permissions | undefined };

function storeTarget(request: StoreValuesRequest): StoreTarget {
  if (request.updateIdentifier.length === 0) {
    return { create: checkPermissions(request.permissions, "'permissions' is required when storing values") };
  }
  return {
    // The reference answers INTERNAL here, for what is the caller's mistake.
    update: uuidOf(request.updateIdentifier, () => new ConnectError("invalid uuid", Code.InvalidArgument)),
    permissions: request.permissions && checkPermissions(request.permissions, "'permissions' is required"),
  };
}

/**
 * `nillion.values.v1.Values` on one node (wire-protocol.md §6.1–§6.3): store (create or replace), retrieve
 * and delete this node's shares, with the ACLs of the stored permissions. Stricter than the reference: an
 * update replaces the permissions only when the owner sends them.
 *
 * @example
 * ```ts
 * router.service(Values, valuesService({ store, checkReceipt, prime: Prime.SAFE_256_BITS }));
 * ```
 */
export function valuesService(options: ValuesServiceOptions): ServiceImpl<typeof Values> {
  const { store, checkReceipt, prime } = options;
  const now = options.now ?? (() => new Date());
  return {
    async storeValues(request, context) {
      const caller = requireCaller(context);
      // Everything wrong with the request itself is refused before its receipt is used.
      checkValues(request.values, prime);
      const target = storeTarget(request);
      const receipt = await checkReceipt(request.signedReceipt, "storeValues");
      const quote =
        receipt.metadata?.operation.case === "storeValues" ? receipt.metadata.operation.value : undefined;
      const clock = now();
      // Checked at quote time too, but the clock has moved since.
      const expiresAt = valuesExpiry(quote?.ttlDays, clock);
      const valuesBytes = request.values.map((value) => toBinary(NamedValueSchema, value));
      if ("create" in target) {
        const created = await store.createValues({
          id: uuidOf(receipt.identifier, () => new ConnectError("invalid uuid", Code.Internal)),
          valuesBytes,
          permissionsBytes: toBinary(PermissionsSchema, target.create),
          expiresAt,
          prime,
        });
        if (!created) throw new ConnectError("entity already exists", Code.FailedPrecondition);
        return { valuesId: receipt.identifier };
      }
      const updated = await store.updateValues(target.update, (current) => {
        assertLive(current, clock);
        const stored = fromBinary(PermissionsSchema, current.permissionsBytes);
        requireRight(stored, "update", caller);
        // The whole set is replaced, not merged. Permissions sent with an update count only from the
        // owner: the reference lets an updater name itself owner and lock the owner out. They are ignored
        // rather than refused because the official clients send permissions with every update.
        const replacement = target.permissions && isOwner(stored, caller) ? target.permissions : undefined;
        return {
          ...current,
          valuesBytes,
          permissionsBytes: replacement ? toBinary(PermissionsSchema, replacement) : current.permissionsBytes,
          expiresAt,
        };
      });
      if (!updated) throw new ConnectError("value not found", Code.NotFound);
      return { valuesId: request.updateIdentifier };
    },

    async retrieveValues(request, context) {
      const caller = requireCaller(context);
      const receipt = await checkReceipt(request.signedReceipt, "retrieveValues");
      const target =
        receipt.metadata?.operation.case === "retrieveValues"
          ? receipt.metadata.operation.value.valuesId
          : new Uint8Array();
      const id = uuidOf(target, () => new ConnectError("invalid values identifier", Code.InvalidArgument));
      const record = await liveValues(store, id, now());
      requireRight(fromBinary(PermissionsSchema, record.permissionsBytes), "retrieve", caller);
      return { values: record.valuesBytes.map((bytes) => fromBinary(NamedValueSchema, bytes)) };
    },

    async deleteValues(request, context) {
      const caller = requireCaller(context);
      const id = uuidOf(
        request.valuesId,
        () => new ConnectError("values_id is not a uuid", Code.InvalidArgument),
      );
      const clock = now();
      const deleted = await store.deleteValues(id, (current) => {
        assertLive(current, clock);
        requireRight(fromBinary(PermissionsSchema, current.permissionsBytes), "delete", caller);
      });
      if (!deleted) throw new ConnectError("value not found", Code.NotFound);
      return {};
    },
  };
}
