// The 5-byte gRPC message envelope (flags, 32-bit big-endian length, payload), honest or lying, and how
// a server reads a body back into envelopes — the view the rule "INTERNAL only for undecodable bodies" is
// checked against.
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import type { SeededRandom } from "../support/seeded-random.js";
import { concat } from "./protobuf-wire.js";

/** The envelope flag of a compressed payload. */
export const COMPRESSED = 0x01;

/** A framed request body, and the `grpc-encoding` header it needs, if any. */
export interface FramedBody {
  readonly body: Uint8Array;
  readonly encoding?: string;
  /** `exact`, or the lie told, e.g. `length-larger(+7)`. */
  readonly label: string;
}

/** One envelope: flags, the length it declares, and its payload. */
export function envelope(flags: number, payload: Uint8Array, declaredLength = payload.length): Uint8Array {
  const header = new Uint8Array(5);
  header[0] = flags;
  new DataView(header.buffer).setUint32(1, declaredLength >>> 0);
  return concat(header, payload);
}

/** The gzip of 7 MiB of zeros: 7 KB on the wire, over the node's 6 MiB limit once inflated. */
let gzipBomb: Uint8Array | undefined;

/**
 * Frames `payloads` (one per message of the call) honestly, or with one of the lies a broken or hostile
 * client tells about framing and compression.
 *
 * @example
 * ```ts
 * const { body, encoding, label } = frameMessages([message], random);
 * ```
 */
export function frameMessages(payloads: readonly Uint8Array[], random: SeededRandom): FramedBody {
  const honest = (): Uint8Array => concat(...payloads.map((payload) => envelope(0, payload)));
  if (random.chance(0.75)) return { body: honest(), label: "exact" };
  const first = payloads[0] ?? new Uint8Array();
  const lie = random.int(12);
  switch (lie) {
    case 0:
      return { body: envelope(COMPRESSED, first), label: "compressed-flag-without-encoding" };
    case 1:
      return { body: envelope(COMPRESSED, gzipSync(first)), encoding: "gzip", label: "gzip" };
    case 2: {
      const gzipped = gzipSync(first);
      const cut = gzipped.subarray(0, random.int(gzipped.length));
      return { body: envelope(COMPRESSED, cut), encoding: "gzip", label: `gzip-truncated(${cut.length})` };
    }
    case 3: {
      // Rare: inflating 7 MiB costs the server (and the suite's time budget) some 100 ms or more.
      if (!random.chance(0.2))
        return { body: envelope(COMPRESSED, brotliCompressSync(first)), encoding: "br", label: "br" };
      gzipBomb ??= gzipSync(new Uint8Array(7 * 1024 * 1024));
      return { body: envelope(COMPRESSED, gzipBomb), encoding: "gzip", label: "gzip-bomb(7 MiB)" };
    }
    case 4:
      return { body: envelope(COMPRESSED, first), encoding: "snappy", label: "unknown-encoding" };
    case 5: {
      const extra = 1 + random.int(64);
      return { body: envelope(0, first, first.length + extra), label: `length-larger(+${extra})` };
    }
    case 6: {
      const less = 1 + random.int(Math.max(first.length, 1));
      return {
        body: envelope(0, first, Math.max(first.length - less, 0)),
        label: `length-smaller(-${less})`,
      };
    }
    case 7:
      return { body: envelope(0, first, 0xffffffff), label: "length-4-GiB" };
    case 8: {
      const cut = 1 + random.int(4);
      return { body: envelope(0, first).subarray(0, cut), label: `partial-header(${cut})` };
    }
    case 9:
      return { body: new Uint8Array(), label: "no-envelope" };
    case 10:
      return { body: concat(honest(), envelope(0, first)), label: "extra-envelope" };
    default: {
      const flags = random.pick([0x02, 0x80, 0x7e, 0xff]);
      return { body: envelope(flags, first), label: `flags-0x${flags.toString(16)}` };
    }
  }
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
