// ECDSA secp256k1 verification as the SDK's secp256k1.PubKey.VerifySignature: a 64-byte r‖s signature with
// low S (the high-S twin is malleable and refused) over SHA-256 of the message. The curve arithmetic is
// OpenSSL's, through node:crypto: it is about three times faster than a JS implementation, which matters
// because every payment is verified twice (CheckTx, then its block). A signature that verified once is
// remembered, so the second check of the same bytes is a lookup.
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";

// SubjectPublicKeyInfo header for a compressed secp256k1 point (id-ecPublicKey, secp256k1, 33-byte key).
const SPKI_PREFIX = Buffer.from("3036301006072a8648ce3d020106052b8104000a032200", "hex");
const HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
// Parsed keys are reused: a payer's key verifies every one of its txs.
const MAX_CACHED = 4096;
const keys = new Map<string, KeyObject>();
const verified = new Set<string>();

/** Whether `signature` (64-byte r‖s, low S) signs SHA-256(`message`) under the compressed `publicKey`. */
export function verifySecp256k1(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 33) return false;
  const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`);
  if (s > HALF_ORDER) return false;
  const id = createHash("sha256").update(message).update(signature).update(publicKey).digest("hex");
  if (verified.has(id)) return true;
  let valid: boolean;
  try {
    valid = verify("sha256", message, { key: keyObject(publicKey), dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    // Not a point on the curve.
    return false;
  }
  if (valid) {
    if (verified.size >= MAX_CACHED) verified.clear();
    verified.add(id);
  }
  return valid;
}

function keyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString("hex");
  let key = keys.get(id);
  if (key === undefined) {
    if (keys.size >= MAX_CACHED) keys.clear();
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
    keys.set(id, key);
  }
  return key;
}
