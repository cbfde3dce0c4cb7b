// The public key of a threshold key: every share carries it, so deriving it sends nothing.
import type { OnlineProtocol } from "../protocol-implementation.js";
import { thresholdOperand } from "../step-operands.js";
import type { ThresholdValue } from "../threshold/threshold-values.js";

/**
 * `PublicKeyDerive` (`key.public_key()`): the shared public key the key share carries, 33-byte compressed
 * secp256k1 for an ECDSA key, 32-byte Ed25519 for an EdDSA key. Online in the plan, as on the node, though
 * it sends nothing.
 */
export const PUBLIC_KEY_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input): Promise<ThresholdValue> => {
    const [key] = input.operands;
    if (key?.kind === "threshold" && key.wire.case === "ecdsaPrivateKeyShare") {
      const publicKey = key.wire.value.sharedPublicKey;
      return {
        kind: "threshold",
        type: { kind: "EcdsaPublicKey" },
        wire: { case: "ecdsaPublicKey", value: { publicKey } },
      };
    }
    const publicKey = thresholdOperand(input, 0, "eddsaPrivateKeyShare").sharedPublicKey;
    return {
      kind: "threshold",
      type: { kind: "EddsaPublicKey" },
      wire: { case: "eddsaPublicKey", value: { publicKey } },
    };
  },
};
