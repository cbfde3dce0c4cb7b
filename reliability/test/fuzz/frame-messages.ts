// gRPC request bodies framed honestly or with the lies a broken or hostile client tells about framing and
// compression; the honest envelope itself is support/grpc-envelopes.ts.
import { brotliCompressSync, gzipSync } from "node:zlib";
import { COMPRESSED, envelope } from "../support/grpc-envelopes.js";
import type { SeededRandom } from "../support/seeded-random.js";
import { concat } from "./protobuf-wire.js";

/** A framed request body, and the `grpc-encoding` header it needs, if any. */
export interface FramedBody {
  readonly body: Uint8Array;
  readonly encoding?: string;
  /** `exact`, or the lie told, e.g. `length-larger(+7)`. */
  readonly label: string;
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
