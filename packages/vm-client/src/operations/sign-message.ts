import {
  EddsaMessage,
  type EddsaPublicKey,
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
import { type ComputationPlan, computeAndRetrieve } from "./compute-and-retrieve.js";
import { toEddsaPublicKey } from "./public-key-argument.js";
import { requestObject } from "./threshold-curve.js";
import { assertSignatureVerifies, eddsaVerifies } from "./verify-threshold-signature.js";

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
  /**
   * The key's public key (32 bytes), when known: the signature is verified under it before it is
   * returned, so a node that answered a wrong signature is an `InternalError`.
   */
  readonly publicKey?: EddsaPublicKey | Uint8Array;
}

/** `VmClient.signMessage`: `builtin/teddsa_sign`, every party bound to the caller. */
export function signMessage(session: Session, request: SignMessageRequest): PayableOperation<EddsaSignature> {
  return computeAndRetrieve(session, "signMessage", () => {
    const { keyId, message, publicKey } = requestObject(request, "request");
    const id = toValuesId(keyId, "keyId");
    const bytes = toMessage(message).value;
    const expected = publicKey === undefined ? undefined : toEddsaPublicKey(publicKey, "publicKey");
    return signMessagePlan(session, id, bytes, expected);
  });
}

/**
 * The computation that signs `message` with the key `keyId`, and the signature it yields, verified under
 * `publicKey` when one is given.
 */
export function signMessagePlan(
  session: Session,
  keyId: ValuesId,
  message: Uint8Array,
  publicKey?: EddsaPublicKey,
): ComputationPlan<EddsaSignature> {
  const me = session.userId;
  const computation = computeSpec(
    session,
    "builtin/teddsa_sign",
    [new InputPartyBinding("teddsa_key_party", me), new InputPartyBinding("teddsa_message_party", me)],
    [new OutputPartyBinding("teddsa_output_party", [me])],
    { teddsa_message: new EddsaMessage(message) },
    [keyId],
  );
  return {
    computation,
    read: (results, computeId) => {
      const signature = computationOutput(results, "teddsa_signature", EddsaSignature, computeId);
      if (publicKey !== undefined) {
        assertSignatureVerifies(eddsaVerifies(signature, message, publicKey), computeId, publicKey);
      }
      return signature;
    },
  };
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
