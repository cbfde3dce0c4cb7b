import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { UserId as UserIdMessage } from "@nillion/proto/nillion/auth/v1/user";
import {
  type ComputePermissions as ComputePermissionsMessage,
  type Permissions,
  PermissionsSchema,
} from "@nillion/proto/nillion/permissions/v1/permissions";
import type { UpdatePermissionsRequest } from "@nillion/proto/nillion/permissions/v1/update";
import {
  bytesEqual,
  PermissionsDelta,
  parseProgramId,
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

/** Whether `user` owns values with these permissions. */
export function isOwner(permissions: Permissions, user: UserId): boolean {
  return permissions.owner !== undefined && bytesEqual(permissions.owner.contents, user.bytes);
}

/** Overwriting or updating permissions is for the owner only. */
export function requireOwner(permissions: Permissions, user: UserId): void {
  if (!isOwner(permissions, user)) throw new ConnectError(NOT_PERMITTED, Code.PermissionDenied);
}

/**
 * Checks a client's `Permissions` message as the node's protobuf conversion does (an owner, 20-byte user
 * ids, a user in every compute entry), and that each compute program id is well formed.
 *
 * @param missing the INVALID_ARGUMENT text when there is no message at all
 * @throws {ConnectError} INVALID_ARGUMENT `protobuf parsing error: …` naming the field
 */
export function checkPermissions(permissions: Permissions | undefined, missing: string): Permissions {
  if (!permissions) throw new ConnectError(missing, Code.InvalidArgument);
  if (!permissions.owner) throw parsingError("'owner' not set");
  userIdOf(permissions.owner, "owner");
  for (const list of ["retrieve", "update", "delete"] as const) {
    for (const [i, user] of permissions[list].entries()) userIdOf(user, `${list}[${i}]`);
  }
  computeEntries(permissions.compute, "compute");
  return permissions;
}

/**
 * Reads the change an `UpdatePermissions` request asks for, with the checks of {@link checkPermissions},
 * so that a malformed request is refused before its receipt is used.
 *
 * @throws {ConnectError} INVALID_ARGUMENT `protobuf parsing error: …` naming the field
 */
export function readPermissionsUpdate(request: UpdatePermissionsRequest): PermissionsDelta {
  let delta = new PermissionsDelta();
  const users = (command: { grant: UserIdMessage[]; revoke: UserIdMessage[] } | undefined, name: string) => ({
    grant: (command?.grant ?? []).map((user, i) => userIdOf(user, `${name}.grant[${i}]`)),
    revoke: (command?.revoke ?? []).map((user, i) => userIdOf(user, `${name}.revoke[${i}]`)),
  });
  const retrieve = users(request.retrieve, "retrieve");
  const update = users(request.update, "update");
  const remove = users(request.delete, "delete");
  for (const user of retrieve.grant) delta = delta.grantRetrieve(user);
  for (const user of retrieve.revoke) delta = delta.revokeRetrieve(user);
  for (const user of update.grant) delta = delta.grantUpdate(user);
  for (const user of update.revoke) delta = delta.revokeUpdate(user);
  for (const user of remove.grant) delta = delta.grantDelete(user);
  for (const user of remove.revoke) delta = delta.revokeDelete(user);
  for (const { user, programIds } of computeEntries(request.compute?.grant ?? [], "compute.grant")) {
    for (const programId of programIds) delta = delta.grantCompute(user, programId);
  }
  for (const { user, programIds } of computeEntries(request.compute?.revoke ?? [], "compute.revoke")) {
    for (const programId of programIds) delta = delta.revokeCompute(user, programId);
  }
  return delta;
}

/**
 * Applies an update as the node does: every grant first, then every revoke, so a user both granted and
 * revoked ends up without the right; a compute entry left without programs disappears.
 */
export function applyPermissionsUpdate(current: Permissions, delta: PermissionsDelta): Permissions {
  return fromSdk(delta.applyTo(toSdk(current)));
}

function parsingError(problem: string): ConnectError {
  return new ConnectError(`protobuf parsing error: ${problem}`, Code.InvalidArgument);
}

function userIdOf(user: UserIdMessage, field: string): UserId {
  if (user.contents.length !== SdkUserId.LENGTH) {
    throw parsingError(
      `invalid user id length: ${field} has ${user.contents.length} bytes, expected ${SdkUserId.LENGTH}`,
    );
  }
  return new SdkUserId(user.contents);
}

function computeEntries(
  entries: readonly ComputePermissionsMessage[],
  field: string,
): { user: UserId; programIds: string[] }[] {
  return entries.map((entry, i) => {
    if (!entry.user) throw parsingError(`'user' not set in ${field}[${i}]`);
    const user = userIdOf(entry.user, `${field}[${i}].user`);
    entry.programIds.forEach((programId, j) => {
      try {
        parseProgramId(programId);
      } catch (error) {
        // Stricter than the node, which stores any text: such an id could never match a program.
        throw parsingError(`${field}[${i}].program_ids[${j}]: ${(error as Error).message}`);
      }
    });
    return { user, programIds: entry.programIds };
  });
}

// Stored permissions were checked before they were stored, so the conversions below cannot fail.
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
