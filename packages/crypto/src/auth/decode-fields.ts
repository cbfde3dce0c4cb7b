// prost's decoding rules for the few auth messages, on top of the generic field splitter: a scalar field
// seen twice keeps its last value, an embedded message seen twice is merged (which is the same as parsing
// the concatenation of its occurrences), and a known field on the wrong wire type fails the whole decode.
import { InvalidArgumentError } from "@nillion/types";
import { type ProtobufField, readProtobufFields } from "../wire/protobuf.js";

/** How a field of a message is declared: a varint scalar (int, enum), `bytes`, or an embedded message. */
export type FieldKind = "varint" | "bytes" | "message";

/** The fields of one decoded message, by field number; `undefined` when absent. @internal */
export interface DecodedFields {
  varint(field: number): bigint | undefined;
  bytes(field: number): Uint8Array | undefined;
  message(field: number): Uint8Array | undefined;
}

/**
 * Decodes `bytes` as a message whose known fields are `kinds`; unknown fields are skipped.
 *
 * @param what names the message in error texts, e.g. "SignedToken"
 * @throws {InvalidArgumentError} when the bytes are not a valid encoding of such a message
 * @internal
 */
export function decodeFields(
  bytes: Uint8Array,
  what: string,
  kinds: Readonly<Record<number, FieldKind>>,
): DecodedFields {
  const last = new Map<number, ProtobufField>();
  const messages = new Map<number, Uint8Array[]>();
  for (const entry of readProtobufFields(bytes, what)) {
    const kind = kinds[entry.field];
    if (kind === undefined) continue;
    const expectedWireType = kind === "varint" ? 0 : 2;
    if (entry.wireType !== expectedWireType) {
      throw new InvalidArgumentError(
        `malformed ${what}: field ${entry.field} has wire type ${entry.wireType}`,
        {
          argument: what,
        },
      );
    }
    if (kind === "message" && entry.wireType === 2) {
      const parts = messages.get(entry.field) ?? [];
      parts.push(entry.value);
      messages.set(entry.field, parts);
    } else {
      last.set(entry.field, entry);
    }
  }
  return {
    varint(field) {
      const entry = last.get(field);
      return entry?.wireType === 0 ? entry.value : undefined;
    },
    bytes(field) {
      const entry = last.get(field);
      return entry?.wireType === 2 ? entry.value : undefined;
    },
    message(field) {
      const parts = messages.get(field);
      if (parts === undefined) return undefined;
      if (parts.length === 1) return parts[0];
      const merged = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        merged.set(part, offset);
        offset += part.length;
      }
      return merged;
    },
  };
}

/**
 * The outcome of turning a decoded message into a typed one: the value, or the text nilvm's
 * `ProtoError` would carry (e.g. `'nonce' must be 32 bytes long`, or `protobuf decoding failed` with the
 * decoder's complaint as `cause`).
 *
 * @internal
 */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string; readonly cause?: unknown };

/** The text nilvm reports for bytes prost cannot decode at all. @internal */
export const DECODING_FAILED = "protobuf decoding failed";
