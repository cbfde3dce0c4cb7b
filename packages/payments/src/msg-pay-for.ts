import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { GeneratedType } from "@cosmjs/proto-signing";
import { type MsgPayFor, MsgPayForSchema } from "@nillion/proto/nillion/meta/v1/tx";
import { assertBytes, InvalidArgumentError } from "@nillion/types";
import type { AnyMessage } from "./cosmos-codec.js";

/** `Any.type_url` of the payment message on nilchain. */
export const MSG_PAY_FOR_TYPE_URL = "/nillion.meta.v1.MsgPayFor";

/** The denomination every payment is made in. */
export const DENOM = "unil";

/**
 * A `MsgPayFor` in the `{ typeUrl, value }` form cosmjs's `signAndBroadcast` takes (with
 * {@link msgPayForType} registered under {@link MSG_PAY_FOR_TYPE_URL}).
 */
export interface MsgPayForEncodeObject {
  readonly typeUrl: typeof MSG_PAY_FOR_TYPE_URL;
  readonly value: MsgPayFor;
}

/**
 * The `MsgPayFor` that pays `amount` unil from `fromAddress` for `resource`: the message `NilChainPayer`
 * sends. The Python client's `NilChainPayer.prepare_msg`.
 *
 * @throws {InvalidArgumentError} naming `resource`, `fromAddress` or `amount`
 */
export function payForMessage(
  resource: Uint8Array,
  fromAddress: string,
  amount: bigint,
): MsgPayForEncodeObject {
  assertBytes(resource, "resource");
  if (typeof fromAddress !== "string" || fromAddress === "") {
    throw new InvalidArgumentError(
      `fromAddress must be the payer's bech32 address, got ${JSON.stringify(fromAddress)}`,
      { argument: "fromAddress" },
    );
  }
  if (typeof amount !== "bigint" || amount <= 0n) {
    throw new InvalidArgumentError(`amount must be a positive bigint (unil), got ${String(amount)}`, {
      argument: "amount",
    });
  }
  return {
    typeUrl: MSG_PAY_FOR_TYPE_URL,
    value: create(MsgPayForSchema, {
      resource,
      fromAddress,
      amount: [{ denom: DENOM, amount: amount.toString() }],
    }),
  };
}

/** The message as a transaction body carries it. */
export function payForAny(message: MsgPayForEncodeObject): AnyMessage {
  return { typeUrl: message.typeUrl, value: toBinary(MsgPayForSchema, message.value) };
}

// cosmjs encodes through a ts-proto-shaped codec: `fromPartial`, then `encode(...).finish()`. This one
// delegates to the protobuf-es schema, so the bytes are exactly what NilChainPayer writes.
const codec = {
  fromPartial: (value: Parameters<typeof create<typeof MsgPayForSchema>>[1]): MsgPayFor =>
    create(MsgPayForSchema, value),
  encode: (message: MsgPayFor) => ({ finish: () => toBinary(MsgPayForSchema, message) }),
  decode: (bytes: Uint8Array): MsgPayFor => fromBinary(MsgPayForSchema, bytes),
};

/**
 * MsgPayFor for a cosmjs `Registry`, to pay from your own cosmjs client.
 *
 * @example
 * ```ts
 * import { Registry } from "@cosmjs/proto-signing";
 * import { MSG_PAY_FOR_TYPE_URL, msgPayForType } from "@nillion/payments";
 *
 * const registry = new Registry([[MSG_PAY_FOR_TYPE_URL, msgPayForType]]);
 * ```
 */
export const msgPayForType = codec as unknown as GeneratedType;
