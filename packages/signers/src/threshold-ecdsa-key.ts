import {
  bytesToHex,
  EcdsaPublicKey,
  EddsaPublicKey,
  InternalError,
  InvalidArgumentError,
  isBytes,
  PermissionDeniedError,
  type ValuesId,
} from "@nillion/types";
import type { CallOptions, VmClient } from "@nillion/vm-client";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { toKeyId } from "./key-id.js";
import { checkSigningOptions, type SigningOptions } from "./signing-options.js";

/**
 * A threshold key to sign with: what `VmClient.generateThresholdKey` or `loadThresholdKey` returns,
 * or the id and public key of a secp256k1 key the client imported (stored as `tecdsa_private_key`).
 *
 * @example
 * ```ts
 * import type { ThresholdKeyReference } from "@nillion/signers";
 *
 * const key: ThresholdKeyReference = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
 * ```
 */
export interface ThresholdKeyReference {
  /** The value set holding the key shares. */
  readonly keyId: ValuesId | string;
  /** The key's secp256k1 public key: an `EcdsaPublicKey`, or 33 (compressed) or 65 (uncompressed) bytes. */
  readonly publicKey: EcdsaPublicKey | EddsaPublicKey | Uint8Array;
  /** The curve, when known (`generateThresholdKey` sets it); `"eddsa"` keys are refused. */
  readonly curve?: "ecdsa" | "eddsa";
}

/**
 * An ECDSA signature of a 32-byte digest made by the cluster, with the recovery id that makes the key's
 * public key come back from it.
 *
 * @example
 * ```ts
 * import type { RecoverableSignature } from "@nillion/signers";
 *
 * const { r, s, recovery } = (await key.sign(digest)) satisfies RecoverableSignature;
 * ```
 */
export interface RecoverableSignature {
  readonly r: bigint;
  /** Always the low s (at most n / 2), as Ethereum and the Cosmos SDK require. */
  readonly s: bigint;
  /** 0 or 1: the parity of the y coordinate of the signature's R point. */
  readonly recovery: 0 | 1;
  /** r ‖ s, 32 bytes each, big-endian. */
  readonly compact: Uint8Array;
}

/** The smallest part of `VmClient` a key signs through, so tests and wrappers can stand in for it. */
export type SigningClient = Pick<VmClient, "signDigest" | "userId">;

const SIGN_PROGRAM = "builtin/tecdsa_sign";

/**
 * A secp256k1 key held as shares by a Nillion cluster, signing 32-byte digests through `VmClient.signDigest`
 * (one quote, one payment and one computation of `builtin/tecdsa_sign` each). Every signature is checked
 * against the public key while its recovery id is computed, so a signature that does not belong to the key
 * is an `InternalError`, never a returned value.
 *
 * Who may sign is decided by the nodes, after payment: a quote does not look at the key's permissions, and
 * reading them is itself paid and needs retrieve rights (which on a key means the power to rebuild it).
 * So the first refused signing is paid and rejects with a `PermissionDeniedError`; this key then refuses
 * every later signing itself, before any quote, with a `PermissionDeniedError` that says so. Make a new
 * one once the key's owner has granted compute on `builtin/tecdsa_sign`.
 *
 * @example
 * ```ts
 * import { ThresholdEcdsaKey } from "@nillion/signers";
 * import { sha256 } from "@noble/hashes/sha2.js";
 *
 * const key = new ThresholdEcdsaKey(client, await client.generateThresholdKey({ curve: "ecdsa" }).invoke());
 * const { compact, recovery } = await key.sign(sha256(new TextEncoder().encode("gm")));
 * ```
 */
export class ThresholdEcdsaKey {
  readonly keyId: ValuesId;
  /** 33-byte compressed SEC1 point. */
  readonly publicKey: Uint8Array;
  /** 65-byte uncompressed SEC1 point (`04 ‖ x ‖ y`). */
  readonly uncompressedPublicKey: Uint8Array;
  readonly #client: SigningClient;
  readonly #options: SigningOptions;
  #refusal: PermissionDeniedError | undefined;

  /**
   * @throws {InvalidArgumentError} for a client without `signDigest`, an EdDSA key, a malformed key id or
   *   a public key that is not a secp256k1 point; nothing is sent
   */
  constructor(client: SigningClient, key: ThresholdKeyReference, options: SigningOptions = {}) {
    if (typeof client?.signDigest !== "function") {
      throw new InvalidArgumentError("client must be a VmClient (it has no signDigest method)", {
        argument: "client",
      });
    }
    if (typeof key !== "object" || key === null) {
      throw new InvalidArgumentError(`key must be { keyId, publicKey }, got ${String(key)}`, {
        argument: "key",
      });
    }
    this.#client = client;
    this.#options = checkSigningOptions(options, "options");
    this.keyId = toKeyId(key.keyId, "key.keyId");
    const point = toEcdsaPoint(key);
    this.publicKey = point.toBytes(true);
    this.uncompressedPublicKey = point.toBytes(false);
  }

