// Threshold-signature programs, keys and checks for the engine's tests: the built-in programs' shapes
// (sign, and output the public key), keys drawn with @noble/curves, and verification with @noble/curves.
import { bigIntToBytes, bytesToBigInt } from "@nillion/crypto";
import type { NadaProgram } from "@nillion/nada";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  type EcdsaPublicKey,
  type EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  type EddsaPublicKey,
  type EddsaSignature,
} from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ProgramBuilder } from "./program-builder.js";

/** `key.ecdsa_sign(digest)` and `key.public_key()` for output party P; inputs `key` and `digest`. */
export function ecdsaProgram(): NadaProgram {
  const b = new ProgramBuilder();
  const key = b.input("key", { kind: "EcdsaPrivateKey" });
  const digest = b.input("digest", { kind: "EcdsaDigestMessage" });
  b.output("signature", b.binary("ecdsaSign", key, digest, { kind: "EcdsaSignature" }));
  b.output("public_key", b.op({ kind: "publicKeyDerive", operand: key, type: { kind: "EcdsaPublicKey" } }));
  return b.build();
}

/** `key.eddsa_sign(message)` and `key.public_key()` for output party P; inputs `key` and `message`. */
export function eddsaProgram(): NadaProgram {
  const b = new ProgramBuilder();
  const key = b.input("key", { kind: "EddsaPrivateKey" });
  const message = b.input("message", { kind: "EddsaMessage" });
  b.output("signature", b.binary("eddsaSign", key, message, { kind: "EddsaSignature" }));
  b.output("public_key", b.op({ kind: "publicKeyDerive", operand: key, type: { kind: "EddsaPublicKey" } }));
  return b.build();
}

export const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));

/** A fresh secp256k1 private key: 32 bytes big-endian. */
export const ecdsaKey = () => new EcdsaPrivateKey(secp256k1.utils.randomSecretKey());

/** A fresh Ed25519 signing scalar: 32 bytes little-endian, below ℓ. */
export function eddsaKey(): EddsaPrivateKey {
  const scalar = bytesToBigInt(randomBytes(64), "le") % ed25519.Point.Fn.ORDER;
  return new EddsaPrivateKey(bigIntToBytes(scalar === 0n ? 1n : scalar, 32, "le"));
}

/** The inputs of {@link ecdsaProgram}. */
export const ecdsaInputs = (key: EcdsaPrivateKey, digest: Uint8Array) => ({
  key,
  digest: new EcdsaDigestMessage(digest),
});

/** The inputs of {@link eddsaProgram}. */
export const eddsaInputs = (key: EddsaPrivateKey, message: Uint8Array) => ({
  key,
  message: new EddsaMessage(message),
});

/** The compressed public key of an ECDSA private key. */
export const ecdsaPublicKeyOf = (key: EcdsaPrivateKey) => secp256k1.getPublicKey(key.value, true);

/** The public key of an Ed25519 signing scalar. */
export const eddsaPublicKeyOf = (key: EddsaPrivateKey) =>
  ed25519.Point.BASE.multiply(bytesToBigInt(key.value, "le")).toBytes();

/** Whether `signature` is a valid low-s ECDSA signature of the 32-byte `digest` (not hashed again). */
export function ecdsaVerifies(
  signature: EcdsaSignature,
  digest: Uint8Array,
  publicKey: EcdsaPublicKey | Uint8Array,
): boolean {
  const compact = new Uint8Array([...signature.r, ...signature.s]);
  const key = publicKey instanceof Uint8Array ? publicKey : publicKey.value;
  return secp256k1.verify(compact, digest, key, { prehash: false, lowS: true });
}

/** Whether `signature` is a valid Ed25519 signature of `message`. */
export function eddsaVerifies(
  signature: EddsaSignature | Uint8Array,
  message: Uint8Array,
  publicKey: EddsaPublicKey | Uint8Array,
): boolean {
  const bytes = signature instanceof Uint8Array ? signature : signature.value;
  const key = publicKey instanceof Uint8Array ? publicKey : publicKey.value;
  return ed25519.verify(bytes, message, key);
}
