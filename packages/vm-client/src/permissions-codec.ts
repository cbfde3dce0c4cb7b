import type { MessageInitShape } from "@bufbuild/protobuf";
import type {
  Permissions as PermissionsMessage,
  PermissionsSchema,
} from "@nillion/proto/nillion/permissions/v1/permissions";
import type {
  ComputePermissionCommandSchema,
  PermissionCommandSchema,
} from "@nillion/proto/nillion/permissions/v1/update";
import {
  type ComputePermission,
  InternalError,
  InvalidArgumentError,
  Permissions,
  PermissionsDelta,
  UserId,
} from "@nillion/types";

type PermissionsInit = MessageInitShape<typeof PermissionsSchema>;
/** The fields of `UpdatePermissionsRequest` besides the receipt. */
interface DeltaInit {
  readonly retrieve: MessageInitShape<typeof PermissionCommandSchema>;
  readonly update: MessageInitShape<typeof PermissionCommandSchema>;
  readonly delete: MessageInitShape<typeof PermissionCommandSchema>;
  readonly compute: MessageInitShape<typeof ComputePermissionCommandSchema>;
}

const user = (id: UserId) => ({ contents: id.bytes });
const users = (ids: readonly UserId[]) => ids.map(user);
const compute = (entries: readonly ComputePermission[]) =>
  entries.map((entry) => ({ user: user(entry.user), programIds: [...entry.programIds] }));

/**
 * Throws unless `value` is a `Permissions`.
 *
 * @throws {InvalidArgumentError} naming `argument`
 */
export function assertPermissions(value: unknown, argument: string): asserts value is Permissions {
  if (!(value instanceof Permissions)) {
    throw new InvalidArgumentError(
      `"${argument}" expected a Permissions (e.g. Permissions.defaultsForUser(id))`,
      {
        argument,
      },
    );
  }
}

/**
 * Throws unless `value` is a `PermissionsDelta`.
 *
 * @throws {InvalidArgumentError} naming `argument`
 */
export function assertPermissionsDelta(value: unknown, argument: string): asserts value is PermissionsDelta {
  if (!(value instanceof PermissionsDelta)) {
    throw new InvalidArgumentError(`"${argument}" expected a PermissionsDelta`, { argument });
  }
}

/** `permissions` as the `nillion.permissions.v1.permissions.Permissions` message. */
export function permissionsToMessage(permissions: Permissions): PermissionsInit {
  return {
    owner: user(permissions.owner),
    retrieve: users(permissions.retrieve),
    update: users(permissions.update),
    delete: users(permissions.delete),
    compute: compute(permissions.compute),
  };
}

/**
 * The permissions a node sent.
 *
 * @throws {InternalError} naming the node when the message holds no owner or a malformed user id
 */
export function permissionsFromMessage(message: PermissionsMessage, node: string): Permissions {
  try {
    const toUser = (id: { contents: Uint8Array } | undefined) => new UserId(id?.contents ?? new Uint8Array());
    return new Permissions(toUser(message.owner), {
      retrieve: message.retrieve.map(toUser),
      update: message.update.map(toUser),
      delete: message.delete.map(toUser),
      compute: message.compute.map((entry) => ({ user: toUser(entry.user), programIds: entry.programIds })),
    });
  } catch (cause) {
    throw new InternalError(`${node} answered with malformed permissions: ${(cause as Error).message}`, {
      cause,
      details: { node },
    });
  }
}

/** The grant and revoke lists of `delta`, as the fields of `UpdatePermissionsRequest`. */
export function deltaToMessage(delta: PermissionsDelta): DeltaInit {
  const command = ({ grant, revoke }: { grant: readonly UserId[]; revoke: readonly UserId[] }) => ({
    grant: users(grant),
    revoke: users(revoke),
  });
  return {
    retrieve: command(delta.retrieve),
    update: command(delta.update),
    delete: command(delta.delete),
    compute: { grant: compute(delta.compute.grant), revoke: compute(delta.compute.revoke) },
  };
}
