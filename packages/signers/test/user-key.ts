// A fresh user key for VmClient.create, on @noble/curves: this package's layer has no @nillion/crypto.
import type { VmClient } from "@nillion/vm-client";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** A random secp256k1 user key signing tokens as nodes expect: low-s ECDSA over SHA-256, compact. */
export function userKey(): Parameters<typeof VmClient.create>[0] {
  const secretKey = secp256k1.utils.randomSecretKey();
  return {
    keyType: "secp256k1",
    publicKey: secp256k1.getPublicKey(secretKey, true),
    sign: (message) => secp256k1.sign(message, secretKey),
  };
}
