// A cosmjs `OfflineDirectSigner` over a raw secp256k1 key, signing with @nillion/crypto: what
// `NilChainPayer.connect` pays with, without cosmjs's wallet classes (and the Cosmos types they load).
import type { AccountData, DirectSignResponse, OfflineDirectSigner } from "@cosmjs/proto-signing";
import { PrivateKey } from "@nillion/crypto";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32 } from "@scure/base";
import { bytesToBase64 } from "./base64.js";
import { encodeSignDoc } from "./cosmos-codec.js";

type SignDoc = Parameters<OfflineDirectSigner["signDirect"]>[1];

/** bech32(prefix, RIPEMD160(SHA256(compressed public key))): a Cosmos account address. */
export function cosmosAddress(publicKey: Uint8Array, prefix: string): string {
  return bech32.encode(prefix, bech32.toWords(ripemd160(sha256(publicKey))));
}

/**
 * @param key 32 bytes, already checked for shape; `PrivateKey.fromBytes` rejects 0 and keys ≥ n
 * @throws {InvalidArgumentError} from `PrivateKey.fromBytes` for a scalar that is not a key
 */
export function privateKeySigner(key: Uint8Array, prefix: string): OfflineDirectSigner {
  const privateKey = PrivateKey.fromBytes(key);
  const account: AccountData = {
    address: cosmosAddress(privateKey.publicKey, prefix),
    algo: "secp256k1",
    pubkey: privateKey.publicKey,
  };
  return {
    getAccounts: async () => [account],
    signDirect: async (signerAddress: string, signDoc: SignDoc): Promise<DirectSignResponse> => {
      if (signerAddress !== account.address) {
        throw new Error(`this signer holds ${account.address}, not ${signerAddress}`);
      }
      const bytes = encodeSignDoc(
        signDoc.bodyBytes,
        signDoc.authInfoBytes,
        signDoc.chainId,
        signDoc.accountNumber,
      );
      return {
        signed: signDoc,
        signature: {
          pub_key: { type: "tendermint/PubKeySecp256k1", value: bytesToBase64(account.pubkey) },
          signature: bytesToBase64(privateKey.sign(bytes)),
        },
      };
    },
  };
}
