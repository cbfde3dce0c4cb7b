// Scalars travel big-endian in user-facing types and little-endian on the wire; these convert both ways.

/** The residue of `value` in [0, modulus), negative inputs included. */
export function mod(value: bigint, modulus: bigint): bigint {
  const r = value % modulus;
  return r < 0n ? r + modulus : r;
}

/** Reads an unsigned integer from bytes in the given byte order. */
export function bytesToBigInt(bytes: Uint8Array, order: "le" | "be"): bigint {
  let value = 0n;
  if (order === "be")
    for (let i = 0; i < bytes.length; i++) value = (value << 8n) | BigInt(bytes[i] as number);
  else for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  return value;
}

/** Writes an unsigned integer into exactly `length` bytes in the given byte order (high bits beyond are dropped). */
export function bigIntToBytes(value: bigint, length: number, order: "le" | "be"): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = 0; i < length; i++) {
    out[order === "le" ? i : length - 1 - i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}
