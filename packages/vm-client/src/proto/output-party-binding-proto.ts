import { create } from "@bufbuild/protobuf";
import {
  type OutputPartyBinding as OutputPartyBindingMessage,
  OutputPartyBindingSchema,
} from "@nillion/proto/nillion/compute/v1/invoke";
import { InvalidArgumentError, OutputPartyBinding } from "@nillion/types";
import { assertProtoMessage, fromProtoField } from "./proto-message.js";
import { UserIdProto } from "./user-id-proto.js";

/**
 * `OutputPartyBinding` to and from its protobuf message `nillion.compute.v1.invoke.OutputPartyBinding`
 * (the seed's `OutputPartyBinding.to_proto` / `OutputPartyBinding.from_proto`).
 *
 * @example
 * ```ts
 * import { OutputPartyBinding, UserId } from "@nillion/types";
 * import { OutputPartyBindingProto } from "@nillion/vm-client";
 *
 * const binding = new OutputPartyBinding("Party1", [UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9")]);
 * const message = OutputPartyBindingProto.toProto(binding); // message.users.length === 1
 * OutputPartyBindingProto.fromProto(message).partyName; // "Party1"
 * ```
 */
export const OutputPartyBindingProto = {
  /** @throws {InvalidArgumentError} (`argument: "proto"`) for another value, a bad user or an empty party name */
  fromProto(proto: OutputPartyBindingMessage): OutputPartyBinding {
    assertProtoMessage(proto, OutputPartyBindingSchema);
    const users = proto.users.map((user, index) =>
      fromProtoField(`users[${index}]`, () => UserIdProto.fromProto(user)),
    );
    return fromProtoField("partyName", () => new OutputPartyBinding(proto.partyName, users));
  },
  /** @throws {InvalidArgumentError} (`argument: "binding"`) when `binding` is not an `OutputPartyBinding` */
  toProto(binding: OutputPartyBinding): OutputPartyBindingMessage {
    if (!(binding instanceof OutputPartyBinding)) {
      throw new InvalidArgumentError(`"binding" expected an OutputPartyBinding`, { argument: "binding" });
    }
    return create(OutputPartyBindingSchema, {
      partyName: binding.partyName,
      users: binding.users.map((user) => UserIdProto.toProto(user)),
    });
  },
} as const;
