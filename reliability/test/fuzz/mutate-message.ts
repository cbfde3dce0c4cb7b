// Mutations of a real protobuf message: what a broken or hostile peer sends instead of it. Each one says
// what it did, so that a failing input can be read, not only replayed.
import type { SeededRandom } from "../support/seeded-random.js";
import {
  bytesField,
  concat,
  parseFields,
  repeatBytes,
  tag,
  varint,
  WIRE,
  type WireField,
} from "./protobuf-wire.js";

export interface Mutated {
  readonly bytes: Uint8Array;
  /** What was done, e.g. `lying-length(field 1: 12 → 4096)`. */
  readonly label: string;
}

type Mutation = (message: Uint8Array, random: SeededRandom) => Mutated;

/** Bytes that sit on the edges of varints, lengths and field elements. */
const EDGE_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x08, 0x0a, 0x12] as const;
/** Byte sequences that are not UTF-8: a lone continuation, an overlong NUL, a surrogate, an out-of-range lead. */
const NOT_UTF8 = [[0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff, 0xfe]];

const MUTATIONS: ReadonlyArray<readonly [string, Mutation]> = [
  ["random-bytes", (_message, random) => randomBytes(random)],
  ["truncate", truncate],
  ["bit-flips", bitFlips],
  ["edge-bytes", edgeBytes],
  ["field-number", fieldNumber],
  ["wire-type", wireType],
  ["lying-length", lyingLength],
  ["overlong-varint", overlongVarint],
  ["invalid-utf8", invalidUtf8],
  ["duplicate-field", duplicateField],
  ["unknown-fields", unknownFields],
  ["nested-groups", nestedGroups],
  ["splice", splice],
];

/**
 * One random mutation of `message` (sometimes two in a row).
 *
 * @example
 * ```ts
 * const { bytes, label } = mutateMessage(seedBytes, seededRandom(7));
 * ```
 */
export function mutateMessage(message: Uint8Array, random: SeededRandom): Mutated {
  const first = apply(message, random);
  if (!random.chance(0.2)) return first;
  const second = apply(first.bytes, random);
  return { bytes: second.bytes, label: `${first.label} + ${second.label}` };
}

function apply(message: Uint8Array, random: SeededRandom): Mutated {
  const [, mutation] = random.pick(MUTATIONS);
  return mutation(message, random);
}

function randomBytes(random: SeededRandom): Mutated {
  const length = random.chance(0.8) ? random.int(64) : random.int(4096);
  return { bytes: random.bytes(length), label: `random-bytes(${length})` };
}

function truncate(message: Uint8Array, random: SeededRandom): Mutated {
  const at = random.int(Math.max(message.length, 1));
  return { bytes: message.slice(0, at), label: `truncate(${message.length} → ${at})` };
}

function bitFlips(message: Uint8Array, random: SeededRandom): Mutated {
  if (message.length === 0) return randomBytes(random);
  const out = message.slice();
  const flips = 1 + random.int(8);
  for (let i = 0; i < flips; i++) {
    const at = random.int(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << random.int(8));
  }
  return { bytes: out, label: `bit-flips(${flips})` };
}

function edgeBytes(message: Uint8Array, random: SeededRandom): Mutated {
  if (message.length === 0) return randomBytes(random);
  const out = message.slice();
  const at = random.int(out.length);
  const byte = random.pick(EDGE_BYTES);
  out[at] = byte;
  return { bytes: out, label: `edge-byte(@${at} = 0x${byte.toString(16)})` };
}

/** A top-level field to corrupt; a message without any gets random bytes instead. */
function pickField(message: Uint8Array, random: SeededRandom, wireType?: number): WireField | undefined {
  const fields = (parseFields(message) ?? []).filter(
    (f) => wireType === undefined || f.wireType === wireType,
  );
  return fields.length === 0 ? undefined : random.pick(fields);
}

function fieldNumber(message: Uint8Array, random: SeededRandom): Mutated {
  const field = pickField(message, random);
  if (field === undefined) return unknownFields(message, random);
  const number = random.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 19_000, 2 ** 29 - 1, 2 ** 29, 2 ** 32]);
  const out = replace(message, field.start, headerEnd(message, field), tag(number, field.wireType));
  return { bytes: out, label: `field-number(${field.field} → ${number})` };
}

function wireType(message: Uint8Array, random: SeededRandom): Mutated {
  const field = pickField(message, random);
  if (field === undefined) return unknownFields(message, random);
  const type = (field.wireType + 1 + random.int(7)) % 8;
  const out = replace(message, field.start, headerEnd(message, field), tag(field.field, type));
  return { bytes: out, label: `wire-type(field ${field.field}: ${field.wireType} → ${type})` };
}

