import {
  EcdsaDigestMessage,
  type EcdsaPublicKey,
  EcdsaSignature,
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
import { toEcdsaPublicKey } from "./public-key-argument.js";
import { requestObject } from "./threshold-curve.js";
import { assertSignatureVerifies, ecdsaVerifies } from "./verify-threshold-signature.js";

/**
 * What `VmClient.signDigest` takes.
 *
 * @example
 * ```ts
 * import type { SignDigestRequest } from "@nillion/vm-client";
 * import { sha256 } from "@noble/hashes/sha2.js";
 *
 * const request: SignDigestRequest = { keyId, digest: sha256(new TextEncoder().encode("gm")) };
 * ```
 */
export interface SignDigestRequest {
  /**
   * The value set holding the ECDSA key as `tecdsa_private_key`: a key from `generateThresholdKey`, or
   * one stored with compute permission on `builtin/tecdsa_sign` for the caller.
   */
  readonly keyId: ValuesId | string;
  /** Exactly 32 bytes, e.g. a SHA-256 digest; signed as it is, not hashed again. */
  readonly digest: Uint8Array | EcdsaDigestMessage;
  /**
   * The key's public key (33 bytes, compressed), when known: the signature is verified under it before it
   * is returned, so a node that answered a wrong signature share is an `InternalError`, not a signature
   * that fails later at its verifier.
   */
  readonly publicKey?: EcdsaPublicKey | Uint8Array;
}

/** `VmClient.signDigest`: `builtin/tecdsa_sign`, every party bound to the caller. */
export function signDigest(session: Session, request: SignDigestRequest): PayableOperation<EcdsaSignature> {
  return computeAndRetrieve(session, "signDigest", () => {
    const { keyId, digest, publicKey } = requestObject(request, "request");
    const id = toValuesId(keyId, "keyId");
    const message = toDigest(digest);
    const expected = publicKey === undefined ? undefined : toEcdsaPublicKey(publicKey, "publicKey");
    return signDigestPlan(session, id, message.value, expected);
  });
}

/**
 * The computation that signs `digest` with the key `keyId`, and the signature it yields, verified under
 * `publicKey` when one is given.
 */
export function signDigestPlan(
  session: Session,
  keyId: ValuesId,
  digest: Uint8Array,
  publicKey?: EcdsaPublicKey,
): ComputationPlan<EcdsaSignature> {
  const me = session.userId;
  const computation = computeSpec(
    session,
    "builtin/tecdsa_sign",
    [new InputPartyBinding("tecdsa_key_party", me), new InputPartyBinding("tecdsa_digest_message_party", me)],
    [new OutputPartyBinding("tecdsa_output_party", [me])],
    { tecdsa_digest_message: new EcdsaDigestMessage(digest) },
    [keyId],
  );
  return {
    computation,
    // The masker has already combined the nodes' signature shares (σ summed, one r, low s).
    read: (results, computeId) => {
      const signature = computationOutput(results, "tecdsa_signature", EcdsaSignature, computeId);
      if (publicKey !== undefined) {
        assertSignatureVerifies(ecdsaVerifies(signature, digest, publicKey), computeId, publicKey);
      }
      return signature;
    },
  };
}

function toDigest(digest: unknown): EcdsaDigestMessage {
  if (digest instanceof EcdsaDigestMessage) return digest;
  if (!isBytes(digest)) {
    throw new InvalidArgumentError(`"digest" expected a Uint8Array or an EcdsaDigestMessage`, {
      argument: "digest",
    });
  }
  if (digest.length !== 32) {
    throw new InvalidArgumentError(
      `"digest" must be exactly 32 bytes (a message digest such as SHA-256), got ${digest.length} bytes`,
      { argument: "digest", details: { expected: 32, got: digest.length } },
    );
  }
  return new EcdsaDigestMessage(digest);
}
