import { EcdsaPublicKey, EddsaPublicKey, InvalidArgumentError, isBytes } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/**
 * `publicKey` as given by a caller: an `EcdsaPublicKey`, or its 33 bytes (compressed secp256k1).
 *
 * @throws {InvalidArgumentError} naming `argument` for anything else, or bytes that are not a point
 */
export function toEcdsaPublicKey(publicKey: unknown, argument: string): EcdsaPublicKey {
  const bytes = publicKeyBytes(publicKey, EcdsaPublicKey, 33, "a compressed secp256k1 point", argument);
  return publicKey instanceof EcdsaPublicKey ? publicKey : new EcdsaPublicKey(bytes);
}

/**
 * `publicKey` as given by a caller: an `EddsaPublicKey`, or its 32 bytes (an Ed25519 point).
 *
 * @throws {InvalidArgumentError} naming `argument` for anything else, or bytes that are not a point
 */
export function toEddsaPublicKey(publicKey: unknown, argument: string): EddsaPublicKey {
  const bytes = publicKeyBytes(publicKey, EddsaPublicKey, 32, "an Ed25519 point", argument);
  return publicKey instanceof EddsaPublicKey ? publicKey : new EddsaPublicKey(bytes);
}

function publicKeyBytes(
  publicKey: unknown,
  type: typeof EcdsaPublicKey | typeof EddsaPublicKey,
  length: 32 | 33,
  what: string,
  argument: string,
): Uint8Array {
  const bytes = publicKey instanceof type ? publicKey.value : publicKey;
  if (!isBytes(bytes)) {
    throw new InvalidArgumentError(`"${argument}" expected a Uint8Array or an ${type.name}`, { argument });
  }
  if (bytes.length !== length) {
    throw new InvalidArgumentError(
      `"${argument}" must be ${length} bytes (${what}), got ${bytes.length} bytes`,
      { argument, details: { expected: length, got: bytes.length } },
    );
  }
  try {
    (length === 33 ? secp256k1 : ed25519).Point.fromBytes(bytes);
  } catch (cause) {
    throw new InvalidArgumentError(`"${argument}" is not ${what}`, { argument, cause });
  }
  return bytes;
}
