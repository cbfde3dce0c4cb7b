import {
  bytesToHex,
  type ComputeId,
  EcdsaPublicKey,
  type EcdsaSignature,
  hexToBytes,
  InternalError,
} from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { assertSignatureVerifies, ecdsaVerifies } from "./verify-threshold-signature.js";

/** A signature a computation returned, and the digest it signed. */
export interface EcdsaSigning {
  readonly digest: Uint8Array;
  readonly signature: EcdsaSignature;
  readonly computeId: ComputeId;
}

/**
 * The one public key under which every signing verifies. One ECDSA signature fits two public keys (the
 * signature does not say which of the two points with x = r the nonce was); signatures of two distinct
 * digests by one key share exactly one of them, and a wrong signature shares none.
 *
 * @returns the key, compressed
 * @throws {InternalError} naming the computations when the signatures share no key, or several
 */
export function recoverEcdsaPublicKey(signings: readonly EcdsaSigning[]): EcdsaPublicKey {
  const [first, ...rest] = signings.map(candidates);
  const common = [...(first ?? [])].filter((key) => rest.every((keys) => keys.has(key)));
  if (common.length !== 1) {
    const ids = signings.map((signing) => signing.computeId.toString());
    throw new InternalError(
      `computations ${ids.join(" and ")} returned signatures that ${
        common.length === 0 ? "no one public key verifies" : `${common.length} public keys all verify`
      }: a node answered a wrong signature (share)`,
      { details: { computeIds: ids } },
    );
  }
  const publicKey = new EcdsaPublicKey(hexToBytes(common[0] as string));
  for (const { signature, digest, computeId } of signings) {
    assertSignatureVerifies(ecdsaVerifies(signature, digest, publicKey), computeId, publicKey);
  }
  return publicKey;
}

/** The compressed public keys (hex) that `signature` of `digest` verifies under. */
function candidates({ signature, digest }: EcdsaSigning): Set<string> {
  const keys = new Set<string>();
  let parsed: ReturnType<typeof secp256k1.Signature.fromBytes>;
  try {
    parsed = secp256k1.Signature.fromBytes(new Uint8Array([...signature.r, ...signature.s]), "compact");
  } catch {
    // r or s out of range: no key verifies it.
    return keys;
  }
  // Recovery ids 2 and 3 stand for a nonce point whose x is r + n, which exists with probability about
  // 2^-128; trying them costs nothing and leaves no key out.
  for (const recovery of [0, 1, 2, 3]) {
    try {
      keys.add(bytesToHex(parsed.addRecoveryBit(recovery).recoverPublicKey(digest).toBytes(true)));
    } catch {
      // No point has this x, or the key would be the point at infinity.
    }
  }
  return keys;
}
