// Field elements on the node-to-node wire: fixed-width little-endian, concatenated.
import type { PrimeField } from "@nillion/crypto";

/**
 * `elements` (canonical residues) in the field's fixed width, little-endian, one after the other.
 *
 * @example
 * ```ts
 * encodeElements(PrimeField.of("SAFE_64_BITS"), [1n, 2n]); // 16 bytes
 * ```
 */
export function encodeElements(field: PrimeField, elements: readonly bigint[]): Uint8Array {
  const width = field.byteLength;
  const bytes = new Uint8Array(elements.length * width);
  const view = new DataView(bytes.buffer);
  for (const [i, element] of elements.entries()) field.encodeInto(element, view, i * width);
  return bytes;
}

/**
 * The elements of bytes written by {@link encodeElements}, or undefined when the bytes are not a whole
 * number of elements or hold a value that is not a canonical residue: a peer that sends such bytes does
 * not follow the protocol.
 *
 * @example
 * ```ts
 * decodeElements(field, encodeElements(field, [5n])); // [5n]
 * ```
 */
export function decodeElements(field: PrimeField, bytes: Uint8Array): bigint[] | undefined {
  const width = field.byteLength;
  if (bytes.length % width !== 0) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements = new Array<bigint>(bytes.length / width);
  for (let i = 0; i < elements.length; i++) {
    const element = field.readFrom(view, i * width);
    if (element >= field.modulus) return undefined;
    elements[i] = element;
  }
  return elements;
}
