import { create } from "@bufbuild/protobuf";
import { type UserId as UserIdMessage, UserIdSchema } from "@nillion/proto/nillion/auth/v1/user";
import { InvalidArgumentError, isUserId, UserId } from "@nillion/types";
import { assertProtoMessage, fromProtoField } from "./proto-message.js";

/**
 * `UserId` to and from its protobuf message `nillion.auth.v1.user.UserId` (the seed's
 * `UserId.to_proto` / `UserId.from_proto`).
 *
 * @example
 * ```ts
 * import { toBinary } from "@bufbuild/protobuf";
 * import { UserIdSchema } from "@nillion/proto/nillion/auth/v1/user";
 * import { InvalidArgumentError, isUserId, UserId } from "@nillion/types";
 * import { UserIdProto } from "@nillion/vm-client";
 *
 * const message = UserIdProto.toProto(UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"));
 * const bytes = toBinary(UserIdSchema, message);
 * UserIdProto.fromProto(message).toHex(); // "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"
 * ```
 */
export const UserIdProto = {
  /**
   * @throws {InvalidArgumentError} (`argument: "proto"`) for another value or contents that are not 20 bytes
   */
  fromProto(proto: UserIdMessage): UserId {
    assertProtoMessage(proto, UserIdSchema);
    return fromProtoField("contents", () => new UserId(proto.contents));
  },
  /** @throws {InvalidArgumentError} (`argument: "userId"`) when `userId` is not a `UserId` */
  toProto(userId: UserId): UserIdMessage {
    return create(UserIdSchema, { contents: assertUserId(userId).bytes });
  },
} as const;

function assertUserId(value: unknown): UserId {
  if (!isUserId(value)) {
    throw new InvalidArgumentError(`"userId" expected a UserId (e.g. UserId.parse(hex))`, {
      argument: "userId",
    });
  }
  return value;
}
