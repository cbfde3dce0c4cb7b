// Byte helpers shared across the SDK. Plain `Uint8Array` in and out, no `Buffer`, so they run unchanged in
// browsers and bundlers that do not polyfill Node.
import { InvalidArgumentError } from "./errors.js";

/**
 * Whether `value` is a `Uint8Array` (a Node `Buffer` counts; so does one from another realm, e.g. an iframe).
 *
 * @example
 * ```ts
 * import { isBytes } from "@nillion/types";
 *
 * isBytes(new Uint8Array(2)); // true
 * isBytes([1, 2]); // false
 * ```
 */
export function isBytes(value: unknown): value is Uint8Array {
  // instanceof alone fails for arrays created in another realm (iframe, vm context).
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor.name === "Uint8Array" && "BYTES_PER_ELEMENT" in value)
  );
}

/**
 * Throws an {@link InvalidArgumentError} naming `argument` unless `value` is a `Uint8Array` (of exactly
 * `length` bytes, when given).
 *
 * @example
 * ```ts
 * import { assertBytes } from "@nillion/types";
 *
 * assertBytes(new Uint8Array(32), "digest", 32); // ok
 * assertBytes("00", "digest"); // throws: "digest" expected Uint8Array, got string
 * ```
 */
export function assertBytes(value: unknown, argument: string, length?: number): asserts value is Uint8Array {
  if (!isBytes(value)) {
    throw new InvalidArgumentError(`"${argument}" expected Uint8Array, got ${describeType(value)}`, {
      argument,
    });
  }
  if (length !== undefined && value.length !== length) {
    throw new InvalidArgumentError(`"${argument}" expected ${length} bytes, got ${value.length}`, {
      argument,
      details: { expected: length, got: value.length },
    });
  }
}

const HEX_DIGITS = "0123456789abcdef";

/**
 * Lowercase hex of `bytes`, without a `0x` prefix.
 *
 * @example
 * ```ts
 * import { bytesToHex } from "@nillion/types";
 *
 * bytesToHex(new Uint8Array([0xca, 0xfe])); // "cafe"
 * ```
 */
export function bytesToHex(bytes: Uint8Array): string {
  assertBytes(bytes, "bytes");
  let hex = "";
  for (const byte of bytes) hex += (HEX_DIGITS[byte >> 4] ?? "") + (HEX_DIGITS[byte & 15] ?? "");
  return hex;
}

/**
 * Decodes a hex string (either case, even length, no `0x` prefix, no whitespace).
 *
 * @param hex the hex string
 * @param argument the argument name to report in errors (default `"hex"`)
 * @throws {InvalidArgumentError} on any other input
 *
 * @example
 * ```ts
 * import { hexToBytes } from "@nillion/types";
 *
 * hexToBytes("CAfe"); // Uint8Array [0xca, 0xfe]
 * hexToBytes("0xcafe"); // throws: "hex" must contain only hex digits …
 * ```
 */
export function hexToBytes(hex: string, argument = "hex"): Uint8Array {
  if (typeof hex !== "string") {
    throw new InvalidArgumentError(`"${argument}" expected a hex string, got ${describeType(hex)}`, {
      argument,
    });
  }
  if (hex.length % 2 !== 0) {
    throw new InvalidArgumentError(
      `"${argument}" must have an even number of hex digits, got ${hex.length} characters`,
      { argument, details: { length: hex.length } },
    );
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = hexDigit(hex.charCodeAt(2 * i));
    const low = hexDigit(hex.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) {
      const at = high < 0 ? 2 * i : 2 * i + 1;
      throw new InvalidArgumentError(
        `"${argument}" must contain only hex digits (0-9, a-f, A-F; no 0x prefix), got ${JSON.stringify(hex[at])} at position ${at}`,
        { argument, details: { position: at } },
      );
    }
    bytes[i] = high * 16 + low;
  }
  return bytes;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Whether two byte arrays hold the same bytes. The comparison does not stop at the first difference, so
 * its time does not reveal where two equal-length secrets differ.
 *
 * @example
 * ```ts
 * import { bytesEqual } from "@nillion/types";
 *
 * bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])); // true
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, "a");
  assertBytes(b, "b");
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Concatenates byte arrays into a new one.
 *
 * @example
 * ```ts
 * import { concatBytes } from "@nillion/types";
 *
 * concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])); // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(...arrays: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  arrays.forEach((array, index) => {
    assertBytes(array, `arrays[${index}]`);
    length += array.length;
  });
  const out = new Uint8Array(length);
  let offset = 0;
  for (const array of arrays) {
    out.set(array, offset);
    offset += array.length;
  }
  return out;
}

/**
 * A short description of a value's type for error messages: `string`, `number`, `null`, `Array`,
 * `Uint16Array`, ….
 *
 * @internal
 */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? name : "object";
}
