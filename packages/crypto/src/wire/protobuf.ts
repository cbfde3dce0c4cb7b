// A minimal protobuf wire codec for the few messages this package must produce byte-exactly
// (auth tokens, value shares). The layer graph keeps @nillion/crypto free of @nillion/proto, and the
// masker's hot path benefits from a writer that does nothing else.
import { InvalidArgumentError } from "@nillion/types";

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/** Appends protobuf fields in the order they are written; callers write fields in field-number order. */
export class ProtobufWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 64) {
    this.buffer = new Uint8Array(initialCapacity);
  }

  /** A `uint32`/`uint64`/`enum` field; proto3 omits zero values, so zero writes nothing. */
  uint(field: number, value: number | bigint): this {
    if (value === 0 || value === 0n) return this;
    this.tag(field, WIRE_VARINT);
    return this.varint(value);
  }

  /** A `bytes` field; proto3 omits empty values unless `always` (oneof members, repeated elements). */
  bytes(field: number, value: Uint8Array, always = false): this {
    if (value.length === 0 && !always) return this;
    this.tag(field, WIRE_LEN);
    this.varint(value.length);
    this.ensure(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A `string` field (UTF-8); empty strings are omitted. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** An embedded message field, always written (a set message field is present even when empty). */
  message(field: number, encode: (writer: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    encode(inner);
    return this.bytes(field, inner.finish(), true);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  private varint(value: number | bigint): this {
    this.ensure(10);
    let v = BigInt(value);
    if (v < 0n) throw new InvalidArgumentError("varint values must be non-negative", { argument: "value" });
    while (v > 0x7fn) {
      this.buffer[this.length++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.length++] = Number(v);
    return this;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** One decoded field: varints as bigint, length-delimited fields as a view into the input. */
export type ProtobufField =
  | { readonly field: number; readonly wireType: 0; readonly value: bigint }
  | { readonly field: number; readonly wireType: 2; readonly value: Uint8Array };

/**
 * Splits a message into its varint and length-delimited fields. Fixed-width fields (wire types 1 and 5)
 * occur in none of the messages read here, so they are skipped as unknown fields, as prost does; groups
 * are rejected.
 * @param what names the message in error texts, e.g. "SignedToken"
 */
export function readProtobufFields(bytes: Uint8Array, what: string): ProtobufField[] {
  const fields: ProtobufField[] = [];
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (offset >= bytes.length) throw malformed(what, "truncated varint");
      const byte = bytes[offset++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        if (shift === 63n && byte > 1) throw malformed(what, "varint wider than 64 bits");
        return result;
      }
      shift += 7n;
      if (shift > 63n) throw malformed(what, "varint longer than 10 bytes");
    }
  };
  while (offset < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0 || field > 0x1fffffff) throw malformed(what, `invalid field number ${field}`);
    if (wireType === WIRE_VARINT) {
      fields.push({ field, wireType: 0, value: varint() });
    } else if (wireType === WIRE_LEN) {
      const length = Number(varint());
      if (offset + length > bytes.length) throw malformed(what, `field ${field} overruns the message`);
      fields.push({ field, wireType: 2, value: bytes.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === WIRE_FIXED64 || wireType === WIRE_FIXED32) {
      offset += wireType === WIRE_FIXED64 ? 8 : 4;
      if (offset > bytes.length) throw malformed(what, `field ${field} overruns the message`);
    } else {
      throw malformed(what, `unsupported wire type ${wireType} for field ${field}`);
    }
  }
  return fields;
}

function malformed(what: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(`malformed ${what}: ${problem}`, { argument: what });
}
