import { assertBytes, bytesToHex, hexToBytes, InvalidArgumentError, type UserId } from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { showAsString } from "./show-as-string.js";
import type { Signer } from "./signer.js";
import { userIdFromPublicKey } from "./user-id-from-public-key.js";

const SECRET_KEY_LENGTH = 32;

/**
 * A secp256k1 private key: the identity the official TS and Python clients use, and the key type of
 * devnet and testnet nodes.
 *
 * The secret is held in a private field: `toString()`, `console.log` and `JSON.stringify` show the
 * user id, never the secret. Use {@link PrivateKey.toBytes} or {@link PrivateKey.toHex} to export it.
 *
 * @example
 * ```ts
 * import { PrivateKey } from "@nillion/crypto";
 *
 * const key = PrivateKey.fromSeed("tests");
 * key.userId.toHex(); // "163aff316bd4247d86f73d088a620f8d77ff88b5"
 * const signature = key.sign(new TextEncoder().encode("hi mom")); // 64 bytes, r‖s
 * ```
 */
export class PrivateKey implements Signer {
  /** Always `"secp256k1"`. */
  readonly keyType = "secp256k1" as const;
  /** The 33-byte compressed SEC1 public key. */
  readonly publicKey: Uint8Array;
  /** The id nodes give this key: last 20 bytes of SHA-256(`publicKey`). */
  readonly userId: UserId;
  readonly #secret: Uint8Array;

  private constructor(secret: Uint8Array) {
    this.#secret = secret;
    this.publicKey = secp256k1.getPublicKey(secret, true);
    this.userId = userIdFromPublicKey(this.publicKey);
    showAsString(this);
  }

  /**
   * A fresh key from the platform's CSPRNG (`crypto.getRandomValues`).
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const key = PrivateKey.generate();
   * ```
   */
  static generate(): PrivateKey {
    return new PrivateKey(secp256k1.utils.randomSecretKey());
  }

  /**
   * The key with the given 32-byte big-endian scalar, which must be in [1, n − 1]. The bytes are copied.
   *
   * @throws {InvalidArgumentError} (`argument: "bytes"`) for any other input
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const key = PrivateKey.fromBytes(crypto.getRandomValues(new Uint8Array(32)));
   * ```
   */
  static fromBytes(bytes: Uint8Array): PrivateKey {
    return PrivateKey.#checked(bytes, "bytes");
  }

  /**
   * The key with the given 64-digit hex scalar (either case, no `0x`).
   *
   * @throws {InvalidArgumentError} (`argument: "hex"`) for any other input
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const key = PrivateKey.fromHex("59830ebc3a4184110566bf1a290d08473dfdcbd492ce498b14cd1a5e2fa2e441");
   * ```
   */
  static fromHex(hex: string): PrivateKey {
    return PrivateKey.#checked(hexToBytes(hex, "hex"), "hex");
  }

  /**
   * The key SHA-256(UTF-8(`seed`)), exactly as `TokenAuthManager.fromSeed` in the official TS client and
   * `Secp256k1SigningKey::try_from_seed` in Rust, so a seed names the same user in every client. A seed
   * is only as secret as it is hard to guess: use it for tests and devnets, not for real funds.
   *
   * @throws {InvalidArgumentError} (`argument: "seed"`) when `seed` is not a string
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * PrivateKey.fromSeed("tests").toHex(); // "59830ebc3a4184110566bf1a290d08473dfdcbd492ce498b14cd1a5e2fa2e441"
   * ```
   */
  static fromSeed(seed: string): PrivateKey {
    if (typeof seed !== "string") {
      throw new InvalidArgumentError(`"seed" expected a string, got ${typeof seed}`, { argument: "seed" });
    }
    return PrivateKey.#checked(sha256(new TextEncoder().encode(seed)), "seed");
  }

  static #checked(bytes: Uint8Array, argument: string): PrivateKey {
    assertBytes(bytes, argument, SECRET_KEY_LENGTH);
    if (!secp256k1.utils.isValidSecretKey(bytes)) {
      throw new InvalidArgumentError(
        `"${argument}" is not a valid secp256k1 private key: the scalar must be in [1, n − 1]`,
        { argument },
      );
    }
    return new PrivateKey(Uint8Array.from(bytes));
  }

  /**
   * Signs `message`: deterministic (RFC 6979) ECDSA over SHA-256(`message`), returned as 64-byte compact
   * `r‖s` with low S — the form nodes verify, byte-identical to the Rust client's k256 signature.
   *
   * @throws {InvalidArgumentError} (`argument: "message"`) when `message` is not a `Uint8Array`
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const signature = PrivateKey.fromSeed("test").sign(new Uint8Array([1]));
   * ```
   */
  sign(message: Uint8Array): Uint8Array {
    assertBytes(message, "message");
    return secp256k1.sign(message, this.#secret, { prehash: true, lowS: true, format: "compact" });
  }

  /**
   * A copy of the 32-byte secret scalar.
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const again = PrivateKey.fromBytes(PrivateKey.generate().toBytes());
   * ```
   */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.#secret);
  }

  /**
   * The secret scalar as 64 lowercase hex digits.
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const again = PrivateKey.fromHex(PrivateKey.generate().toHex());
   * ```
   */
  toHex(): string {
    return bytesToHex(this.#secret);
  }

  /**
   * A description without the secret, e.g. `PrivateKey(secp256k1, userId 163aff…)`.
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * String(PrivateKey.fromSeed("tests")); // "PrivateKey(secp256k1, userId 163aff316bd4247d86f73d088a620f8d77ff88b5)"
   * ```
   */
  toString(): string {
    return `PrivateKey(secp256k1, userId ${this.userId.toHex()})`;
  }
}