function lyingLength(message: Uint8Array, random: SeededRandom): Mutated {
  const field = pickField(message, random, WIRE.bytes);
  if (field === undefined) return truncate(message, random);
  const actual = field.end - field.valueStart;
  const claimed = random.pick([
    actual + 1,
    actual + 1 + random.int(1000),
    Math.max(actual - 1, 0),
    0,
    2 ** 31 - 1,
    2 ** 32 + actual,
    Number.MAX_SAFE_INTEGER,
  ]);
  const tagBytes = tag(field.field, WIRE.bytes);
  const out = replace(message, field.start, field.valueStart, concat(tagBytes, varint(claimed)));
  return { bytes: out, label: `lying-length(field ${field.field}: ${actual} → ${claimed})` };
}

function overlongVarint(message: Uint8Array, random: SeededRandom): Mutated {
  const field = pickField(message, random);
  if (field === undefined) return unknownFields(message, random);
  // Eleven continuation bytes: no decoder may read this as a tag.
  const overlong = Uint8Array.from({ length: 11 }, () => 0x80 | random.int(128));
  const out = replace(message, field.start, headerEnd(message, field), overlong);
  return { bytes: out, label: `overlong-varint(field ${field.field})` };
}

function invalidUtf8(message: Uint8Array, random: SeededRandom): Mutated {
  const field = pickField(message, random, WIRE.bytes);
  const bad = Uint8Array.from(random.pick(NOT_UTF8));
  if (field === undefined) {
    return { bytes: concat(message, bytesField(1 + random.int(8), bad)), label: "invalid-utf8(appended)" };
  }
  const value = message.subarray(field.valueStart, field.end);
  const at = random.int(value.length + 1);
  const poisoned = concat(value.subarray(0, at), bad, value.subarray(at));
  const out = replace(message, field.start, field.end, bytesField(field.field, poisoned));
  return { bytes: out, label: `invalid-utf8(field ${field.field})` };
}

function duplicateField(message: Uint8Array, random: SeededRandom): Mutated {
  const field = pickField(message, random);
  if (field === undefined) return unknownFields(message, random);
  const copy = message.subarray(field.start, field.end);
  // Up to ~1 MB: a huge repeated field, well under the node's 6 MiB limit.
  const copies = Math.min(random.pick([2, 10, 1000, 100_000]), Math.floor(1_000_000 / copy.length) + 1);
  const out = concat(message, repeatBytes(copy, copies));
  return { bytes: out, label: `duplicate-field(field ${field.field} × ${copies})` };
}

function unknownFields(message: Uint8Array, random: SeededRandom): Mutated {
  const number = 16 + random.int(1000);
  const extra = random.pick([
    concat(tag(number, WIRE.varint), varint(random.int(2 ** 31))),
    bytesField(number, random.bytes(random.int(64))),
    concat(tag(number, WIRE.fixed32), random.bytes(4)),
    concat(tag(number, WIRE.fixed64), random.bytes(8)),
  ]);
  return { bytes: concat(message, extra), label: `unknown-field(${number})` };
}

function nestedGroups(message: Uint8Array, random: SeededRandom): Mutated {
  const depth = random.pick([10, 100, 1000, 10_000, 100_000]);
  const number = 1 + random.int(20);
  const open = tag(number, WIRE.startGroup);
  const close = tag(number, WIRE.endGroup);
  const balanced = random.chance(0.8);
  const groups = concat(repeatBytes(open, depth), repeatBytes(close, balanced ? depth : depth - 1));
  return {
    bytes: concat(message, groups),
    label: `nested-groups(field ${number} × ${depth}${balanced ? "" : ", unbalanced"})`,
  };
}

function splice(message: Uint8Array, random: SeededRandom): Mutated {
  const at = random.int(message.length + 1);
  const inserted = random.bytes(1 + random.int(16));
  const out = concat(message.subarray(0, at), inserted, message.subarray(at));
  return { bytes: out, label: `splice(@${at} + ${inserted.length})` };
}

function headerEnd(message: Uint8Array, field: WireField): number {
  if (field.wireType !== WIRE.bytes) return field.valueStart;
  // For a length-delimited field, the tag ends where its length prefix begins.
  let at = field.start;
  while (((message[at] ?? 0) & 0x80) !== 0) at++;
  return at + 1;
}

function replace(message: Uint8Array, from: number, to: number, inserted: Uint8Array): Uint8Array {
  return concat(message.subarray(0, from), inserted, message.subarray(to));
}
