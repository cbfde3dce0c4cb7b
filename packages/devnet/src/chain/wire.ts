// Just enough of the protobuf wire format to walk a message field by field, the way the SDK's strict
// decoder does before it unmarshals anything. Failures carry the texts of Go's `protowire.ParseError`.

/** Wire types (`protowire.Type`). */
export const WireType = Object.freeze({
  varint: 0,
  fixed64: 1,
  bytes: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
});

/** A malformed encoding; `message` is Go's `protowire` text. */
export class WireError extends Error {
  override name = "WireError";
}

const TRUNCATED = "unexpected EOF";
const OVERFLOW = "variable length integer overflow";

/** One decoded field header and where its value lies. */
export interface WireField {
  readonly number: number;
  readonly wireType: number;
  /** Offset just past the value. */
  readonly end: number;
  /** For length-delimited fields: the payload offsets and how many bytes the length prefix took. */
  readonly payloadStart: number;
  readonly prefixLength: number;
}

/** Reads a varint at `offset`; returns its value and the number of bytes it took. */
export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; length: number } {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new WireError(TRUNCATED);
    if (i === 9 && byte > 1) throw new WireError(OVERFLOW);
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if (byte < 0x80) return { value, length: i + 1 };
  }
  throw new WireError(OVERFLOW);
}

/** The shortest number of bytes a varint of `value` can take (ADR-027 wants exactly that). */
export function varintLength(value: bigint): number {
  let length = 1;
  for (let rest = value >> 7n; rest > 0n; rest >>= 7n) length++;
  return length;
}

/** Reads the field at `offset`: tag, then its value's extent. */
export function readField(bytes: Uint8Array, offset: number): WireField {
  const tag = readVarint(bytes, offset);
  const number = Number(tag.value >> 3n);
  const wireType = Number(tag.value & 7n);
  if (number < 1 || number > 0x1fffffff) throw new WireError("invalid field number");
  const valueStart = offset + tag.length;
  const field = (end: number, payloadStart = valueStart, prefixLength = 0): WireField => {
    if (end > bytes.length) throw new WireError(TRUNCATED);
    return { number, wireType, end, payloadStart, prefixLength };
  };
  switch (wireType) {
    case WireType.varint:
      return field(valueStart + readVarint(bytes, valueStart).length);
    case WireType.fixed64:
      return field(valueStart + 8);
    case WireType.fixed32:
      return field(valueStart + 4);
    case WireType.bytes: {
      const prefix = readVarint(bytes, valueStart);
      const payloadStart = valueStart + prefix.length;
      if (prefix.value > BigInt(bytes.length - payloadStart)) throw new WireError(TRUNCATED);
      return field(payloadStart + Number(prefix.value), payloadStart, prefix.length);
    }
    case WireType.startGroup:
      return field(skipGroup(bytes, valueStart, number));
    default:
      throw new WireError(
        wireType === WireType.endGroup ? "mismatching end group marker" : "cannot parse reserved wire type",
      );
  }
}

function skipGroup(bytes: Uint8Array, offset: number, number: number): number {
  let position = offset;
  for (;;) {
    if (position >= bytes.length) throw new WireError(TRUNCATED);
    const tag = readVarint(bytes, position);
    if (Number(tag.value & 7n) === WireType.endGroup) {
      if (Number(tag.value >> 3n) !== number) throw new WireError("mismatching end group marker");
      return position + tag.length;
    }
    position = readField(bytes, position).end;
  }
}

/** Go's name of a wire type, as in the SDK's unknown-field errors. */
export function wireTypeName(wireType: number): string {
  return (
    ["varint", "fixed64", "bytes", "start_group", "end_group", "fixed32"][wireType] ??
    `unknown type: ${wireType}`
  );
}
