// Threshold EdDSA over additive Ed25519 key shares: n-of-n Schnorr in two rounds (FROST without the
// binding factors, which only matter against parties that deviate). Every party ends with the same
// standard Ed25519 signature.
import { bytesToBigInt } from "@nillion/crypto";
import { InternalError } from "@nillion/types";
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes } from "@noble/hashes/utils.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import { thresholdOperand } from "../step-operands.js";
import { CurveCodec } from "../threshold/curve-codec.js";
import { ED25519, modOrder, randomScalar, scalarBytes } from "../threshold/signature-curve.js";
import type { ThresholdValue } from "../threshold/threshold-values.js";

const curve = ED25519;
const q = curve.order;

/**
 * `EddsaSign` (the key, a message M), with A the shared public key and x_i party i's additive share:
 *
 * 1. Every party i draws r_i and broadcasts R_i = r_i·B; all compute R = ΣR_i and
 *    c = SHA-512(R ‖ A ‖ M) mod ℓ, as RFC 8032 does.
 * 2. Every party broadcasts z_i = r_i + c·x_i; all compute z = Σz_i and check z·B = R + c·A.
 *
 * The signature is R ‖ z (z little-endian), the same on every party: r = Σr_i plays the nonce, which no
 * party knows.
 */
export const EDDSA_SIGN_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round): Promise<ThresholdValue> => {
    const key = thresholdOperand(input, 0, "eddsaPrivateKeyShare");
    const { message } = thresholdOperand(input, 1, "eddsaMessage");
    const { parties, field } = round.sharing;
    const codec = new CurveCodec(curve, field.prime);
    const broadcast = (elements: readonly bigint[]) => Array.from({ length: parties }, () => elements);

    const nonce = randomScalar(curve);
    const commitments = await round.exchange(broadcast(codec.point(curve.base(nonce))));
    const nonces = commitments.map((elements, from) => codec.reader(elements, from).point());
    const commitment = nonces.reduce((sum, point) => sum.add(point));
    const encoded = curve.encode(commitment);
    const challenge = modOrder(
      curve,
      bytesToBigInt(sha512(concatBytes(encoded, key.sharedPublicKey, message)), "le"),
    );

    const x = bytesToBigInt(key.x, "le");
    const responses = await round.exchange(broadcast(codec.scalar((nonce + challenge * x) % q)));
    const z = responses.reduce(
      (sum, elements, from) => (sum + codec.reader(elements, from).scalar()) % q,
      0n,
    );
    const publicKey = curve.decode(key.sharedPublicKey);
    const expected = challenge === 0n ? commitment : commitment.add(publicKey.multiply(challenge));
    if (z === 0n ? !expected.is0() : !curve.base(z).equals(expected)) {
      throw new InternalError(
        "protocol violation: the parties' signature shares do not add up to a signature",
      );
    }
    return {
      kind: "threshold",
      type: { kind: "EddsaSignature" },
      wire: { case: "eddsaSignature", value: { signature: concatBytes(encoded, scalarBytes(z)) } },
    };
  },
};
