import { assertBytes, InvalidArgumentError } from "@nillion/types";
import { ProtobufWriter } from "../wire/protobuf.js";
import { DECODING_FAILED, decodeFields, type Parsed } from "./decode-fields.js";
import { dateFromTimestamp, timestampFromDate } from "./timestamp.js";

/**
 * The length a token nonce must have; the node rejects any other.
 *
 * @example
 * ```ts
 * import { TOKEN_NONCE_LENGTH } from "@nillion/crypto";
 *
 * const nonce = crypto.getRandomValues(new Uint8Array(TOKEN_NONCE_LENGTH));
 * ```
 */
export const TOKEN_NONCE_LENGTH = 32;

/**
 * The claim inside an auth token (`nillion.auth.v1.token.Token`): which node it is for and until when.
 * Signed as a whole in a `SignedToken`; see {@link createSignedToken}.
 *
 * @example
 * ```ts
 * import type { Token } from "@nillion/crypto";
 *
 * const token: Token = {
 *   nonce: crypto.getRandomValues(new Uint8Array(32)),
 *   targetIdentity: nodeId, // the node's 20-byte id
 *   expiresAt: new Date(Date.now() + 60_000),
 * };
 * ```
 */
export interface Token {
  /** 32 random bytes. The node does not check them for replay; they make every token unique. */
  readonly nonce: Uint8Array;
  /** The id of the node the token is for (`NodeId.contents`; 20 bytes for real nodes). */
  readonly targetIdentity: Uint8Array;
  /** The instant after which the node refuses the token (millisecond precision). */
  readonly expiresAt: Date;
}

/**
 * Encodes `token` as the protobuf `nillion.auth.v1.token.Token`, byte-identical to prost and
 * protobuf-es: field 1 `nonce`, field 2 `target_identity` (`NodeId { 1: contents }`), field 3
 * `expires_at` (`google.protobuf.Timestamp { 1: seconds, 2: nanos }`), zero values omitted.
 *
 * @throws {InvalidArgumentError} naming the offending field when `token` is malformed
 *
 * @example
 * ```ts
 * import { encodeToken } from "@nillion/crypto";
 *
 * const bytes = encodeToken({ nonce, targetIdentity: nodeId, expiresAt: new Date(Date.now() + 60_000) });
 * ```
 */
export function encodeToken(token: Token): Uint8Array {
  if (typeof token !== "object" || token === null) {
    throw new InvalidArgumentError(`"token" expected a { nonce, targetIdentity, expiresAt } object`, {
      argument: "token",
    });
  }
  assertBytes(token.nonce, "token.nonce", TOKEN_NONCE_LENGTH);
  assertBytes(token.targetIdentity, "token.targetIdentity");
  assertDate(token.expiresAt, "token.expiresAt");
  const { seconds, nanos } = timestampFromDate(token.expiresAt);
  return new ProtobufWriter()
    .bytes(1, token.nonce)
    .message(2, (nodeId) => nodeId.bytes(1, token.targetIdentity))
    .message(3, (timestamp) => {
      // int64 on the wire: a negative value is its 64-bit two's complement, a 10-byte varint.
      timestamp.uint(1, BigInt.asUintN(64, seconds)).uint(2, nanos);
    })
    .finish();
}

/**
 * Decodes a protobuf `Token` and checks it as the node does: the nonce is exactly 32 bytes, the target
 * and the expiry are present, and the expiry is a valid timestamp.
 *
 * @throws {InvalidArgumentError} (`argument: "bytes"`) with the node's text for the first problem
 *
 * @example
 * ```ts
 * import { decodeToken, encodeToken } from "@nillion/crypto";
 *
 * const token = decodeToken(encodeToken({ nonce, targetIdentity: nodeId, expiresAt }));
 * ```
 */
export function decodeToken(bytes: Uint8Array): Token {
  assertBytes(bytes, "bytes");
  const parsed = parseToken(bytes);
  if (parsed.ok) return parsed.value;
  throw new InvalidArgumentError(`invalid Token: ${parsed.problem}`, {
    argument: "bytes",
    cause: parsed.cause,
  });
}

/**
 * {@link decodeToken} without throwing, reporting nilvm's `ProtoError` texts, in nilvm's order: prost
 * decodes the whole message tree first, then the conversion checks nonce, target and expiry.
 *
 * @internal
 */
export function parseToken(bytes: Uint8Array): Parsed<Token> {
  let nonce: Uint8Array | undefined;
  let target: Uint8Array | undefined;
  let expiry: { seconds: bigint; nanos: number } | undefined;
  try {
    const token = decodeFields(bytes, "Token", { 1: "bytes", 2: "message", 3: "message" });
    nonce = token.bytes(1);
    const nodeId = token.message(2);
    if (nodeId !== undefined)
      target = decodeFields(nodeId, "NodeId", { 1: "bytes" }).bytes(1) ?? new Uint8Array(0);
    const timestamp = token.message(3);
    if (timestamp !== undefined) {
      const fields = decodeFields(timestamp, "Timestamp", { 1: "varint", 2: "varint" });
      // prost reads int64 and int32 as a 64-bit varint cast to the signed type.
      expiry = {
        seconds: BigInt.asIntN(64, fields.varint(1) ?? 0n),
        nanos: Number(BigInt.asIntN(32, fields.varint(2) ?? 0n)),
      };
    }
  } catch (cause) {
    return { ok: false, problem: DECODING_FAILED, cause };
  }
  if (nonce?.length !== TOKEN_NONCE_LENGTH) return { ok: false, problem: "'nonce' must be 32 bytes long" };
  if (target === undefined) return { ok: false, problem: "'target_identity' not set" };
  if (expiry === undefined) return { ok: false, problem: "'expires_at' not set" };
  const expiresAt = dateFromTimestamp(expiry);
  if (expiresAt === undefined) return { ok: false, problem: "invalid 'expires_at' field" };
  return {
    ok: true,
    value: { nonce: Uint8Array.from(nonce), targetIdentity: Uint8Array.from(target), expiresAt },
  };
}

/** @internal */
export function assertDate(value: unknown, argument: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidArgumentError(`"${argument}" expected a valid Date`, { argument });
  }
}
