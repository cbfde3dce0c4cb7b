import {
  EddsaMessage,
  EddsaSignature,
  InputPartyBinding,
  InvalidArgumentError,
  isBytes,
  OutputPartyBinding,
  type ValuesId,
} from "@nillion/types";
import { toValuesId } from "../ids.js";
import type { PayableOperation } from "../operation.js";
import type { Session } from "../session.js";
import { computationOutput } from "./computation-output.js";
import { computeSpec } from "./compute.js";
import { computeAndRetrieve } from "./compute-and-retrieve.js";
import { requestObject } from "./threshold-curve.js";

/**
 * What `VmClient.signMessage` takes.
 *
 * @example
 * ```ts
 * import type { SignMessageRequest } from "@nillion/vm-client";
 *
 * const request: SignMessageRequest = { keyId, message: new TextEncoder().encode("gm") };
 * ```
 */
export interface SignMessageRequest {
  /**
   * The value set holding the Ed25519 key as `teddsa_private_key`: a key from `generateThresholdKey`, or
   * one stored with compute permission on `builtin/teddsa_sign` for the caller.
   */
  readonly keyId: ValuesId | string;
  /** The message itself (Ed25519 hashes it as part of signing). */
  readonly message: Uint8Array | EddsaMessage;
}

/** `VmClient.signMessage`: `builtin/teddsa_sign`, every party bound to the caller. */
export function signMessage(session: Session, request: SignMessageRequest): PayableOperation<EddsaSignature> {
  return computeAndRetrieve(session, "signMessage", () => {
    const { keyId, message } = requestObject(request, "request");
    const id = toValuesId(keyId, "keyId");
    const me = session.userId;
    const computation = computeSpec(
      session,
      "builtin/teddsa_sign",
      [new InputPartyBinding("teddsa_key_party", me), new InputPartyBinding("teddsa_message_party", me)],
      [new OutputPartyBinding("teddsa_output_party", [me])],
      { teddsa_message: toMessage(message) },
      [id],
    );
    return {
      computation,
      read: (results, computeId) => computationOutput(results, "teddsa_signature", EddsaSignature, computeId),
    };
  });
}

function toMessage(message: unknown): EddsaMessage {
  if (message instanceof EddsaMessage) return message;
  if (!isBytes(message)) {
    throw new InvalidArgumentError(`"message" expected a Uint8Array or an EddsaMessage`, {
      argument: "message",
    });
  }
  return new EddsaMessage(message);
}
