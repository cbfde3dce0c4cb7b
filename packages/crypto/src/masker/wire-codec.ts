// Byte encoding of `NamedValue`/`Value` exactly as protobuf-es and prost write it (proto3: fields in
// number order, zero scalars and empty bytes omitted, oneof members and repeated elements always
// written). Used for quote payload sizes and for byte-level conformance tests.
import type {
  WireNamedValue,
  WireValue,
  WireValueCase,
  WireValueType,
  WireValueTypeCase,
} from "./wire-value.js";

const VALUE_FIELD: Record<WireValueCase["case"], number> = {
  publicBoolean: 1,
  publicInteger: 2,
  publicUnsignedInteger: 3,
  shamirShareBoolean: 4,
  shamirShareInteger: 5,
  shamirShareUnsignedInteger: 6,
  array: 7,
  tuple: 8,
  shamirSharesBlob: 9,
  ecdsaPrivateKeyShare: 10,
  ecdsaSignatureShare: 11,
  ecdsaMessageDigest: 12,
  ecdsaPublicKey: 13,
  storeId: 14,
  eddsaPrivateKeyShare: 15,
  eddsaSignature: 16,
  eddsaMessage: 17,
  eddsaPublicKey: 18,
};

const VALUE_TYPE_FIELD: Record<WireValueTypeCase["case"], number> = {
  publicInteger: 1,
  publicUnsignedInteger: 2,
  publicBoolean: 3,
  shamirShareInteger: 4,
  shamirShareUnsignedInteger: 5,
  shamirShareBoolean: 6,
  array: 7,
  tuple: 8,
  ecdsaPrivateKeyShare: 9,
  ecdsaMessageDigest: 10,
  ecdsaSignatureShare: 11,
  ecdsaPublicKey: 12,
  storeId: 13,
  eddsaPrivateKeyShare: 14,
  eddsaSignature: 15,
  eddsaMessage: 16,
  eddsaPublicKey: 17,
};

const utf8 = new TextEncoder();

/** Encodes one `NamedValue` to its protobuf bytes. */
export function encodeNamedValue(namedValue: WireNamedValue): Uint8Array {
  const out = new Writer(namedValueSize(namedValue));
  writeNamedValue(out, namedValue);
  return out.bytes;
}

/** Encodes one `Value` to its protobuf bytes. */
export function encodeValue(value: WireValue): Uint8Array {
  const out = new Writer(valueSize(value));
  writeValueCase(out, value.value);
  return out.bytes;
}

/** Size in bytes of the encoded `Value`, without encoding it. */
export function valueSize(value: WireValue): number {
  const body = caseBodySize(value.value);
  return fieldOverhead(VALUE_FIELD[value.value.case], body) + body;
}

function namedValueSize(namedValue: WireNamedValue): number {
  const name = utf8.encode(namedValue.name).length;
  const value = valueSize(namedValue.value);
  return (name > 0 ? fieldOverhead(1, name) + name : 0) + fieldOverhead(2, value) + value;
}

function caseBodySize(c: WireValueCase): number {
  switch (c.case) {
    case "publicBoolean":
    case "publicInteger":
    case "publicUnsignedInteger":
    case "shamirShareBoolean":
    case "shamirShareInteger":
    case "shamirShareUnsignedInteger":
      return bytesFieldSize(1, c.value.value);
    case "array": {
      let size = 0;
      for (const element of c.value.values) size += messageFieldSize(1, valueSize(element));
      return size + messageFieldSize(2, valueTypeSize(c.value.innerType));
    }
    case "tuple":
      return messageFieldSize(1, valueSize(c.value.left)) + messageFieldSize(2, valueSize(c.value.right));
    case "shamirSharesBlob": {
      let size = 0;
      for (const share of c.value.shares) size += messageFieldSize(1, bytesFieldSize(1, share.value));
      return size + uintFieldSize(2, c.value.originalSize);
    }
    case "ecdsaPrivateKeyShare":
    case "eddsaPrivateKeyShare": {
      let size =
        uintFieldSize(1, BigInt(c.value.i)) +
        bytesFieldSize(2, c.value.x) +
        bytesFieldSize(3, c.value.sharedPublicKey);
      for (const point of c.value.publicShares) size += messageFieldSize(4, point.length);
      return size;
    }
    case "ecdsaSignatureShare":
      return bytesFieldSize(1, c.value.r) + bytesFieldSize(2, c.value.sigma);
    case "ecdsaMessageDigest":
      return bytesFieldSize(1, c.value.digest);
    case "ecdsaPublicKey":
    case "eddsaPublicKey":
      return bytesFieldSize(1, c.value.publicKey);
    case "storeId":
      return bytesFieldSize(1, c.value.storeId);
    case "eddsaSignature":
      return bytesFieldSize(1, c.value.signature);
    case "eddsaMessage":
      return bytesFieldSize(1, c.value.message);
  }
}

