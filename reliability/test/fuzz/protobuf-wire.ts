// The protobuf wire format at byte level, schema-free: enough to write fields with any tag (valid or
// not) and to find the fields of a message so that a mutation can corrupt one of them precisely.

/** Protobuf wire types; 6 and 7 are invalid, 3 and 4 are the deprecated groups. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

/** One top-level field of a message: its tag, and where its header and value lie in the message. */
export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** Offset of the tag. */
  readonly start: number;
  /** Offset of the value: after the tag, and after the length prefix of a length-delimited field. */
  readonly valueStart: number;
  /** Offset just past the value. */
  readonly end: number;
}

/** `value` as a base-128 varint (up to 64 bits; larger values are truncated to their low 64 bits). */
export function varint(value: number | bigint): Uint8Array {
  let rest = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return Uint8Array.from(out);
}

/** A field tag; `field` may be 0 or beyond 2^29 - 1 on purpose, `wireType` anything from 0 to 7. */
export function tag(field: number, wireType: number): Uint8Array {
  return varint((BigInt(field) << 3n) | BigInt(wireType & 7));
}

/** A length-delimited field: tag, length, bytes. */
export function bytesField(field: number, value: Uint8Array): Uint8Array {
  return concat(tag(field, WIRE.bytes), varint(value.length), value);
}

/** A varint field. */
export function varintField(field: number, value: number | bigint): Uint8Array {
  return concat(tag(field, WIRE.varint), varint(value));
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `bytes` `count` times over, in one allocation. */
export function repeatBytes(bytes: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(bytes.length * count);
  for (let i = 0; i < count; i++) out.set(bytes, i * bytes.length);
  return out;
}

/**
 * The top-level fields of `message`, or undefined when it is not well-formed wire format (a truncated
 * value, a length past the end, an invalid wire type, an unbalanced group, a varint over 10 bytes).
 */
export function parseFields(message: Uint8Array): WireField[] | undefined {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < message.length) {
    const start = offset;
    const key = readVarint(message, offset);
    if (key === undefined) return undefined;
    offset = key.next;
    const field = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    const value = skipValue(message, offset, field, wireType);
    if (value === undefined) return undefined;
    fields.push({ field, wireType, start, valueStart: value.valueStart, end: value.end });
    offset = value.end;
  }
  return fields;
}

function skipValue(
  message: Uint8Array,
  offset: number,
  field: number,
  wireType: number,
): { valueStart: number; end: number } | undefined {
  switch (wireType) {
    case WIRE.varint: {
      const read = readVarint(message, offset);
      return read && { valueStart: offset, end: read.next };
    }
    case WIRE.fixed64:
      return offset + 8 <= message.length ? { valueStart: offset, end: offset + 8 } : undefined;
    case WIRE.fixed32:
      return offset + 4 <= message.length ? { valueStart: offset, end: offset + 4 } : undefined;
    case WIRE.bytes: {
      const length = readVarint(message, offset);
      if (length === undefined || length.value > BigInt(message.length - length.next)) return undefined;
      return { valueStart: length.next, end: length.next + Number(length.value) };
    }
    case WIRE.startGroup: {
      // Iterative, so that a deeply nested group cannot overflow this parser's own stack.
      const open: number[] = [field];
      let at = offset;
      while (open.length > 0) {
        const key = readVarint(message, at);
        if (key === undefined) return undefined;
        const inner = Number(key.value >> 3n);
        const type = Number(key.value & 7n);
        at = key.next;
        if (type === WIRE.endGroup) {
          if (open.pop() !== inner) return undefined;
          continue;
        }
        if (type === WIRE.startGroup) {
          open.push(inner);
          continue;
        }
        const value = skipValue(message, at, inner, type);
        if (value === undefined) return undefined;
        at = value.end;
      }
      return { valueStart: offset, end: at };
    }
    default:
      return undefined;
  }
}

/** A varint at `offset`: its value and the offset after it; undefined if truncated or over 10 bytes. */
export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; next: number } | undefined {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return undefined;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: offset + i + 1 };
  }
  return undefined;
}
