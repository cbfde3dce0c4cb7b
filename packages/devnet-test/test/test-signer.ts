// A user key for the end-to-end suites, built on node:crypto. This package's layer may not import
// @nillion/crypto, and `VmClient.create` takes any Signer (a key held elsewhere, behind `keyType`,
// `publicKey` and `sign`), so the suites sign their tokens the way an external key store would.
import { generateKeyPairSync, sign } from "node:crypto";
import type { VmClient } from "@nillion/vm-client";

/** What `VmClient.create` signs tokens with. */
export type TestSigner = Parameters<typeof VmClient.create>[0];

// secp256k1's group order: signatures are normalised to low S, as nodes require.
const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * A fresh random user key: secp256k1 (compact low-S ECDSA over SHA-256, compressed public key) or
 * Ed25519 (RFC 8032).
 *
 * @example
 * ```ts
 * const client = await VmClient.create(testSigner(), network, payer);
 * ```
 */
export function testSigner(keyType: "secp256k1" | "ed25519" = "secp256k1"): TestSigner {
  if (keyType === "ed25519") {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    return {
      keyType,
      publicKey: fromBase64Url(publicKey.export({ format: "jwk" }).x),
      sign: (message) => new Uint8Array(sign(null, message, privateKey)),
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
  const { x, y } = publicKey.export({ format: "jwk" });
  const yBytes = fromBase64Url(y);
  const compressed = new Uint8Array(33);
  compressed[0] = 2 + ((yBytes[31] ?? 0) & 1);
  compressed.set(fromBase64Url(x), 1);
  return {
    keyType,
    publicKey: compressed,
    sign(message) {
      const signature = new Uint8Array(
        sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" }),
      );
      const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString("hex")}`);
      if (s > ORDER / 2n) signature.set(Buffer.from((ORDER - s).toString(16).padStart(64, "0"), "hex"), 32);
      return signature;
    },
  };
}

function fromBase64Url(text: string | undefined): Uint8Array {
  return new Uint8Array(Buffer.from(text ?? "", "base64url"));
}
