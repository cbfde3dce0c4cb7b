/**
 * @nillion/crypto — keys, user ids, auth tokens, prime fields, Shamir sharing and the masker that turns
 * values into per-node shares byte-for-byte like the official client.
 *
 * @packageDocumentation
 */
export { type CreateSignedTokenParameters, createSignedToken } from "./auth/create-signed-token.js";
export { decodeSignedToken, encodeSignedToken, type SignedToken } from "./auth/signed-token.js";
export { decodeToken, encodeToken, TOKEN_NONCE_LENGTH, type Token } from "./auth/token.js";
export {
  encodeTokenHeader,
  MAX_TOKEN_HEADER_LENGTH,
  TOKEN_BINARY_HEADER,
  TOKEN_HEADER,
} from "./auth/token-header.js";
export {
  type TokenRejectionReason,
  type VerifiedToken,
  type VerifySignedTokenOptions,
  verifySignedToken,
} from "./auth/verify-signed-token.js";
export { bigIntToBytes, bytesToBigInt } from "./bigint-bytes.js";
export { Ed25519PrivateKey } from "./keys/ed25519-private-key.js";
export { nodeIdFromPublicKey } from "./keys/node-id-from-public-key.js";
export { PrivateKey } from "./keys/private-key.js";
export {
  isValidPublicKey,
  PUBLIC_KEY_LENGTH,
  type PublicKey,
  type PublicKeyType,
} from "./keys/public-key.js";
export {
  convertSignature,
  type EcdsaOptions,
  type EcdsaSignatureFormat,
  normalizeSignature,
  type RecoverableSignature,
  recoverPublicKey,
  verifyEcdsa,
  verifySchnorr,
} from "./keys/secp256k1-signatures.js";
export type { Signer } from "./keys/signer.js";
export { userIdFromPublicKey } from "./keys/user-id-from-public-key.js";
export { verifySignature } from "./keys/verify-signature.js";
export { classifyValues, type ValueClassification } from "./masker/classify-values.js";
export { payloadSize } from "./masker/payload-size.js";
export {
  type PartyShares,
  type PartySharesInput,
  SecretMasker,
  type SecretMaskerOptions,
} from "./masker/secret-masker.js";
export { encodeNamedValue, encodeValue } from "./masker/wire-codec.js";
export type {
  WireElement,
  WireKeyShare,
  WireNamedValue,
  WireNamedValueInput,
  WireValue,
  WireValueCase,
  WireValueInput,
  WireValueType,
  WireValueTypeCase,
} from "./masker/wire-value.js";
export { PrimeField } from "./prime-field.js";
export { PRIMES, type PrimeName, primeName } from "./primes.js";
export { fillRandom } from "./random.js";
export {
  assignAbscissas,
  compareBytes,
  interpolateAtZero,
  lagrangeAtZero,
  MAX_PARTIES,
  type ShamirParty,
} from "./shamir.js";
