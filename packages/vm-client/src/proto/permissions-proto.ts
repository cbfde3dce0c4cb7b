import { create } from "@bufbuild/protobuf";
import {
  type Permissions as PermissionsMessage,
  PermissionsSchema,
} from "@nillion/proto/nillion/permissions/v1/permissions";
import { InvalidArgumentError, Permissions } from "@nillion/types";
import { assertPermissions, permissionsToMessage } from "../permissions-codec.js";
import { assertProtoMessage, fromProtoField } from "./proto-message.js";
import { UserIdProto } from "./user-id-proto.js";

/**
 * `Permissions` to and from its protobuf message `nillion.permissions.v1.permissions.Permissions`
 * (the seed's `Permissions.to_proto` / `Permissions.from_proto`).
 *
 * @example
 * ```ts
 * import { toBinary } from "@bufbuild/protobuf";
 * import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
 * import { Permissions, UserId } from "@nillion/types";
 * import { PermissionsProto } from "@nillion/vm-client";
 *
 * const owner = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * const bytes = toBinary(PermissionsSchema, PermissionsProto.toProto(Permissions.defaultsForUser(owner)));
 * ```
 */
export const PermissionsProto = {
  /** @throws {InvalidArgumentError} (`argument: "proto"`) for another value, no owner or a bad user id */
  fromProto(proto: PermissionsMessage): Permissions {
    assertProtoMessage(proto, PermissionsSchema);
    if (proto.owner === undefined) {
      throw new InvalidArgumentError(`"proto.owner" is missing: permissions always have an owner`, {
        argument: "proto",
      });
    }
    const owner = proto.owner;
    const users = (field: string, list: typeof proto.retrieve) =>
      list.map((user, index) => fromProtoField(`${field}[${index}]`, () => UserIdProto.fromProto(user)));
    const compute = proto.compute.map((entry, index) => {
      const user = entry.user;
      if (user === undefined) {
        throw new InvalidArgumentError(`"proto.compute[${index}].user" is missing`, { argument: "proto" });
      }
      return {
        user: fromProtoField(`compute[${index}].user`, () => UserIdProto.fromProto(user)),
        programIds: entry.programIds,
      };
    });
    const lists = {
      retrieve: users("retrieve", proto.retrieve),
      update: users("update", proto.update),
      delete: users("delete", proto.delete),
      compute,
    };
    const ownerId = fromProtoField("owner", () => UserIdProto.fromProto(owner));
    // What is left to refuse is a compute entry's program id.
    return fromProtoField("compute", () => new Permissions(ownerId, lists));
  },
  /** @throws {InvalidArgumentError} (`argument: "permissions"`) when it is not a `Permissions` */
  toProto(permissions: Permissions): PermissionsMessage {
    assertPermissions(permissions, "permissions");
    return create(PermissionsSchema, permissionsToMessage(permissions));
  },
} as const;
