import { assertBytes, InvalidArgumentError } from "@nillion/types";
import { randomBytes } from "@noble/hashes/utils.js";
import { assertSigner, type Signer } from "../keys/signer.js";
import { encodeSignedToken } from "./signed-token.js";
import { assertDate, encodeToken, TOKEN_NONCE_LENGTH } from "./token.js";

/**
 * Parameters of {@link createSignedToken}.
 *
 * @example
 * ```ts
 * import { PrivateKey, type CreateSignedTokenParameters } from "@nillion/crypto";
 *
 * const parameters: CreateSignedTokenParameters = { signer: PrivateKey.generate(), targetNodeId: nodeId };
 * ```
 */
export interface CreateSignedTokenParameters {
  /** The key the token is signed with; its user id is who the node will think is calling. */
  readonly signer: Signer;
  /** The id of the node the token is for (`cluster.members[i].identity.contents`); not empty. */
  readonly targetNodeId: Uint8Array;
  /** Lifetime in seconds (positive; default 60, as every official client). */
  readonly ttlSeconds?: number;
  /** The current time (default `new Date()`); the token expires at `now + ttlSeconds`. */
  readonly now?: Date;
  /** 32 bytes (default: fresh random bytes). Pass one only to make tokens reproducible in tests. */
  readonly nonce?: Uint8Array;
}

/** The token lifetime of the official TS, Python and Rust clients. */
const DEFAULT_TTL_SECONDS = 60;

/**
 * Creates the encoded `SignedToken` a node requires on authenticated calls, exactly as §3.1 of the wire
 * protocol: a `Token` {nonce, target node id, expiry} encoded, then signed — compact low-S ECDSA over
 * SHA-256(token) for secp256k1, RFC 8032 over the raw token for ed25519.
 *
 * Send it as `x-nillion-token` (base64 via {@link encodeTokenHeader}) or as raw bytes in
 * `x-nillion-token-bin`. Make one per node (the target must match) and, like the TS client, preferably
 * one per request.
 *
 * @throws {InvalidArgumentError} naming the offending parameter
 *
 * @example
 * ```ts
 * import { PrivateKey, createSignedToken, encodeTokenHeader } from "@nillion/crypto";
 *
 * const token = createSignedToken({ signer: PrivateKey.fromSeed("alice"), targetNodeId: nodeId });
 * headers.set("x-nillion-token", encodeTokenHeader(token));
 * ```
 */
export function createSignedToken(parameters: CreateSignedTokenParameters): Uint8Array {
  if (typeof parameters !== "object" || parameters === null) {
    throw new InvalidArgumentError(`"parameters" expected a { signer, targetNodeId } object`, {
      argument: "parameters",
    });
  }
  const { signer, targetNodeId, ttlSeconds = DEFAULT_TTL_SECONDS, now = new Date(), nonce } = parameters;
  assertSigner(signer, "signer");
  assertBytes(targetNodeId, "targetNodeId");
  if (targetNodeId.length === 0) {
    throw new InvalidArgumentError(`"targetNodeId" must not be empty`, { argument: "targetNodeId" });
  }
  if (typeof ttlSeconds !== "number" || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new InvalidArgumentError(
      `"ttlSeconds" must be a positive number of seconds, got ${String(ttlSeconds)}`,
      {
        argument: "ttlSeconds",
      },
    );
  }
  assertDate(now, "now");
  if (nonce !== undefined) assertBytes(nonce, "nonce", TOKEN_NONCE_LENGTH);

  const serializedToken = encodeToken({
    nonce: nonce ?? randomBytes(TOKEN_NONCE_LENGTH),
    targetIdentity: targetNodeId,
    expiresAt: new Date(now.getTime() + Math.round(ttlSeconds * 1000)),
  });
  const signature = signer.sign(serializedToken);
  // A custom signer could return anything; a node would reject it with a bare "invalid signature".
  assertBytes(signature, "signer.sign(…)", 64);
  return encodeSignedToken({
    serializedToken,
    publicKey: { type: signer.keyType, bytes: signer.publicKey },
    signature,
  });
}
