// Go's `hex.DecodeString`, for the places where the chain reads hex from a client: it accepts either case
// and reports the first invalid byte before an odd length, with Go's wording.

/**
 * Decodes `text` as hex.
 *
 * @throws {Error} `encoding/hex: invalid byte: …` or `encoding/hex: odd length hex string`
 */
export function decodeGoHex(text: string): Uint8Array {
  for (const byte of new TextEncoder().encode(text)) {
    if (!isHexDigit(byte)) {
      const code = `U+${byte.toString(16).toUpperCase().padStart(4, "0")}`;
      const printable = byte >= 0x20 && byte < 0x7f;
      throw new Error(
        `encoding/hex: invalid byte: ${printable ? `${code} '${String.fromCharCode(byte)}'` : code}`,
      );
    }
  }
  if (text.length % 2 !== 0) throw new Error("encoding/hex: odd length hex string");
  return new Uint8Array(Buffer.from(text, "hex"));
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
