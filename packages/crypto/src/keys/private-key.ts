import { assertBytes, bytesToHex, hexToBytes, InvalidArgumentError, type UserId } from "@nillion/types";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bigIntToBytes, bytesToBigInt } from "../bigint-bytes.js";
import { type EcdsaOptions, ecdsaOptions, type RecoverableSignature } from "./secp256k1-signatures.js";
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
  /** The 32-byte x-only public key BIP-340 Schnorr signatures verify under. */
  readonly schnorrPublicKey: Uint8Array;
  /** The id nodes give this key: last 20 bytes of SHA-256(`publicKey`). */
  readonly userId: UserId;
  readonly #secret: Uint8Array;

  private constructor(secret: Uint8Array) {
    this.#secret = secret;
    this.publicKey = secp256k1.getPublicKey(secret, true);
    this.schnorrPublicKey = schnorr.getPublicKey(secret);
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
   * Signs `message`: deterministic (RFC 6979) ECDSA over SHA-256(`message`), low S. Returned as 64-byte
   * compact `r‖s` — the form nodes verify, byte-identical to the Rust client's k256 signature — unless
   * `options.format` is `"der"`. With `options.prehash: false` the message is the 32-byte digest itself.
   *
   * @throws {InvalidArgumentError} (`argument: "message"`) when `message` is not a `Uint8Array` (or not
   * 32 bytes without prehash), or naming the invalid option
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const key = PrivateKey.fromSeed("test");
   * const compact = key.sign(new Uint8Array([1]));
   * const der = key.sign(new Uint8Array([1]), { format: "der" });
   * ```
   */
  sign(message: Uint8Array, options?: EcdsaOptions): Uint8Array {
    const { prehash, format } = ecdsaOptions(message, options);
    return secp256k1.sign(message, this.#secret, { prehash, lowS: true, format });
  }

  /**
   * Signs `message` as {@link PrivateKey.sign} does (compact, low S) and adds the recovery id, so that
   * {@link recoverPublicKey} finds this key from the signature alone.
   *
   * @throws {InvalidArgumentError} as {@link PrivateKey.sign}
   *
   * @example
   * ```ts
   * import { PrivateKey, recoverPublicKey } from "@nillion/crypto";
   *
   * const key = PrivateKey.fromSeed("test");
   * const message = new TextEncoder().encode("hi mom");
   * recoverPublicKey(message, key.signRecoverable(message)); // equals key.publicKey
   * ```
   */
  signRecoverable(message: Uint8Array, options?: Omit<EcdsaOptions, "format">): RecoverableSignature {
    const { prehash } = ecdsaOptions(message, options);
    const recovered = secp256k1.sign(message, this.#secret, { prehash, lowS: true, format: "recovered" });
    // noble puts the recovery id first: [recovery, r(32), s(32)].
    return { recovery: recovered[0] as number, signature: recovered.slice(1) };
  }

  /**
   * A BIP-340 Schnorr signature over `message` (64 bytes), verifiable under
   * {@link PrivateKey.schnorrPublicKey}. BIP-340 signs the message as given: hash it with your tag first
   * (the seed's `bip340tag`) if your protocol asks for it. `auxRand` is 32 bytes of fresh randomness
   * unless given.
   *
   * @throws {InvalidArgumentError} (`argument: "message"` or `"auxRand"`) for a non-`Uint8Array` or an
   * `auxRand` that is not 32 bytes
   *
   * @example
   * ```ts
   * import { PrivateKey, verifySchnorr } from "@nillion/crypto";
   *
   * const key = PrivateKey.fromSeed("test");
   * const message = new Uint8Array(32);
   * verifySchnorr(key.schnorrPublicKey, message, key.signSchnorr(message)); // true
   * ```
   */
  signSchnorr(message: Uint8Array, auxRand?: Uint8Array): Uint8Array {
    assertBytes(message, "message");
    if (auxRand !== undefined) assertBytes(auxRand, "auxRand", 32);
    return schnorr.sign(message, this.#secret, auxRand);
  }

  /**
   * The key (this + `tweak`) mod n, as BIP-32 derivation and the seed's `tweak_add` compute it. This key
   * is left unchanged.
   *
   * @throws {InvalidArgumentError} (`argument: "tweak"`) when `tweak` is not 32 bytes below n, or the sum
   * is zero
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const tweak = new Uint8Array(32).fill(1);
   * const child = PrivateKey.fromSeed("test").tweakAdd(tweak);
   * ```
   */
  tweakAdd(tweak: Uint8Array): PrivateKey {
    return this.#tweaked(tweak, (key, by, n) => (key + by) % n);
  }

  /**
   * The key (this × `tweak`) mod n, as the seed's `tweak_mul`. This key is left unchanged.
   *
   * @throws {InvalidArgumentError} (`argument: "tweak"`) when `tweak` is not 32 bytes in [1, n − 1]
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   *
   * const doubled = PrivateKey.fromSeed("test").tweakMul(new Uint8Array(32).fill(2, 31));
   * ```
   */
  tweakMul(tweak: Uint8Array): PrivateKey {
    return this.#tweaked(tweak, (key, by, n) => (key * by) % n);
  }

  #tweaked(tweak: Uint8Array, combine: (key: bigint, by: bigint, n: bigint) => bigint): PrivateKey {
    assertBytes(tweak, "tweak", SECRET_KEY_LENGTH);
    const n = secp256k1.Point.Fn.ORDER;
    const by = bytesToBigInt(tweak, "be");
    if (by >= n) {
      throw new InvalidArgumentError(`"tweak" must be below the curve order n`, { argument: "tweak" });
    }
    const result = combine(bytesToBigInt(this.#secret, "be"), by, n);
    if (result === 0n) {
      throw new InvalidArgumentError(`"tweak" gives the zero key, which is not a private key`, {
        argument: "tweak",
      });
    }
    return new PrivateKey(bigIntToBytes(result, SECRET_KEY_LENGTH, "be"));
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
