import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import type { GeneratedType } from "@cosmjs/proto-signing";
import { type MsgPayFor, MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";

/** `Any.type_url` of the payment message on nilchain. */
export const MSG_PAY_FOR_TYPE_URL = "/nillion.meta.v1.MsgPayFor";

/** The value of a MsgPayFor as cosmjs passes it around. */
export type MsgPayForValue = MessageInitShape<typeof MsgPayForSchema>;

// cosmjs encodes through a ts-proto-shaped codec: `fromPartial`, then `encode(...).finish()`. This one
// delegates to the protobuf-es schema, so the bytes are exactly what @nillion/proto writes.
const codec = {
  fromPartial: (value: MsgPayForValue): MsgPayFor => create(MsgPayForSchema, value),
  encode: (message: MsgPayFor) => ({ finish: () => toBinary(MsgPayForSchema, message) }),
  decode: (bytes: Uint8Array): MsgPayFor => fromBinary(MsgPayForSchema, bytes),
};

/** MsgPayFor for a cosmjs `Registry`. */
export const msgPayForType = codec as unknown as GeneratedType;
