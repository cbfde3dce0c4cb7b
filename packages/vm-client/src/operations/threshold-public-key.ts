import { EddsaPublicKey, type ValuesId } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { type CompositeOperation, type CompositePlan, compositeOperation } from "../composite-operation.js";
import { toValuesId } from "../ids.js";
import type { Session } from "../session.js";
import { computationOutput } from "./computation-output.js";
import { computeAndRetrieveSpec } from "./compute-and-retrieve.js";
import type { ThresholdPublicKeys } from "./generate-threshold-key.js";
import { type EcdsaSigning, recoverEcdsaPublicKey } from "./recover-ecdsa-public-key.js";
import { signDigestPlan } from "./sign-digest.js";
import { signMessagePlan } from "./sign-message.js";
import { requestObject, type ThresholdCurve, toThresholdCurve } from "./threshold-curve.js";
import { assertSignatureVerifies, eddsaVerifies } from "./verify-threshold-signature.js";

/**
 * What `VmClient.thresholdPublicKey` takes.
 *
 * @example
 * ```ts
 * import type { ThresholdPublicKeyRequest } from "@nillion/vm-client";
 *
 * const request: ThresholdPublicKeyRequest<"ecdsa"> = { keyId, curve: "ecdsa" };
 * ```
 */
export interface ThresholdPublicKeyRequest<C extends ThresholdCurve = ThresholdCurve> {
  /** The value set holding the key, as `signDigest` (ECDSA) or `signMessage` (EdDSA) takes it. */
  readonly keyId: ValuesId | string;
  /** `"ecdsa"` (secp256k1) or `"eddsa"` (Ed25519): the sign built-in the key is used with. */
  readonly curve: C;
}

const LABEL = "nillion/threshold-public-key";
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * What a key signs to show its public key: fixed, domain-separated labels that say nothing. A signature
 * of them is no statement of its holder's, and nobody asks to sign these bytes for any other reason.
 */
const PUBLIC_KEY_DIGESTS: readonly Uint8Array[] = [sha256(utf8(`${LABEL}/1`)), sha256(utf8(`${LABEL}/2`))];
const PUBLIC_KEY_MESSAGE: Uint8Array = utf8(LABEL);

/**
 * `VmClient.thresholdPublicKey`: signatures of fixed labels with the sign built-in, the only computation a
 * signer may run on the key (its shares are never retrieved). EdDSA's built-in answers the public key
 * beside the signature; ECDSA's answers only the signature, so the key is recovered from two of them.
 */
export function thresholdPublicKey<C extends ThresholdCurve>(
  session: Session,
  request: ThresholdPublicKeyRequest<C>,
): CompositeOperation<ThresholdPublicKeys[C]> {
  return compositeOperation(session, "thresholdPublicKey", () => {
    const { keyId, curve } = requestObject(request, "request");
    const id = toValuesId(keyId, "keyId");
    const plan =
      toThresholdCurve(curve, "curve") === "ecdsa" ? ecdsaPlan(session, id) : eddsaPlan(session, id);
    return plan as CompositePlan<unknown, ThresholdPublicKeys[C]>;
  });
}

function ecdsaPlan(
  session: Session,
  keyId: ValuesId,
): CompositePlan<EcdsaSigning, ThresholdPublicKeys["ecdsa"]> {
  return {
    parts: PUBLIC_KEY_DIGESTS.map((digest) =>
      computeAndRetrieveSpec(session, "thresholdPublicKey", () => {
        const { computation, read } = signDigestPlan(session, keyId, digest);
        return {
          computation,
          read: (results, computeId) => ({ digest, computeId, signature: read(results, computeId) }),
        };
      }),
    ),
    combine: recoverEcdsaPublicKey,
  };
}

function eddsaPlan(
  session: Session,
  keyId: ValuesId,
): CompositePlan<EddsaPublicKey, ThresholdPublicKeys["eddsa"]> {
  const part = computeAndRetrieveSpec(session, "thresholdPublicKey", () => {
    const { computation, read } = signMessagePlan(session, keyId, PUBLIC_KEY_MESSAGE);
    return {
      computation,
      read: (results, computeId) => {
        const signature = read(results, computeId);
        const publicKey = computationOutput(results, "teddsa_public_key", EddsaPublicKey, computeId);
        assertSignatureVerifies(
          eddsaVerifies(signature, PUBLIC_KEY_MESSAGE, publicKey),
          computeId,
          publicKey,
        );
        return publicKey;
      },
    };
  });
  return { parts: [part], combine: ([publicKey]) => publicKey as EddsaPublicKey };
}
