import { assertBytes, bytesToHex, hexToBytes, InvalidArgumentError, type UserId } from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { showAsString } from "./show-as-string.js";
import type { Signer } from "./signer.js";
import { userIdFromPublicKey } from "./user-id-from-public-key.js";

const SECRET_KEY_LENGTH = 32;

/**
 * An Ed25519 private key (the RFC 8032 32-byte seed). Nodes and the Rust client accept Ed25519
 * identities; the official TS and Python clients only create secp256k1 ones ({@link PrivateKey}).
 *
 * The secret is held in a private field: `toString()`, `console.log` and `JSON.stringify` show the
 * user id, never the secret.
 *
 * @example
 * ```ts
 * import { Ed25519PrivateKey } from "@nillion/crypto";
 *
 * const key = Ed25519PrivateKey.generate();
 * const signature = key.sign(new TextEncoder().encode("hi mom")); // 64 bytes, RFC 8032
 * ```
 */
export class Ed25519PrivateKey implements Signer {
  /** Always `"ed25519"`. */
  readonly keyType = "ed25519" as const;
  /** The 32-byte RFC 8032 public key. */
  readonly publicKey: Uint8Array;
  /** The id nodes give this key: last 20 bytes of SHA-256(`publicKey`). */
  readonly userId: UserId;
  readonly #secret: Uint8Array;

  private constructor(secret: Uint8Array) {
    this.#secret = secret;
    this.publicKey = ed25519.getPublicKey(secret);
    this.userId = userIdFromPublicKey(this.publicKey);
    showAsString(this);
  }

  /**
   * A fresh key from the platform's CSPRNG (`crypto.getRandomValues`).
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const key = Ed25519PrivateKey.generate();
   * ```
   */
  static generate(): Ed25519PrivateKey {
    return new Ed25519PrivateKey(ed25519.utils.randomSecretKey());
  }

  /**
   * The key with the given 32-byte seed (every 32-byte string is a valid Ed25519 secret). The bytes are
   * copied.
   *
   * @throws {InvalidArgumentError} (`argument: "bytes"`) for any other input
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const key = Ed25519PrivateKey.fromBytes(crypto.getRandomValues(new Uint8Array(32)));
   * ```
   */
  static fromBytes(bytes: Uint8Array): Ed25519PrivateKey {
    assertBytes(bytes, "bytes", SECRET_KEY_LENGTH);
    return new Ed25519PrivateKey(Uint8Array.from(bytes));
  }

  /**
   * The key with the given 64-digit hex seed (either case, no `0x`).
   *
   * @throws {InvalidArgumentError} (`argument: "hex"`) for any other input
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const key = Ed25519PrivateKey.fromHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
   * ```
   */
  static fromHex(hex: string): Ed25519PrivateKey {
    const bytes = hexToBytes(hex, "hex");
    assertBytes(bytes, "hex", SECRET_KEY_LENGTH);
    return new Ed25519PrivateKey(bytes);
  }

  /**
   * The key whose seed is SHA-256(UTF-8(`seed`)), as `Ed25519SigningKey::from_seed` in the Rust client.
   * For tests and devnets only: a seed is as secret as it is hard to guess.
   *
   * @throws {InvalidArgumentError} (`argument: "seed"`) when `seed` is not a string
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const key = Ed25519PrivateKey.fromSeed("test");
   * ```
   */
  static fromSeed(seed: string): Ed25519PrivateKey {
    if (typeof seed !== "string") {
      throw new InvalidArgumentError(`"seed" expected a string, got ${typeof seed}`, { argument: "seed" });
    }
    return new Ed25519PrivateKey(sha256(new TextEncoder().encode(seed)));
  }

  /**
   * Signs `message` with RFC 8032 Ed25519 over the raw bytes (no pre-hash); 64 bytes `R‖S`.
   *
   * @throws {InvalidArgumentError} (`argument: "message"`) when `message` is not a `Uint8Array`
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const signature = Ed25519PrivateKey.fromSeed("test").sign(new Uint8Array([1]));
   * ```
   */
  sign(message: Uint8Array): Uint8Array {
    assertBytes(message, "message");
    return ed25519.sign(message, this.#secret);
  }

  /**
   * A copy of the 32-byte seed.
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const again = Ed25519PrivateKey.fromBytes(Ed25519PrivateKey.generate().toBytes());
   * ```
   */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.#secret);
  }

  /**
   * The seed as 64 lowercase hex digits.
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * const again = Ed25519PrivateKey.fromHex(Ed25519PrivateKey.generate().toHex());
   * ```
   */
  toHex(): string {
    return bytesToHex(this.#secret);
  }

  /**
   * A description without the secret, e.g. `Ed25519PrivateKey(userId 3b1f…)`.
   *
   * @example
   * ```ts
   * import { Ed25519PrivateKey } from "@nillion/crypto";
   *
   * String(Ed25519PrivateKey.generate()); // "Ed25519PrivateKey(userId …)"
   * ```
   */
  toString(): string {
    return `Ed25519PrivateKey(userId ${this.userId.toHex()})`;
  }
}
