// Mutations that keep a message decodable but put an edge value in one field, at any depth: an id of the
// wrong length, an empty or huge name, a count of 2^64 - 1, an unknown enum number, a required message
// left out, a list emptied or repeated. They reach the validation that byte-level noise never gets past.
import {
  create,
  type DescField,
  type DescMessage,
  fromBinary,
  ScalarType,
  toBinary,
} from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import type { SeededRandom } from "../support/seeded-random.js";
import type { Mutated } from "./mutate-message.js";

interface Slot {
  readonly owner: ReflectMessage;
  readonly field: DescField;
  readonly path: string;
}

const MAX_DEPTH = 8;
const BYTE_LENGTHS = [0, 1, 15, 16, 17, 19, 20, 21, 31, 32, 33, 64, 1000, 100_000];
const STRINGS = [
  "",
  "\u0000",
  "x".repeat(10_000),
  "../../etc/passwd",
  "名前",
  " a b ",
  "-1",
  "builtin/tecdsa_sign",
];
const INT32 = [0, -1, 2 ** 31 - 1, -(2 ** 31)];
const UINT32 = [0, 1, 2 ** 32 - 1, 2 ** 31];
const INT64 = [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n)];
const UINT64 = [0n, 1n, 2n ** 64n - 1n, 2n ** 53n, 2n ** 63n];
const ENUMS = [0, 1, 2, 3, 99, -1, 2 ** 31 - 1];

/**
 * `bytes` (a message of `schema`) with one field set to an edge value; undefined when `bytes` does not
 * decode or has no field to change. The receipt is mostly left alone: a changed receipt fails its
 * signature check before anything else is looked at.
 *
 * @example
 * ```ts
 * const mutated = mutateFields(StoreValuesRequestSchema, seed, seededRandom(3));
 * ```
 */
export function mutateFields(
  schema: DescMessage,
  bytes: Uint8Array,
  random: SeededRandom,
): Mutated | undefined {
  let message: ReturnType<typeof fromBinary>;
  try {
    message = fromBinary(schema, bytes);
  } catch {
    return undefined;
  }
  const slots: Slot[] = [];
  collect(reflect(schema, message), "", 0, random, slots);
  if (slots.length === 0) return undefined;
  const slot = random.pick(slots);
  const change = edit(slot, random);
  return { bytes: toBinary(schema, message), label: `field-edge(${slot.path}: ${change})` };
}

function collect(
  owner: ReflectMessage,
  prefix: string,
  depth: number,
  random: SeededRandom,
  slots: Slot[],
): void {
  for (const field of owner.fields) {
    if (field.localName === "signedReceipt" && random.chance(0.9)) continue;
    const path = `${prefix}${field.localName}`;
    slots.push({ owner, field, path });
    if (depth >= MAX_DEPTH || !owner.isSet(field)) continue;
    if (field.fieldKind === "message") {
      collect(owner.get(field), `${path}.`, depth + 1, random, slots);
    } else if (field.fieldKind === "list" && field.listKind === "message") {
      const list = owner.get(field);
      for (let i = 0; i < Math.min(list.size, 3); i++) {
        const item = list.get(i) as ReflectMessage | undefined;
        if (item !== undefined) collect(item, `${path}[${i}].`, depth + 1, random, slots);
      }
    }
  }
}

function edit({ owner, field }: Slot, random: SeededRandom): string {
  switch (field.fieldKind) {
    case "scalar": {
      const value = scalarEdge(field.scalar, random);
      owner.set(field, value);
      return describe(value);
    }
    case "enum": {
      const value = random.pick(ENUMS);
      owner.set(field, value);
      return String(value);
    }
    case "message":
      if (random.chance(0.5)) {
        owner.clear(field);
        return "unset";
      }
      owner.set(field, reflect(field.message, create(field.message)));
      return "empty";
    case "list": {
      const list = owner.get(field);
      const roll = random.int(3);
      if (roll === 0 || list.size === 0) {
        const item =
          field.listKind === "message"
            ? reflect(field.message, create(field.message))
            : field.listKind === "enum"
              ? random.pick(ENUMS)
              : scalarEdge(field.scalar, random);
        list.add(item);
        return `added ${field.listKind === "message" ? "empty" : describe(item)}`;
      }
      if (roll === 1) {
        list.clear();
        return "emptied";
      }
      const copies = random.pick([2, 100, 1000]);
      const items = [...list];
      for (let i = 1; i < copies; i++) for (const item of items) list.add(item);
      return `repeated × ${copies}`;
    }
    case "map":
      owner.get(field).clear();
      return "emptied";
  }
}

function scalarEdge(type: ScalarType, random: SeededRandom): unknown {
  switch (type) {
    case ScalarType.STRING:
      return random.pick(STRINGS);
    case ScalarType.BYTES:
      return random.bytes(random.pick(BYTE_LENGTHS));
    case ScalarType.BOOL:
      return random.chance(0.5);
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return random.pick(INT32);
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return random.pick(UINT32);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return random.pick(INT64);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return random.pick(UINT64);
    default:
      return random.pick([Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308]);
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === "string") return value.length > 20 ? `string(${value.length})` : JSON.stringify(value);
  return String(value);
}
