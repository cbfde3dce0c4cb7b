// The SDK's strict tx decoding (ADR-020/027): TxRaw must be canonical, AuthInfo and every message may not
// carry fields the chain does not know, and every Any must name a type the chain has registered. This is
// what turns an unknown message type into "unable to resolve type URL …: tx parse error".
import { readField, readVarint, varintLength, WireError, WireType, wireTypeName } from "./wire.js";

type FieldKind =
  | { readonly wire: number }
  | { readonly wire: typeof WireType.bytes; readonly message: string }
  | { readonly wire: typeof WireType.bytes; readonly any: true };

/** A message's known fields by number, and the Go type name its errors show. */
export interface MessageSchema {
  readonly goType: string;
  readonly fields: Readonly<Record<number, FieldKind>>;
}

const varint = { wire: WireType.varint } as const;
const bytes = { wire: WireType.bytes } as const;
const any = { wire: WireType.bytes, any: true } as const;
const message = (name: string) => ({ wire: WireType.bytes, message: name }) as const;

const SCHEMAS: Readonly<Record<string, MessageSchema>> = {
  "cosmos.tx.v1beta1.TxRaw": { goType: "*tx.TxRaw", fields: { 1: bytes, 2: bytes, 3: bytes } },
  "cosmos.tx.v1beta1.TxBody": {
    goType: "*tx.TxBody",
    fields: { 1: any, 2: bytes, 3: varint, 1023: any, 2047: any },
  },
  "cosmos.tx.v1beta1.AuthInfo": {
    goType: "*tx.AuthInfo",
    fields: {
      1: message("cosmos.tx.v1beta1.SignerInfo"),
      2: message("cosmos.tx.v1beta1.Fee"),
      3: message("cosmos.tx.v1beta1.Tip"),
    },
  },
  "cosmos.tx.v1beta1.SignerInfo": {
    goType: "*tx.SignerInfo",
    fields: { 1: any, 2: message("cosmos.tx.v1beta1.ModeInfo"), 3: varint },
  },
  "cosmos.tx.v1beta1.ModeInfo": {
    goType: "*tx.ModeInfo",
    fields: {
      1: message("cosmos.tx.v1beta1.ModeInfo.Single"),
      2: message("cosmos.tx.v1beta1.ModeInfo.Multi"),
    },
  },
  "cosmos.tx.v1beta1.ModeInfo.Single": { goType: "*tx.ModeInfo_Single", fields: { 1: varint } },
  "cosmos.tx.v1beta1.ModeInfo.Multi": {
    goType: "*tx.ModeInfo_Multi",
    fields: {
      1: message("cosmos.crypto.multisig.v1beta1.CompactBitArray"),
      2: message("cosmos.tx.v1beta1.ModeInfo"),
    },
  },
  "cosmos.crypto.multisig.v1beta1.CompactBitArray": {
    goType: "*types.CompactBitArray",
    fields: { 1: varint, 2: bytes },
  },
  "cosmos.tx.v1beta1.Fee": {
    goType: "*tx.Fee",
    fields: { 1: message("cosmos.base.v1beta1.Coin"), 2: varint, 3: bytes, 4: bytes },
  },
  "cosmos.tx.v1beta1.Tip": {
    goType: "*tx.Tip",
    fields: { 1: message("cosmos.base.v1beta1.Coin"), 2: bytes },
  },
  "cosmos.base.v1beta1.Coin": { goType: "*types.Coin", fields: { 1: bytes, 2: bytes } },
  "google.protobuf.Any": { goType: "*types.Any", fields: { 1: bytes, 2: bytes } },
  "cosmos.crypto.secp256k1.PubKey": { goType: "*secp256k1.PubKey", fields: { 1: bytes } },
  "nillion.meta.v1.MsgPayFor": {
    goType: "*types.MsgPayFor",
    fields: { 1: bytes, 2: bytes, 3: message("cosmos.base.v1beta1.Coin") },
  },
  "cosmos.bank.v1beta1.MsgSend": {
    goType: "*types.MsgSend",
    fields: { 1: bytes, 2: bytes, 3: message("cosmos.base.v1beta1.Coin") },
  },
};

/** Type URLs an Any in a tx may carry: the messages this chain executes and the keys it verifies. */
const RESOLVABLE = new Set([
  "/nillion.meta.v1.MsgPayFor",
  "/cosmos.bank.v1beta1.MsgSend",
  "/cosmos.crypto.secp256k1.PubKey",
]);

