import { create } from "@bufbuild/protobuf";
import {
  type InputPartyBinding as InputPartyBindingMessage,
  InputPartyBindingSchema,
} from "@nillion/proto/nillion/compute/v1/invoke";
import { InputPartyBinding, InvalidArgumentError } from "@nillion/types";
import { assertProtoMessage, fromProtoField } from "./proto-message.js";
import { UserIdProto } from "./user-id-proto.js";

/**
 * `InputPartyBinding` to and from its protobuf message `nillion.compute.v1.invoke.InputPartyBinding`
 * (the seed's `InputPartyBinding.to_proto` / `InputPartyBinding.from_proto`).
 *
 * @example
 * ```ts
 * import { InputPartyBinding, UserId } from "@nillion/types";
 * import { InputPartyBindingProto } from "@nillion/vm-client";
 *
 * const binding = new InputPartyBinding("Party1", UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"));
 * const message = InputPartyBindingProto.toProto(binding); // message.partyName === "Party1"
 * InputPartyBindingProto.fromProto(message).user.equals(binding.user); // true
 * ```
 */
export const InputPartyBindingProto = {
  /** @throws {InvalidArgumentError} (`argument: "proto"`) for another value, no user or an empty party name */
  fromProto(proto: InputPartyBindingMessage): InputPartyBinding {
    assertProtoMessage(proto, InputPartyBindingSchema);
    if (proto.user === undefined) {
      throw new InvalidArgumentError(`"proto.user" is missing: an input party is bound to one user`, {
        argument: "proto",
      });
    }
    const user = fromProtoField("user", () =>
      UserIdProto.fromProto(proto.user as NonNullable<typeof proto.user>),
    );
    return fromProtoField("partyName", () => new InputPartyBinding(proto.partyName, user));
  },
  /** @throws {InvalidArgumentError} (`argument: "binding"`) when `binding` is not an `InputPartyBinding` */
  toProto(binding: InputPartyBinding): InputPartyBindingMessage {
    if (!(binding instanceof InputPartyBinding)) {
      throw new InvalidArgumentError(`"binding" expected an InputPartyBinding`, { argument: "binding" });
    }
    return create(InputPartyBindingSchema, {
      partyName: binding.partyName,
      user: UserIdProto.toProto(binding.user),
    });
  },
} as const;
