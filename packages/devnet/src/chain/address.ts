// Account addresses: bech32 `nillion1…` over 20 bytes, derived and checked as nilchain does. The decode
// errors keep the texts of the SDK's bech32 address codec, because they end up in ABCI logs.
import { PrivateKey } from "@nillion/crypto";
import { InvalidArgumentError } from "@nillion/types";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bech32 } from "@scure/base";
import { ERR, GrpcCode, GrpcStatusError, plainError, type SdkError, sdkError } from "./errors.js";
import { BECH32_PREFIX } from "./params.js";

// Go's bech32 accepts strings up to this length, far beyond BIP-173's 90.
const MAX_BECH32_LENGTH = 1023;
const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** bech32(`nillion`, RIPEMD160(SHA256(compressed secp256k1 key))). */
export function addressFromPublicKey(publicKey: Uint8Array): string {
  return encodeAddress(ripemd160(sha256(publicKey)));
}

/** The bech32 `nillion1…` form of raw address bytes. */
export function encodeAddress(bytes: Uint8Array): string {
  return bech32.encode(BECH32_PREFIX, bech32.toWords(bytes), false);
}

/** A module account's address: the first 20 bytes of SHA-256 of its name (x/auth `NewModuleAddress`). */
export function moduleAddress(name: string): string {
  return encodeAddress(sha256(new TextEncoder().encode(name)).subarray(0, 20));
}

/**
 * The bytes of a `nillion1…` address, checked like the SDK's account address codec (`StringToBytes`):
 * bech32, the `nillion` prefix, and nilchain's address verifier (20 or 32 bytes).
 *
 * @throws {SdkError} with the codec's text: uncoded for bech32 faults, code 35 for a wrong prefix and
 *   code 9 for a wrong length
 */
export function decodeAddress(text: string): Uint8Array {
  if (text.trim() === "") throw plainError("empty address string is not allowed");
  const { prefix, bytes } = decodeBech32(text);
  if (prefix !== BECH32_PREFIX) {
    throw sdkError(
      ERR.logic,
      `hrp does not match bech32 prefix: expected '${BECH32_PREFIX}' got '${prefix}'`,
    );
  }
  if (bytes.length === 0) throw sdkError(ERR.unknownAddress, "addresses cannot be empty");
  if (bytes.length > 255) {
    throw sdkError(ERR.unknownAddress, `address max length is 255, got ${bytes.length}`);
  }
  if (bytes.length !== 20 && bytes.length !== 32) {
    throw sdkError(ERR.unknownAddress, `address length must be 20 or 32 bytes, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * {@link decodeAddress} for a query service: how its failure surfaces through gRPC. A coded SDK error
 * carries a gRPC status of its own (`codespace … code …`); a plain Go error has none.
 */
export function decodeQueryAddress(text: string): Uint8Array {
  try {
    return decodeAddress(text);
  } catch (error) {
    const err = error as SdkError;
    if (err.registered === undefined) throw err;
    const { codespace, code, description } = err.registered;
    const detail = err.message.slice(0, -(description.length + 2));
    throw new GrpcStatusError(
      GrpcCode.unknown,
      `codespace ${codespace} code ${code}: ${description}: ${detail}`,
    );
  }
}

// cosmos/btcutil's bech32.Decode (limit 1023) and ConvertBits, with their checks in their order.
function decodeBech32(text: string): { prefix: string; bytes: Uint8Array } {
  const fail = (reason: string) => plainError(`decoding bech32 failed: ${reason}`);
  const raw = new TextEncoder().encode(text);
  if (raw.length < 8 || raw.length > MAX_BECH32_LENGTH)
    throw fail(`invalid bech32 string length ${raw.length}`);
  let hasLower = false;
  let hasUpper = false;
  for (const byte of raw) {
    if (byte < 33 || byte > 126) throw fail(`invalid character in string: '${String.fromCharCode(byte)}'`);
    hasLower ||= byte >= 97 && byte <= 122;
    hasUpper ||= byte >= 65 && byte <= 90;
    if (hasLower && hasUpper) throw fail("string not all lowercase or all uppercase");
  }
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf("1");
  if (separator < 1 || separator + 7 > lower.length) throw fail(`invalid separator index ${separator}`);
  const prefix = lower.slice(0, separator);
  const data = lower.slice(separator + 1);
  for (const char of data) {
    if (!CHARSET.includes(char)) throw fail(`invalid character not part of charset: ${char.charCodeAt(0)}`);
  }
  const decoded = bech32.decodeUnsafe(lower, MAX_BECH32_LENGTH);
  if (decoded === undefined) {
    const words = [...data.slice(0, -6)].map((char) => CHARSET.indexOf(char));
    const expected = bech32.encode(prefix, words, false).slice(-6);
    throw fail(`invalid checksum (expected ${expected} got ${data.slice(-6)})`);
  }
  const bytes = bech32.fromWordsUnsafe(decoded.words);
  if (bytes === undefined) throw fail("invalid incomplete group");
  return { prefix, bytes: Uint8Array.from(bytes) };
}

/**
 * The `nillion1…` account address of a secp256k1 key given as 64 hex digits (a
 * `NILLION_NILCHAIN_PRIVATE_KEY_<i>` value).
 *
 * @throws {InvalidArgumentError} (`argument: "privateKey"`) unless it is a valid key in hex
 *
 * @example
 * ```ts
 * walletAddress(DEVNET_KEYS[0].privateKey); // "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j"
 * ```
 */
export function walletAddress(privateKey: string): string {
  if (typeof privateKey !== "string" || !/^[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new InvalidArgumentError(`"privateKey" must be 64 hex digits`, { argument: "privateKey" });
  }
  return addressFromPublicKey(PrivateKey.fromHex(privateKey).publicKey);
}