// Field numbers with bit 11 set are "non-critical": TxBody may carry unknown ones (ADR-020).
const NON_CRITICAL_BIT = 1024;

/**
 * `rejectNonADR027TxRaw`: TxRaw fields only of wire type 2, in ascending order, with minimal length
 * prefixes. Returns the reason when `txBytes` break the rule.
 */
export function adr027Violation(txBytes: Uint8Array): string | undefined {
  let previous = 0;
  let offset = 0;
  try {
    while (offset < txBytes.length) {
      const tag = readVarint(txBytes, offset);
      const wireType = Number(tag.value & 7n);
      if (wireType !== WireType.bytes) return `expected 2 wire type, got ${wireType}`;
      const number = Number(tag.value >> 3n);
      if (number < previous)
        return `txRaw must follow ADR-027, got tagNum ${number} after tagNum ${previous}`;
      previous = number;
      const prefix = readVarint(txBytes, offset + tag.length);
      const needed = varintLength(prefix.value);
      if (prefix.length !== needed) {
        return `length prefix varint for tagNum ${number} is not as short as possible, read ${prefix.length}, only need ${needed}`;
      }
      offset = readField(txBytes, offset).end;
    }
  } catch (error) {
    if (error instanceof WireError) return `invalid length; ${error.message}`;
    throw error;
  }
  return undefined;
}

/**
 * Walks `data` as the message `schemaName` and returns the first reason the SDK would refuse it: an
 * unknown field (unknown non-critical fields are allowed when `allowNonCritical`), a wire type that does
 * not match, a malformed encoding, or an Any whose type URL is not registered.
 */
export function unknownFieldViolation(
  data: Uint8Array,
  schemaName: string,
  allowNonCritical: boolean,
): string | undefined {
  const schema = SCHEMAS[schemaName];
  if (schema === undefined) return `unable to resolve type URL /${schemaName}`;
  let offset = 0;
  while (offset < data.length) {
    let field: ReturnType<typeof readField>;
    try {
      field = readField(data, offset);
    } catch (error) {
      if (!(error instanceof WireError)) throw error;
      return error.message === "invalid field number"
        ? "invalid length"
        : describeWireError(data, offset, error);
    }
    offset = field.end;
    const kind = schema.fields[field.number];
    if (kind === undefined) {
      const critical = (field.number & NON_CRITICAL_BIT) === 0;
      if (critical || !allowNonCritical) {
        return `errUnknownField ${JSON.stringify(schema.goType)}: {TagNum: ${field.number}, WireType:${JSON.stringify(wireTypeName(field.wireType))}}`;
      }
      continue;
    }
    if (kind.wire !== field.wireType) {
      return `Mismatched ${JSON.stringify(schema.goType)}: {TagNum: ${field.number}, GotWireType: ${JSON.stringify(wireTypeName(field.wireType))} != WantWireType: ${JSON.stringify(wireTypeName(kind.wire))}}`;
    }
    const payload = data.subarray(field.payloadStart, field.end);
    const nested =
      "any" in kind
        ? anyViolation(payload, allowNonCritical)
        : "message" in kind
          ? unknownFieldViolation(payload, kind.message, allowNonCritical)
          : undefined;
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function anyViolation(payload: Uint8Array, allowNonCritical: boolean): string | undefined {
  const own = unknownFieldViolation(payload, "google.protobuf.Any", allowNonCritical);
  if (own !== undefined) return own;
  let typeUrl = "";
  let value: Uint8Array = new Uint8Array();
  for (let offset = 0; offset < payload.length; ) {
    const field = readField(payload, offset);
    const content = payload.subarray(field.payloadStart, field.end);
    if (field.number === 1) typeUrl = new TextDecoder().decode(content);
    if (field.number === 2) value = content;
    offset = field.end;
  }
  if (!RESOLVABLE.has(typeUrl)) return `unable to resolve type URL ${typeUrl}`;
  return unknownFieldViolation(value, typeUrl.slice(1), allowNonCritical);
}

function describeWireError(data: Uint8Array, offset: number, error: WireError): string {
  try {
    const tag = readVarint(data, offset);
    const number = Number(tag.value >> 3n);
    const wireType = Number(tag.value & 7n);
    return `could not consume field value for tagNum: ${number}, wireType: ${JSON.stringify(wireTypeName(wireType))}; ${error.message}`;
  } catch {
    return "invalid length";
  }
}
