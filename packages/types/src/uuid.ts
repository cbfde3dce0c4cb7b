// UUID text ⇄ 16 bytes, shared by StoreId, ValuesId and ComputeId.
import { bytesToHex, hexToBytes } from "./bytes.js";

// Only the canonical 8-4-4-4-12 form (either case): braces, "urn:uuid:" and missing dashes are rejected so
// that one id has one spelling in logs and configs.
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The 16 bytes of a canonical UUID string, or `undefined` if `text` is not one.
 *
 * @internal
 */
export function uuidToBytes(text: string): Uint8Array | undefined {
  return UUID_PATTERN.test(text) ? hexToBytes(text.replaceAll("-", "")) : undefined;
}

/**
 * The canonical lowercase form (8-4-4-4-12) of 16 bytes.
 *
 * @internal
 */
export function bytesToUuid(bytes: Uint8Array): string {
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
