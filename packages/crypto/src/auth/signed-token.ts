import { assertBytes, InvalidArgumentError } from "@nillion/types";
import { assertPublicKey, PUBLIC_KEY_LENGTH, type PublicKey } from "../keys/public-key.js";
import { ProtobufWriter } from "../wire/protobuf.js";
import { DECODING_FAILED, decodeFields, type Parsed } from "./decode-fields.js";

/**
 * A signed auth token (`nillion.auth.v1.token.SignedToken`): an encoded {@link Token}, the signer's
 * public key and the signature over the encoded token. Its encoding is what travels in the
 * `x-nillion-token` header (base64) or the `x-nillion-token-bin` header (raw bytes).
 *
 * @example
 * ```ts
 * import { decodeSignedToken } from "@nillion/crypto";
 *
 * const { publicKey, signature } = decodeSignedToken(tokenBytes);
 * ```
 */
export interface SignedToken {
  /** The protobuf encoding of a `Token`, exactly as signed. */
  readonly serializedToken: Uint8Array;
  /** The signer's public key. */
  readonly publicKey: PublicKey;
  /** 64 bytes: compact low-S ECDSA over SHA-256(serializedToken), or Ed25519 over serializedToken. */
  readonly signature: Uint8Array;
}

// nillion.auth.v1.public_key.PublicKeyType. ED25519 is the proto3 default, so it never appears on the wire.
const KEY_TYPE_ED25519 = 0;
const KEY_TYPE_SECP256K1 = 1;

/**
 * Encodes a `SignedToken`: field 1 `serialized_token`, field 2 `public_key` (`PublicKey { 1: key_type,
 * 2: contents }`, with `key_type` omitted for ED25519 = 0), field 3 `signature`. Byte-identical to prost
 * and protobuf-es. Nothing is verified here.
 *
 * @throws {InvalidArgumentError} naming the offending field when `signedToken` is malformed
 *
 * @example
 * ```ts
 * import { encodeSignedToken } from "@nillion/crypto";
 *
 * const bytes = encodeSignedToken({ serializedToken, publicKey: { type: "secp256k1", bytes: key.publicKey }, signature });
 * ```
 */
export function encodeSignedToken(signedToken: SignedToken): Uint8Array {
  if (typeof signedToken !== "object" || signedToken === null) {
    throw new InvalidArgumentError(
      `"signedToken" expected a { serializedToken, publicKey, signature } object`,
      {
        argument: "signedToken",
      },
    );
  }
  const { serializedToken, publicKey, signature } = signedToken;
  assertBytes(serializedToken, "signedToken.serializedToken");
  assertPublicKey(publicKey, "signedToken.publicKey");
  assertBytes(signature, "signedToken.signature");
  const keyType = publicKey.type === "secp256k1" ? KEY_TYPE_SECP256K1 : KEY_TYPE_ED25519;
  return new ProtobufWriter()
    .bytes(1, serializedToken)
    .message(2, (key) => key.uint(1, keyType).bytes(2, publicKey.bytes))
    .bytes(3, signature)
    .finish();
}

/**
 * Decodes a `SignedToken` and checks its shape as the node does (public key present, of a known type and
 * the right length). It neither checks that the key is a curve point nor verifies the signature: use
 * {@link verifySignedToken} for that.
 *
 * @throws {InvalidArgumentError} (`argument: "bytes"`) with the node's text for the first problem
 *
 * @example
 * ```ts
 * import { decodeSignedToken } from "@nillion/crypto";
 *
 * const { serializedToken, publicKey, signature } = decodeSignedToken(tokenBytes);
 * ```
 */
export function decodeSignedToken(bytes: Uint8Array): SignedToken {
  assertBytes(bytes, "bytes");
  const parsed = parseSignedToken(bytes);
  if (parsed.ok) return parsed.value;
  throw new InvalidArgumentError(`invalid SignedToken: ${parsed.problem}`, {
    argument: "bytes",
    cause: parsed.cause,
  });
}

/**
 * {@link decodeSignedToken} without throwing, reporting nilvm's `ProtoError` texts in nilvm's order.
 *
 * @internal
 */
export function parseSignedToken(bytes: Uint8Array): Parsed<SignedToken> {
  let serializedToken: Uint8Array;
  let signature: Uint8Array;
  let key: { type: bigint; contents: Uint8Array } | undefined;
  try {
    const token = decodeFields(bytes, "SignedToken", { 1: "bytes", 2: "message", 3: "bytes" });
    serializedToken = token.bytes(1) ?? new Uint8Array(0);
    signature = token.bytes(3) ?? new Uint8Array(0);
    const publicKey = token.message(2);
    if (publicKey !== undefined) {
      const fields = decodeFields(publicKey, "PublicKey", { 1: "varint", 2: "bytes" });
      key = { type: fields.varint(1) ?? 0n, contents: fields.bytes(2) ?? new Uint8Array(0) };
    }
  } catch (cause) {
    return { ok: false, problem: DECODING_FAILED, cause };
  }
  if (key === undefined) return { ok: false, problem: "'public_key' not set" };
  // An enum is an int32 on the wire: prost keeps the low 32 bits of the varint.
  const keyType = Number(BigInt.asIntN(32, key.type));
  const type =
    keyType === KEY_TYPE_SECP256K1 ? "secp256k1" : keyType === KEY_TYPE_ED25519 ? "ed25519" : undefined;
  if (type === undefined) return { ok: false, problem: "invalid public key type" };
  if (key.contents.length !== PUBLIC_KEY_LENGTH[type]) return { ok: false, problem: "invalid public key" };
  return {
    ok: true,
    value: {
      serializedToken: Uint8Array.from(serializedToken),
      publicKey: { type, bytes: Uint8Array.from(key.contents) },
      signature: Uint8Array.from(signature),
    },
  };
}
