import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { UserId as UserIdMessage } from "@nillion/proto/nillion/auth/v1/user";
import { type Permissions, PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import type { UpdatePermissionsRequest } from "@nillion/proto/nillion/permissions/v1/update";
import {
  bytesEqual,
  PermissionsDelta,
  Permissions as SdkPermissions,
  UserId as SdkUserId,
  type UserId,
} from "@nillion/types";

/** The ACL failure text every values and permissions RPC uses (asserted verbatim by the official TS tests). */
export const NOT_PERMITTED = "user does not have permissions for action";

export type ValuesRight = "retrieve" | "update" | "delete";

const listed = (users: readonly UserIdMessage[], user: UserId): boolean =>
  users.some((entry) => bytesEqual(entry.contents, user.bytes));

/** PERMISSION_DENIED unless `user` holds `right` on values with these permissions (the owner gets no implicit right). */
export function requireRight(permissions: Permissions, right: ValuesRight, user: UserId): void {
  if (!listed(permissions[right], user)) throw new ConnectError(NOT_PERMITTED, Code.PermissionDenied);
}

/** Whether `user` may use the values in a computation of exactly `programId`. */
export function mayCompute(permissions: Permissions, user: UserId, programId: string): boolean {
  return permissions.compute.some(
    (entry) =>
      entry.user !== undefined &&
      bytesEqual(entry.user.contents, user.bytes) &&
      entry.programIds.includes(programId),
  );
}

/** Overwriting or updating permissions is for the owner only. */
export function requireOwner(permissions: Permissions, user: UserId): void {
  if (!permissions.owner || !bytesEqual(permissions.owner.contents, user.bytes)) {
    throw new ConnectError(NOT_PERMITTED, Code.PermissionDenied);
  }
}

/** Checks a client's `Permissions` message: an owner and 20-byte user ids throughout. */
export function checkPermissions(permissions: Permissions | undefined, missing: string): Permissions {
  if (!permissions) throw new ConnectError(missing, Code.InvalidArgument);
  try {
    toSdk(permissions);
  } catch (error) {
    throw new ConnectError(`protobuf parsing error: ${(error as Error).message}`, Code.InvalidArgument);
  }
  return permissions;
}

/**
 * Applies an `UpdatePermissions` request as the node does: every grant first, then every revoke, so a user
 * both granted and revoked ends up without the right; a compute entry left without programs disappears.
 */
export function applyPermissionsUpdate(current: Permissions, request: UpdatePermissionsRequest): Permissions {
  let delta = new PermissionsDelta();
  const users = (list: readonly UserIdMessage[] | undefined) =>
    (list ?? []).map((user) => new SdkUserId(user.contents));
  for (const user of users(request.retrieve?.grant)) delta = delta.grantRetrieve(user);
  for (const user of users(request.retrieve?.revoke)) delta = delta.revokeRetrieve(user);
  for (const user of users(request.update?.grant)) delta = delta.grantUpdate(user);
  for (const user of users(request.update?.revoke)) delta = delta.revokeUpdate(user);
  for (const user of users(request.delete?.grant)) delta = delta.grantDelete(user);
  for (const user of users(request.delete?.revoke)) delta = delta.revokeDelete(user);
  for (const entry of request.compute?.grant ?? []) {
    for (const programId of entry.programIds)
      delta = delta.grantCompute(new SdkUserId(entry.user?.contents ?? new Uint8Array()), programId);
  }
  for (const entry of request.compute?.revoke ?? []) {
    for (const programId of entry.programIds)
      delta = delta.revokeCompute(new SdkUserId(entry.user?.contents ?? new Uint8Array()), programId);
  }
  return fromSdk(delta.applyTo(toSdk(current)));
}

function toSdk(permissions: Permissions): SdkPermissions {
  const sdk = new SdkPermissions(new SdkUserId(permissions.owner?.contents ?? new Uint8Array()));
  for (const user of permissions.retrieve) sdk.allowRetrieve(new SdkUserId(user.contents));
  for (const user of permissions.update) sdk.allowUpdate(new SdkUserId(user.contents));
  for (const user of permissions.delete) sdk.allowDelete(new SdkUserId(user.contents));
  for (const entry of permissions.compute) {
    for (const programId of entry.programIds)
      sdk.allowCompute(new SdkUserId(entry.user?.contents ?? new Uint8Array()), programId);
  }
  return sdk;
}

function fromSdk(sdk: SdkPermissions): Permissions {
  const id = (user: UserId) => ({ contents: user.bytes });
  return create(PermissionsSchema, {
    owner: id(sdk.owner),
    retrieve: sdk.retrieve.map(id),
    update: sdk.update.map(id),
    delete: sdk.delete.map(id),
    compute: sdk.compute.map((entry) => ({ user: id(entry.user), programIds: [...entry.programIds] })),
  });
}
