// Standard-alphabet base64 without Buffer or atob, so it runs in browsers too. The decoder accepts
// exactly what the node's decoder accepts (the Rust `base64` crate, STANDARD alphabet, padding
// "indifferent", no stray trailing bits): lenient decoders such as Buffer.from(…, "base64") would let a
// devnet accept tokens a real node refuses.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Standard base64 with `=` padding. @internal */
export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const chunk = (a << 16) | (b << 8) | c;
    const present = Math.min(3, bytes.length - i);
    for (let j = 0; j < 4; j++) {
      out += j <= present ? ALPHABET[(chunk >> (18 - 6 * j)) & 63] : "=";
    }
  }
  return out;
}

/**
 * Decodes standard base64, with or without padding. Returns `undefined` for a character outside the
 * alphabet, `=` anywhere but at the end of the last quad, more padding than that quad has room for, a
 * dangling single character, or non-zero bits in the last character beyond the encoded bytes.
 *
 * @internal
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  const padding = text.length - end;
  const tail = end % 4;
  // Symbols fill a quad from position 0; padding may only fill positions 2 and 3 of the last one.
  if (tail === 1 || (padding > 0 && (tail === 0 || tail + padding > 4))) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (VALUES[code] ?? -1) : -1;
    if (value < 0) return undefined;
    buffer = ((buffer << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** The length of the unpadded base64 text for `length` bytes. @internal */
export function base64Length(length: number): number {
  return Math.ceil((length * 4) / 3);
}
