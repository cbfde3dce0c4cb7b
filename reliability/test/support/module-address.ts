import { createHash } from "node:crypto";
import { bech32 } from "@scure/base";

/**
 * The account address x/auth gives module `name`: bech32 (prefix `nillion`) of SHA-256(name)'s first 20
 * bytes. `meta` receives each `MsgPayFor` payment and burns it; `fee_collector` receives tx fees.
 *
 * @example
 * ```ts
 * devnet.chain.balance(moduleAddress("meta")); // 0n: every payment was burned
 * ```
 */
export function moduleAddress(name: string): string {
  return bech32.encode("nillion", bech32.toWords(createHash("sha256").update(name).digest().subarray(0, 20)));
}
