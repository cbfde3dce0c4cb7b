import { assertBytes, InvalidArgumentError } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/**
 * The two signature schemes a node accepts for auth tokens. The official TS and Python clients only use
 * `secp256k1`; the node and the Rust client also accept `ed25519`.
 *
 * @example
 * ```ts
 * import type { PublicKeyType } from "@nillion/crypto";
 *
 * const type: PublicKeyType = "secp256k1";
 * ```
 */
export type PublicKeyType = "secp256k1" | "ed25519";

/**
 * A public key tagged with its scheme, as carried in a `SignedToken`: 33-byte compressed SEC1 for
 * `secp256k1`, the 32-byte RFC 8032 encoding for `ed25519`.
 *
 * @example
 * ```ts
 * import { PrivateKey, type PublicKey } from "@nillion/crypto";
 *
 * const key = PrivateKey.fromSeed("alice");
 * const publicKey: PublicKey = { type: "secp256k1", bytes: key.publicKey };
 * ```
 */
export interface PublicKey {
  readonly type: PublicKeyType;
  readonly bytes: Uint8Array;
}

/**
 * The encoded length of a public key of each type.
 *
 * @example
 * ```ts
 * import { PUBLIC_KEY_LENGTH } from "@nillion/crypto";
 *
 * PUBLIC_KEY_LENGTH.secp256k1; // 33
 * ```
 */
export const PUBLIC_KEY_LENGTH: Readonly<Record<PublicKeyType, number>> = Object.freeze({
  secp256k1: 33,
  ed25519: 32,
});

/**
 * Whether `publicKey` has the right length for its type and decodes to a curve point. This is the check
 * a node makes before it looks at a signature ("invalid public key").
 *
 * A compressed secp256k1 key (prefix `02`/`03`) is required; the uncompressed 65-byte form is not a
 * token public key. An ed25519 key is accepted when it decompresses, as ed25519-dalek does; non-canonical
 * encodings then fail at signature verification, which is strict RFC 8032.
 *
 * @throws {InvalidArgumentError} when `publicKey` is not a `{ type, bytes }` object
 *
 * @example
 * ```ts
 * import { isValidPublicKey } from "@nillion/crypto";
 *
 * isValidPublicKey({ type: "secp256k1", bytes: new Uint8Array(33) }); // false: not a point
 * ```
 */
export function isValidPublicKey(publicKey: PublicKey): boolean {
  assertPublicKey(publicKey, "publicKey");
  const { type, bytes } = publicKey;
  if (bytes.length !== PUBLIC_KEY_LENGTH[type]) return false;
  try {
    if (type === "secp256k1") secp256k1.Point.fromBytes(bytes);
    // zip215 = true accepts what dalek's decompression accepts (any y below 2^255 on the curve).
    else ed25519.Point.fromBytes(bytes, true);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws an {@link InvalidArgumentError} naming `argument` unless `value` is a `{ type, bytes }` object
 * with a known type. The length and the point are not checked (see {@link isValidPublicKey}).
 *
 * @internal
 */
export function assertPublicKey(value: unknown, argument: string): asserts value is PublicKey {
  if (typeof value !== "object" || value === null) {
    throw new InvalidArgumentError(`"${argument}" expected a { type, bytes } public key`, { argument });
  }
  const { type, bytes } = value as { type?: unknown; bytes?: unknown };
  if (type !== "secp256k1" && type !== "ed25519") {
    throw new InvalidArgumentError(
      `"${argument}.type" must be "secp256k1" or "ed25519", got ${String(type)}`,
      {
        argument,
      },
    );
  }
  assertBytes(bytes, `${argument}.bytes`);
}