/** Size of the `ValueType` message: its one oneof field. */
function valueTypeSize(type: WireValueType): number {
  return messageFieldSize(VALUE_TYPE_FIELD[type.valueType.case], valueTypeBodySize(type.valueType));
}

function valueTypeBodySize(c: WireValueTypeCase): number {
  if (c.case === "array")
    return messageFieldSize(1, valueTypeSize(c.value.innerType)) + uintFieldSize(2, c.value.size);
  if (c.case === "tuple")
    return (
      messageFieldSize(1, valueTypeSize(c.value.left)) + messageFieldSize(2, valueTypeSize(c.value.right))
    );
  return 0;
}

function writeNamedValue(out: Writer, namedValue: WireNamedValue): void {
  const name = utf8.encode(namedValue.name);
  if (name.length > 0) out.bytesField(1, name);
  out.header(2, valueSize(namedValue.value));
  writeValueCase(out, namedValue.value.value);
}

function writeValueCase(out: Writer, c: WireValueCase): void {
  out.header(VALUE_FIELD[c.case], caseBodySize(c));
  switch (c.case) {
    case "publicBoolean":
    case "publicInteger":
    case "publicUnsignedInteger":
    case "shamirShareBoolean":
    case "shamirShareInteger":
    case "shamirShareUnsignedInteger":
      out.bytesField(1, c.value.value);
      return;
    case "array":
      for (const element of c.value.values) {
        out.header(1, valueSize(element));
        writeValueCase(out, element.value);
      }
      writeValueType(out, 2, c.value.innerType);
      return;
    case "tuple":
      out.header(1, valueSize(c.value.left));
      writeValueCase(out, c.value.left.value);
      out.header(2, valueSize(c.value.right));
      writeValueCase(out, c.value.right.value);
      return;
    case "shamirSharesBlob":
      for (const share of c.value.shares) {
        out.header(1, bytesFieldSize(1, share.value));
        out.bytesField(1, share.value);
      }
      out.uintField(2, c.value.originalSize);
      return;
    case "ecdsaPrivateKeyShare":
    case "eddsaPrivateKeyShare":
      out.uintField(1, BigInt(c.value.i));
      out.bytesField(2, c.value.x);
      out.bytesField(3, c.value.sharedPublicKey);
      for (const point of c.value.publicShares) out.bytesField(4, point, true);
      return;
    case "ecdsaSignatureShare":
      out.bytesField(1, c.value.r);
      out.bytesField(2, c.value.sigma);
      return;
    case "ecdsaMessageDigest":
      out.bytesField(1, c.value.digest);
      return;
    case "ecdsaPublicKey":
    case "eddsaPublicKey":
      out.bytesField(1, c.value.publicKey);
      return;
    case "storeId":
      out.bytesField(1, c.value.storeId);
      return;
    case "eddsaSignature":
      out.bytesField(1, c.value.signature);
      return;
    case "eddsaMessage":
      out.bytesField(1, c.value.message);
      return;
  }
}

function writeValueType(out: Writer, field: number, type: WireValueType): void {
  const c = type.valueType;
  out.header(field, valueTypeSize(type));
  out.header(VALUE_TYPE_FIELD[c.case], valueTypeBodySize(c));
  if (c.case === "array") {
    writeValueType(out, 1, c.value.innerType);
    out.uintField(2, c.value.size);
  } else if (c.case === "tuple") {
    writeValueType(out, 1, c.value.left);
    writeValueType(out, 2, c.value.right);
  }
}

function varintSize(value: number | bigint): number {
  let v = BigInt(value);
  let size = 1;
  while (v > 0x7fn) {
    v >>= 7n;
    size += 1;
  }
  return size;
}

/** Tag plus length prefix of a length-delimited field. */
function fieldOverhead(field: number, length: number): number {
  return varintSize(field << 3) + varintSize(length);
}

function messageFieldSize(field: number, length: number): number {
  return fieldOverhead(field, length) + length;
}

function bytesFieldSize(field: number, bytes: Uint8Array): number {
  return bytes.length === 0 ? 0 : messageFieldSize(field, bytes.length);
}

function uintFieldSize(field: number, value: bigint): number {
  return value === 0n ? 0 : varintSize(field << 3) + varintSize(value);
}

class Writer {
  readonly bytes: Uint8Array;
  private offset = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  header(field: number, length: number): void {
    this.varint((field << 3) | 2);
    this.varint(length);
  }

  bytesField(field: number, value: Uint8Array, always = false): void {
    if (value.length === 0 && !always) return;
    this.header(field, value.length);
    this.bytes.set(value, this.offset);
    this.offset += value.length;
  }

  uintField(field: number, value: bigint): void {
    if (value === 0n) return;
    this.varint(field << 3);
    this.varint(value);
  }

  private varint(value: number | bigint): void {
    let v = BigInt(value);
    while (v > 0x7fn) {
      this.bytes[this.offset++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.bytes[this.offset++] = Number(v);
  }
}
