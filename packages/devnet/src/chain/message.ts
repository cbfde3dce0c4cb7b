// The contract between the tx decoder, the ante handler and the message handlers: a decoded message knows
// its type URL, its signer (the field the proto marks with `cosmos.msg.v1.signer`) and how to execute.
import type { Any } from "cosmjs-types/google/protobuf/any";
import type { Context } from "./context.js";

/** A message of a tx, decoded and ready to run. */
export interface DecodedMessage {
  readonly typeUrl: string;
  /** The bech32 text of the signer field, as the tx carries it (checked by the ante handler). */
  readonly signer: string;
  /**
   * Runs the message against `ctx.state`. Returns the response to record in `TxMsgData`.
   *
   * @throws {SdkError} when the message fails; the tx then fails and its message state is dropped
   */
  execute(ctx: Context): Any;
}
