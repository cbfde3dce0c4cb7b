import { InternalError } from "@nillion/types";

// getRandomValues refuses more than 65,536 bytes per call.
const MAX_CALL = 65_536;

/** Fills `bytes` from the platform CSPRNG (Web Crypto), in as many calls as its size needs. */
export function fillRandom(bytes: Uint8Array): Uint8Array {
  const source = globalThis.crypto;
  if (typeof source?.getRandomValues !== "function") {
    throw new InternalError("no secure random source: globalThis.crypto.getRandomValues is not available");
  }
  for (let offset = 0; offset < bytes.length; offset += MAX_CALL) {
    source.getRandomValues(bytes.subarray(offset, Math.min(offset + MAX_CALL, bytes.length)));
  }
  return bytes;
}
