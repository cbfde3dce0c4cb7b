import { bytesToHex, InvalidArgumentError } from "@nillion/types";
import { devnetRng } from "./devnet-rng.js";

// The spellings the reference's `--cluster-id` (uuid crate `Uuid::parse_str`) accepts: hyphenated,
// simple, braced and URN, hex in either case.
const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE = /^[0-9a-f]{32}$/i;

/**
 * The cluster id the reference `nillion-devnet` derives from `--seed` when no `--cluster-id` is given:
 * 16 bytes of `rng.gen::<[u8; 16]>()` from the seeded generator (one draw per byte), stamped as a random
 * (version 4, RFC 4122 variant) UUID by uuid's `Builder::from_random_bytes`. Lowercase hyphenated.
 *
 * @example
 * ```ts
 * clusterIdFromSeed("test"); // "b3b307bd-aaff-49f5-a73c-2e2546dca320"
 * clusterIdFromSeed("nillion-devnet"); // "9e68173f-9c23-4acc-ba81-4f079b639964"
 * ```
 */
export function clusterIdFromSeed(seed: string): string {
  const bytes = devnetRng(seed).genU8Array(16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return formatUuid(bytesToHex(bytes));
}

/**
 * `text` as a lowercase hyphenated UUID, accepting the forms the reference CLI parses: hyphenated, 32 hex
 * digits, `{…}` and `urn:uuid:…`.
 *
 * @throws {InvalidArgumentError} (`argument: "clusterId"`) when `text` is none of these
 *
 * @example
 * ```ts
 * normalizeClusterId("{B3B307BD-AAFF-49F5-A73C-2E2546DCA320}"); // "b3b307bd-aaff-49f5-a73c-2e2546dca320"
 * ```
 */
export function normalizeClusterId(text: string): string {
  if (typeof text === "string") {
    let body = text;
    if (body.length === 38 && body.startsWith("{") && body.endsWith("}")) body = body.slice(1, -1);
    else if (body.length === 45 && body.slice(0, 9).toLowerCase() === "urn:uuid:") body = body.slice(9);
    if (HYPHENATED.test(body)) return body.toLowerCase();
    if (SIMPLE.test(body)) return formatUuid(body.toLowerCase());
  }
  throw new InvalidArgumentError(`"clusterId" must be a UUID, got ${JSON.stringify(text)}`, {
    argument: "clusterId",
  });
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
