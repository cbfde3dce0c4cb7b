import { EcdsaPublicKey, EddsaPublicKey, OutputPartyBinding, StoreId, ValuesId } from "@nillion/types";
import type { PayableOperation } from "../operation.js";
import type { Session } from "../session.js";
import { computationOutput } from "./computation-output.js";
import { computeSpec } from "./compute.js";
import { computeAndRetrieve } from "./compute-and-retrieve.js";
import { builtinPrefix, requestObject, type ThresholdCurve, toThresholdCurve } from "./threshold-curve.js";

/**
 * What `VmClient.generateThresholdKey` takes.
 *
 * @example
 * ```ts
 * import type { GenerateThresholdKeyRequest } from "@nillion/vm-client";
 *
 * const request: GenerateThresholdKeyRequest<"ecdsa"> = { curve: "ecdsa" };
 * ```
 */
export interface GenerateThresholdKeyRequest<C extends ThresholdCurve = ThresholdCurve> {
  /** `"ecdsa"` (secp256k1, signs digests) or `"eddsa"` (Ed25519, signs messages). */
  readonly curve: C;
}

/** The public key type of each curve. */
export interface ThresholdPublicKeys {
  readonly ecdsa: EcdsaPublicKey;
  readonly eddsa: EddsaPublicKey;
}

/**
 * A key the nodes generated together: only key shares exist, one per node, stored as a value set.
 *
 * @example
 * ```ts
 * import type { ThresholdKey } from "@nillion/vm-client";
 *
 * const key: ThresholdKey<"ecdsa"> = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
 * key.publicKey.value; // 33 bytes, compressed secp256k1
 * ```
 */
export interface ThresholdKey<C extends ThresholdCurve = ThresholdCurve> {
  readonly curve: C;
  /** The value set holding the key shares (the DKG's store id); sign with it. */
  readonly keyId: ValuesId;
  /** 33-byte compressed secp256k1 point, or 32-byte Ed25519 point. */
  readonly publicKey: ThresholdPublicKeys[C];
}

/** `VmClient.generateThresholdKey`: `builtin/<prefix>_dkg`, both outputs bound to the caller. */
export function generateThresholdKey<C extends ThresholdCurve>(
  session: Session,
  request: GenerateThresholdKeyRequest<C>,
): PayableOperation<ThresholdKey<C>> {
  return computeAndRetrieve(session, "generateThresholdKey", () => {
    const curve = toThresholdCurve(requestObject(request, "request").curve, "curve") as C;
    const prefix = builtinPrefix(curve);
    const owner = [session.userId];
    const computation = computeSpec(
      session,
      `builtin/${prefix}_dkg`,
      [],
      [
        // The nodes make the first user of the first output binding the key's owner.
        new OutputPartyBinding(`${prefix}_private_key_store_id_party`, owner),
        new OutputPartyBinding(`${prefix}_public_key_party`, owner),
      ],
      {},
    );
    const PublicKey: abstract new (...args: never[]) => EcdsaPublicKey | EddsaPublicKey =
      curve === "ecdsa" ? EcdsaPublicKey : EddsaPublicKey;
    return {
      computation,
      read: (results, computeId) => ({
        curve,
        keyId: new ValuesId(computationOutput(results, `${prefix}_store_id`, StoreId, computeId).value),
        publicKey: computationOutput(
          results,
          `${prefix}_public_key`,
          PublicKey,
          computeId,
        ) as ThresholdPublicKeys[C],
      }),
    };
  });
}
