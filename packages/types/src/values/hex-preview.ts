// How public byte values appear in `toString()`.
import { bytesToHex } from "../bytes.js";

/**
 * Hex of public bytes, cut after 32 bytes so a long message stays readable.
 *
 * @internal
 */
export function hexPreview(bytes: Uint8Array): string {
  return bytes.length <= 32 ? bytesToHex(bytes) : `${bytesToHex(bytes.subarray(0, 32))}...`;
}
