import {
  assertBytes,
  bytesEqual,
  InvalidArgumentError,
  UnauthenticatedError,
  type UserId,
} from "@nillion/types";
import { isValidPublicKey, type PublicKey } from "../keys/public-key.js";
import { userIdFromPublicKey } from "../keys/user-id-from-public-key.js";
import { verifySignature } from "../keys/verify-signature.js";
import { base64Length, decodeBase64 } from "./base64.js";
import { parseSignedToken } from "./signed-token.js";
import { assertDate, parseToken } from "./token.js";
import { MAX_TOKEN_HEADER_LENGTH } from "./token-header.js";

/**
 * Why {@link verifySignedToken} refused a token; found in `error.details.reason`.
 *
 * | reason | node text (`error.message`) |
 * | --- | --- |
 * | `token-too-long` | `token exceeds max length (512)` |
 * | `invalid-base64` | `invalid base64 encoded token` |
 * | `invalid-signed-token` | `invalid signed token: protobuf parsing error: …` (undecodable, no public key) |
 * | `invalid-public-key` | `invalid signed token: protobuf parsing error: invalid public key type` / `… invalid public key` (wrong type or length), or `invalid public key` (not a curve point) |
 * | `invalid-signature` | `invalid signature` |
 * | `invalid-token` | `invalid token: protobuf parsing error: …` (undecodable, nonce not 32 bytes, no target, no or bad expiry) |
 * | `token-expired` | `token is expired` |
 * | `invalid-target-identity` | `invalid token target identity` |
 *
 * @example
 * ```ts
 * import { UnauthenticatedError } from "@nillion/types";
 * import type { TokenRejectionReason } from "@nillion/crypto";
 *
 * function reasonOf(err: unknown): TokenRejectionReason | undefined {
 *   return err instanceof UnauthenticatedError ? (err.details?.reason as TokenRejectionReason) : undefined;
 * }
 * ```
 */
export type TokenRejectionReason =
  | "token-too-long"
  | "invalid-base64"
  | "invalid-signed-token"
  | "invalid-public-key"
  | "invalid-signature"
  | "invalid-token"
  | "token-expired"
  | "invalid-target-identity";

/**
 * Options of {@link verifySignedToken}.
 *
 * @example
 * ```ts
 * import type { VerifySignedTokenOptions } from "@nillion/crypto";
 *
 * const options: VerifySignedTokenOptions = { nodeId, now: new Date() };
 * ```
 */
export interface VerifySignedTokenOptions {
  /** The verifying node's own id; the token's target must equal it byte for byte. */
  readonly nodeId: Uint8Array;
  /** The current time (default `new Date()`). A token expiring exactly now is still accepted. */
  readonly now?: Date;
}

/**
 * What a valid token proves.
 *
 * @example
 * ```ts
 * import { verifySignedToken, type VerifiedToken } from "@nillion/crypto";
 *
 * const verified: VerifiedToken = verifySignedToken(header, { nodeId });
 * verified.userId.toHex();
 * ```
 */
export interface VerifiedToken {
  /** The caller: last 20 bytes of SHA-256 over the token's public key. */
  readonly userId: UserId;
  /** The public key the token was signed with. */
  readonly publicKey: PublicKey;
  /** When the token stops being accepted. */
  readonly expiresAt: Date;
  /** The token's 32-byte nonce (nodes do not check it for replay). */
  readonly nonce: Uint8Array;
}

/**
 * Verifies an auth token as a nilvm node's interceptor does, with the same checks in the same order
 * and the node's texts as messages:
 *
 * 1. a header longer than 512 base64 characters is refused; then base64 is decoded (standard alphabet,
 *    padding optional);
 * 2. the `SignedToken` is decoded (public key present, of a known type and length);
 * 3. the public key must be a curve point, and the signature must verify over the serialized token
 *    (secp256k1: compact low-S ECDSA over SHA-256, high-S refused; ed25519: RFC 8032);
 * 4. only then is the `Token` decoded (32-byte nonce, target and expiry present);
 * 5. `expires_at < now` → expired; 6. target ≠ `nodeId` → wrong node.
 *
 * `input` is either the `x-nillion-token` header value (base64 text) or the raw bytes of
 * `x-nillion-token-bin`. For raw bytes the length limit applies to their unpadded base64 length, which
 * is how they travelled (at most 384 bytes).
 *
 * Not done here, as the node does it around this check: its LRU cache of verified headers, and replay
 * checks (the node makes none).
 *
 * @throws {UnauthenticatedError} with `details.reason` (a {@link TokenRejectionReason}) when the token is
 *   refused; the message is the node's text
 * @throws {InvalidArgumentError} when an argument has the wrong type (a bug in the caller, not a bad token)
 *
 * @example
 * ```ts
 * import { verifySignedToken } from "@nillion/crypto";
 *
 * const { userId } = verifySignedToken(request.header("x-nillion-token"), { nodeId: ownNodeId });
 * ```
 */
export function verifySignedToken(
  input: Uint8Array | string,
  options: VerifySignedTokenOptions,
): VerifiedToken {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError(`"options" expected a { nodeId } object`, { argument: "options" });
  }
  const { nodeId, now = new Date() } = options;
  assertBytes(nodeId, "options.nodeId");
  assertDate(now, "options.now");

  let bytes: Uint8Array;
  if (typeof input === "string") {
    if (input.length > MAX_TOKEN_HEADER_LENGTH) {
      reject("token-too-long", `token exceeds max length (${MAX_TOKEN_HEADER_LENGTH})`, {
        length: input.length,
      });
    }
    const decoded = decodeBase64(input);
    if (decoded === undefined) reject("invalid-base64", "invalid base64 encoded token");
    bytes = decoded;
  } else {
    assertBytes(input, "input");
    const length = base64Length(input.length);
    if (length > MAX_TOKEN_HEADER_LENGTH) {
      reject("token-too-long", `token exceeds max length (${MAX_TOKEN_HEADER_LENGTH})`, { length });
    }
    bytes = input;
  }

  const signed = parseSignedToken(bytes);
  if (!signed.ok) {
    const keyProblem =
      signed.problem === "invalid public key type" || signed.problem === "invalid public key";
    reject(
      keyProblem ? "invalid-public-key" : "invalid-signed-token",
      `invalid signed token: protobuf parsing error: ${signed.problem}`,
      {},
      signed.cause,
    );
  }
  const { serializedToken, publicKey, signature } = signed.value;
  if (!isValidPublicKey(publicKey)) reject("invalid-public-key", "invalid public key");
  if (!verifySignature(publicKey, serializedToken, signature))
    reject("invalid-signature", "invalid signature");

  const token = parseToken(serializedToken);
  if (!token.ok)
    reject("invalid-token", `invalid token: protobuf parsing error: ${token.problem}`, {}, token.cause);
  const { nonce, targetIdentity, expiresAt } = token.value;
  if (expiresAt.getTime() < now.getTime()) {
    reject("token-expired", "token is expired", {
      expiresAt: expiresAt.toISOString(),
      now: now.toISOString(),
    });
  }
  if (!bytesEqual(targetIdentity, nodeId)) reject("invalid-target-identity", "invalid token target identity");

  return { userId: userIdFromPublicKey(publicKey.bytes), publicKey, expiresAt, nonce };
}

function reject(
  reason: TokenRejectionReason,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
  cause?: unknown,
): never {
  throw new UnauthenticatedError(message, {
    details: { reason, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}
