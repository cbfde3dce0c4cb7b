/**
 * @nillion/crypto — Keys, user ids, auth tokens, prime fields, Shamir sharing and the byte-compatible masker.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
