import {
  type AccountData,
  type AminoSignResponse,
  encodeSecp256k1Pubkey,
  encodeSecp256k1Signature,
  type OfflineAminoSigner,
  pubkeyToAddress,
  type StdSignDoc,
  serializeSignDoc,
} from "@cosmjs/amino";
import { type DirectSignResponse, makeSignBytes, type OfflineDirectSigner } from "@cosmjs/proto-signing";
import { InvalidArgumentError } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import type { SigningOptions } from "./signing-options.js";
import { type SigningClient, ThresholdEcdsaKey, type ThresholdKeyReference } from "./threshold-ecdsa-key.js";

/** The SignDoc cosmjs hands a direct signer (cosmjs-types' `cosmos.tx.v1beta1.SignDoc`). */
export type DirectSignDoc = Parameters<OfflineDirectSigner["signDirect"]>[1];

/**
 * Options of {@link ThresholdCosmosSigner}.
 *
 * @example
 * ```ts
 * import type { ThresholdCosmosSignerOptions } from "@nillion/signers";
 *
 * const options: ThresholdCosmosSignerOptions = { prefix: "cosmos", timeoutMs: 60_000 };
 * ```
 */
export interface ThresholdCosmosSignerOptions extends SigningOptions {
  /** bech32 prefix of the address (default `"nillion"`), e.g. `"cosmos"`, `"osmo"`. */
  readonly prefix?: string;
}

/**
 * A cosmjs `OfflineDirectSigner` and `OfflineAminoSigner` whose secp256k1 key is held by a Nillion cluster.
 * It has one account: the key's compressed public key, at bech32(prefix, RIPEMD-160(SHA-256(public key))).
 * `signDirect` signs SHA-256 of the SignDoc's bytes (SIGN_MODE_DIRECT), `signAmino` SHA-256 of the
 * canonical amino JSON (SIGN_MODE_LEGACY_AMINO_JSON); each signature is one paid computation through
 * `VmClient.signDigest`, returned as cosmjs wallets return theirs (64-byte r ‖ s, low s, base64).
 *
 * cosmjs calls `signDirect(signerAddress, signDoc)` without a signal: `options.signal` cancels every
 * signing of this signer, and a third argument `{ signal, timeoutMs }` one call.
 *
 * @example
 * ```ts
 * import { ThresholdCosmosSigner } from "@nillion/signers";
 *
 * const key = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
 * const signer = new ThresholdCosmosSigner(client, key, { prefix: "nillion" });
 * const [account] = await signer.getAccounts(); // { address: "nillion1…", algo: "secp256k1", pubkey }
 * // e.g. SigningStargateClient.connectWithSigner(rpcUrl, signer)
 * ```
 */
export class ThresholdCosmosSigner implements OfflineDirectSigner, OfflineAminoSigner {
  /** The account's bech32 address. */
  readonly address: string;
  readonly thresholdKey: ThresholdEcdsaKey;

  /**
   * @throws {InvalidArgumentError} for an EdDSA key, a malformed key id, a missing or malformed public key
   *   (`loadThresholdKey` gets it from a key id), or a bad prefix;
   *   nothing is sent
   */
  constructor(client: SigningClient, key: ThresholdKeyReference, options: ThresholdCosmosSignerOptions = {}) {
    const { prefix = "nillion", ...signing } = options ?? {};
    this.thresholdKey = new ThresholdEcdsaKey(client, key, signing);
    this.address = bech32Address(this.thresholdKey.publicKey, prefix);
  }

  async getAccounts(): Promise<readonly AccountData[]> {
    return [{ address: this.address, algo: "secp256k1", pubkey: this.thresholdKey.publicKey }];
  }

  /**
   * @throws {InvalidArgumentError} `signerAddress` is not this signer's address; nothing is paid
   */
  async signDirect(
    signerAddress: string,
    signDoc: DirectSignDoc,
    options: SigningOptions = {},
  ): Promise<DirectSignResponse> {
    this.#checkSigner(signerAddress);
    const signature = await this.#sign(makeSignBytes(signDoc), options);
    return { signed: signDoc, signature };
  }

  /**
   * @throws {InvalidArgumentError} `signerAddress` is not this signer's address; nothing is paid
   */
  async signAmino(
    signerAddress: string,
    signDoc: StdSignDoc,
    options: SigningOptions = {},
  ): Promise<AminoSignResponse> {
    this.#checkSigner(signerAddress);
    const signature = await this.#sign(serializeSignDoc(signDoc), options);
    return { signed: signDoc, signature };
  }

  async #sign(signBytes: Uint8Array, options: SigningOptions) {
    const { compact } = await this.thresholdKey.sign(sha256(signBytes), options);
    return encodeSecp256k1Signature(this.thresholdKey.publicKey, compact);
  }

  #checkSigner(signerAddress: string): void {
    if (signerAddress !== this.address) {
      throw new InvalidArgumentError(
        `signerAddress must be this signer's address ${this.address}, got ${JSON.stringify(signerAddress)}`,
        { argument: "signerAddress" },
      );
    }
  }
}

function bech32Address(publicKey: Uint8Array, prefix: unknown): string {
  // bech32 allows longer prefixes, but cosmjs (and the Cosmos SDK's addresses) fit in 90 characters.
  if (typeof prefix !== "string" || !/^[a-z0-9]{1,40}$/.test(prefix)) {
    throw new InvalidArgumentError(
      `prefix must be a bech32 prefix of 1 to 40 lowercase letters and digits, got ${JSON.stringify(prefix)}`,
      { argument: "prefix" },
    );
  }
  return pubkeyToAddress(encodeSecp256k1Pubkey(publicKey), prefix);
}
