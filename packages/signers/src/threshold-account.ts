import {
  bytesToHex,
  type Hash,
  type Hex,
  hashMessage,
  hashTypedData,
  hexToBytes,
  keccak256,
  type LocalAccount,
  type SerializeTransactionFn,
  serializeSignature,
  serializeTransaction,
  type TransactionSerializable,
} from "viem";
import { publicKeyToAddress, toAccount } from "viem/accounts";
import type { SigningOptions } from "./signing-options.js";
import {
  type RecoverableSignature,
  type SigningClient,
  ThresholdEcdsaKey,
  type ThresholdKeyReference,
} from "./threshold-ecdsa-key.js";

/**
 * A viem account whose key is a Nillion threshold key: a `LocalAccount` (source `"custom"`) with the
 * key's `publicKey` (uncompressed, hex) and the {@link ThresholdEcdsaKey} it signs with.
 */
export type ThresholdAccount = LocalAccount<"custom"> & {
  readonly thresholdKey: ThresholdEcdsaKey;
};

/**
 * A viem account signing with a secp256k1 key held by a Nillion cluster. `address` comes from the key's
 * public key (keccak-256 of the uncompressed point, last 20 bytes). `signMessage` (EIP-191),
 * `signTypedData` (EIP-712), `signTransaction` (legacy, EIP-2930, EIP-1559 and any type viem serializes)
 * and `sign({ hash })` hash locally with viem and sign the 32-byte digest through `VmClient.signDigest`:
 * each signature is one paid computation. viem's account methods take no signal: `options.signal`
 * cancels every signing of the account.
 *
 * @param client the VmClient that pays for and requests the signatures (it must be allowed to sign)
 * @param key the key's id and public key, e.g. what `generateThresholdKey({ curve: "ecdsa" })` or
 *   `loadThresholdKey(client, keyId)` (for a key known by its id alone) returned
 * @throws {InvalidArgumentError} for an EdDSA key, a malformed key id or public key; nothing is sent
 *
 * @example
 * ```ts
 * import { thresholdAccount } from "@nillion/signers";
 * import { verifyMessage } from "viem";
 *
 * const key = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
 * const account = thresholdAccount(client, key);
 * const signature = await account.signMessage({ message: "gm" });
 * await verifyMessage({ address: account.address, message: "gm", signature }); // true
 * ```
 */
export function thresholdAccount(
  client: SigningClient,
  key: ThresholdKeyReference,
  options: SigningOptions = {},
): ThresholdAccount {
  const thresholdKey = new ThresholdEcdsaKey(client, key, options);
  const publicKey = bytesToHex(thresholdKey.uncompressedPublicKey);
  const signHash = async (hash: Hash) => thresholdKey.sign(hexToBytes(hash));
  const account = toAccount({
    address: publicKeyToAddress(publicKey),
    sign: async ({ hash }) => serializeSignature(viemSignature(await signHash(hash))),
    signMessage: async ({ message }) =>
      serializeSignature(viemSignature(await signHash(hashMessage(message)))),
    signTypedData: async (typedData) =>
      serializeSignature(viemSignature(await signHash(hashTypedData(typedData)))),
    async signTransaction(transaction, { serializer = serializeTransaction } = {}) {
      const serialize = serializer as SerializeTransactionFn<TransactionSerializable>;
      // A blob transaction is signed without its sidecars (EIP-4844's network wrapper), as viem does.
      const signable = transaction.type === "eip4844" ? { ...transaction, sidecars: false } : transaction;
      const signature = await signHash(keccak256(await serialize(signable)));
      return serialize(transaction, viemSignature(signature));
    },
  });
  return { ...account, publicKey, source: "custom", thresholdKey };
}

function viemSignature({ r, s, recovery }: RecoverableSignature) {
  const hex = (value: bigint): Hex => `0x${value.toString(16).padStart(64, "0")}`;
  return { r: hex(r), s: hex(s), v: recovery === 0 ? 27n : 28n, yParity: recovery };
}
