// The 5-byte gRPC message envelope (flags, 32-bit big-endian length, payload), and how a server reads a
// body back into envelopes: the view the fuzz suite checks its rule "INTERNAL only for undecodable bodies"
// against.
import { brotliDecompressSync, gunzipSync } from "node:zlib";

/** The envelope flag of a compressed payload. */
export const COMPRESSED = 0x01;

/**
 * One envelope: flags, the length it declares (the payload's own unless a caller lies), and its payload.
 *
 * @example
 * ```ts
 * envelope(0, Uint8Array.of(8, 1)); // 00 00000002 0801
 * ```
 */
export function envelope(flags: number, payload: Uint8Array, declaredLength = payload.length): Uint8Array {
  const framed = new Uint8Array(5 + payload.length);
  framed[0] = flags;
  new DataView(framed.buffer).setUint32(1, declaredLength >>> 0);
  framed.set(payload, 5);
  return framed;
}

/** One envelope as a server reads it. */
export interface ReadEnvelope {
  readonly flags: number;
  /** The payload as sent. */
  readonly raw: Uint8Array;
  /** The payload after decompression; undefined when it does not decompress. */
  readonly payload: Uint8Array | undefined;
}

/**
 * The envelopes of `body` as a server splits it; `incomplete` when the body ends inside an envelope.
 * Compressed payloads are inflated with `encoding` when it is one a server knows (gzip, br).
 */
export function readEnvelopes(
  body: Uint8Array,
  encoding: string | undefined,
): { envelopes: ReadEnvelope[]; incomplete: boolean } {
  const envelopes: ReadEnvelope[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (body.length - offset < 5) return { envelopes, incomplete: true };
    const flags = body[offset] ?? 0;
    const length = new DataView(body.buffer, body.byteOffset + offset + 1, 4).getUint32(0);
    if (body.length - offset - 5 < length) return { envelopes, incomplete: true };
    const raw = body.subarray(offset + 5, offset + 5 + length);
    envelopes.push({ flags, raw, payload: (flags & COMPRESSED) === 0 ? raw : inflate(raw, encoding) });
    offset += 5 + length;
  }
  return { envelopes, incomplete: false };
}

function inflate(bytes: Uint8Array, encoding: string | undefined): Uint8Array | undefined {
  try {
    if (encoding === "gzip") return gunzipSync(bytes, { maxOutputLength: 64 * 1024 * 1024 });
    if (encoding === "br") return brotliDecompressSync(bytes, { maxOutputLength: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
  return undefined;
}
