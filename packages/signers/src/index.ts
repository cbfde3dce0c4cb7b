/**
 * @nillion/signers — Wallets from threshold keys held by Nillion: a viem account and cosmjs signers that
 * sign through VmClient.
 *
 * This entry point is the package's whole public API.
 *
 * @packageDocumentation
 */
export { loadThresholdKey, type PublicKeyClient } from "./load-threshold-key.js";
export type { SigningOptions } from "./signing-options.js";
export { type ThresholdAccount, thresholdAccount } from "./threshold-account.js";
export {
  type DirectSignDoc,
  ThresholdCosmosSigner,
  type ThresholdCosmosSignerOptions,
} from "./threshold-cosmos-signer.js";
export {
  type RecoverableSignature,
  type SigningClient,
  ThresholdEcdsaKey,
  type ThresholdKeyReference,
} from "./threshold-ecdsa-key.js";
