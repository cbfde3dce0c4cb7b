import { assertBytes } from "@nillion/types";
import { encodeBase64 } from "./base64.js";

/**
 * The metadata key the official TS client sends tokens in, as base64 text (see {@link encodeTokenHeader}).
 * gRPC-web clients must use it: browsers cannot send binary headers.
 *
 * @example
 * ```ts
 * import { TOKEN_HEADER, encodeTokenHeader } from "@nillion/crypto";
 *
 * headers.set(TOKEN_HEADER, encodeTokenHeader(signedToken));
 * ```
 */
export const TOKEN_HEADER = "x-nillion-token";

/**
 * The binary metadata key the Rust and Python clients use. Its value is the raw `SignedToken` bytes;
 * the gRPC library base64-encodes them on the wire. A node reads it first and falls back to
 * {@link TOKEN_HEADER}.
 *
 * @example
 * ```ts
 * import { Metadata } from "@grpc/grpc-js";
 * import { TOKEN_BINARY_HEADER } from "@nillion/crypto";
 *
 * const metadata = new Metadata();
 * metadata.set(TOKEN_BINARY_HEADER, Buffer.from(signedToken)); // grpc-js base64-encodes -bin values
 * ```
 */
export const TOKEN_BINARY_HEADER = "x-nillion-token-bin";

/**
 * The most base64 characters a node accepts in a token header; longer ones are refused unread.
 *
 * @example
 * ```ts
 * import { MAX_TOKEN_HEADER_LENGTH, encodeTokenHeader } from "@nillion/crypto";
 *
 * encodeTokenHeader(signedToken).length <= MAX_TOKEN_HEADER_LENGTH; // true for any real token
 * ```
 */
export const MAX_TOKEN_HEADER_LENGTH = 512;

/**
 * The `x-nillion-token` header value for an encoded `SignedToken`: standard base64 with padding, as the
 * official TS client sends it (`btoa`).
 *
 * @throws {InvalidArgumentError} (`argument: "signedToken"`) when `signedToken` is not a `Uint8Array`
 *
 * @example
 * ```ts
 * import { PrivateKey, createSignedToken, encodeTokenHeader } from "@nillion/crypto";
 *
 * const header = encodeTokenHeader(createSignedToken({ signer: PrivateKey.generate(), targetNodeId: nodeId }));
 * ```
 */
export function encodeTokenHeader(signedToken: Uint8Array): string {
  assertBytes(signedToken, "signedToken");
  return encodeBase64(signedToken);
}