  /**
   * Signs a 32-byte digest as it is (no further hashing), paying for one signing.
   *
   * @throws {InvalidArgumentError} `digest` not 32 bytes, or bad options; nothing is paid
   * @throws {PermissionDeniedError} the nodes refused this user, now or (then nothing is paid) before
   * @throws {InternalError} the cluster's signature does not verify under the key's public key
   */
  async sign(digest: Uint8Array, options: SigningOptions = {}): Promise<RecoverableSignature> {
    if (!isBytes(digest) || digest.length !== 32) {
      throw new InvalidArgumentError(
        `digest must be exactly 32 bytes, got ${isBytes(digest) ? `${digest.length} bytes` : typeof digest}`,
        { argument: "digest", details: { rule: "byte-length" } },
      );
    }
    const callOptions = this.#callOptions(checkSigningOptions(options, "options"));
    if (this.#refusal !== undefined) {
      throw new PermissionDeniedError(
        `user ${this.#client.userId} may not sign with key ${this.keyId}: the nodes refused an earlier signing with this signer, so this one was not paid for; create a new signer once the owner grants compute on ${SIGN_PROGRAM}`,
        { cause: this.#refusal, details: { keyId: this.keyId.toString(), program: SIGN_PROGRAM } },
      );
    }
    let signature: { r: Uint8Array; s: Uint8Array };
    try {
      signature = await this.#client.signDigest({ keyId: this.keyId, digest }).invoke(callOptions);
    } catch (error) {
      if (error instanceof PermissionDeniedError) this.#refusal = error;
      throw error;
    }
    return this.#withRecovery(digest, signature);
  }

  #callOptions(options: SigningOptions): CallOptions {
    const signals = [this.#options.signal, options.signal].filter((s) => s !== undefined);
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    return {
      ...(signals.length > 0 ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    };
  }

  #withRecovery(digest: Uint8Array, signature: { r: Uint8Array; s: Uint8Array }): RecoverableSignature {
    const compact = new Uint8Array(64);
    compact.set(signature.r, 0);
    compact.set(signature.s, 32);
    const parsed = secp256k1.Signature.fromBytes(compact, "compact");
    const expected = secp256k1.Point.fromBytes(this.publicKey);
    for (const recovery of [0, 1] as const) {
      let recovered: typeof expected | undefined;
      try {
        recovered = parsed.addRecoveryBit(recovery).recoverPublicKey(digest);
      } catch {
        // This candidate R has no point on the curve; the other one may.
        continue;
      }
      if (recovered.equals(expected)) return { r: parsed.r, s: parsed.s, recovery, compact };
    }
    throw new InternalError(
      `the cluster's signature with key ${this.keyId} does not verify under the key's public key ${bytesToHex(this.publicKey)}: the key id and public key do not belong together, or a node's signature share is wrong`,
      { details: { keyId: this.keyId.toString() } },
    );
  }
}

function toEcdsaPoint(key: ThresholdKeyReference) {
  const { publicKey, curve } = key;
  if (curve === "eddsa" || publicKey instanceof EddsaPublicKey) {
    throw new InvalidArgumentError(
      'key is an EdDSA (Ed25519) key, which signs messages, not digests: Ethereum and Cosmos wallets need an ECDSA secp256k1 key, e.g. generateThresholdKey({ curve: "ecdsa" })',
      { argument: "key", details: { curve: "eddsa" } },
    );
  }
  if (curve !== undefined && curve !== "ecdsa") {
    throw new InvalidArgumentError(`key.curve must be "ecdsa", got ${JSON.stringify(curve)}`, {
      argument: "key.curve",
    });
  }
  if (publicKey === undefined) {
    throw new InvalidArgumentError(
      "key.publicKey is missing: a key known by its id alone gets it from the cluster with `await loadThresholdKey(client, keyId)`, which costs two paid signings",
      { argument: "key.publicKey", details: { rule: "required" } },
    );
  }
  const bytes = publicKey instanceof EcdsaPublicKey ? publicKey.value : publicKey;
  if (!isBytes(bytes) || (bytes.length !== 33 && bytes.length !== 65)) {
    const got = isBytes(bytes) ? `${bytes.length} bytes` : typeof bytes;
    const hint = isBytes(bytes) && bytes.length === 32 ? " (32 bytes is the size of an Ed25519 key)" : "";
    throw new InvalidArgumentError(
      `key.publicKey must be a secp256k1 point of 33 (compressed) or 65 (uncompressed) bytes, got ${got}${hint}`,
      { argument: "key.publicKey", details: { rule: "byte-length" } },
    );
  }
  try {
    return secp256k1.Point.fromBytes(bytes);
  } catch (cause) {
    throw new InvalidArgumentError(`key.publicKey is not a point of secp256k1: ${bytesToHex(bytes)}`, {
      argument: "key.publicKey",
      cause,
      details: { rule: "point" },
    });
  }
}
