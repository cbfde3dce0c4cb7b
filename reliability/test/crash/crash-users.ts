import type { DevnetKey } from "@nillion/devnet";
import { CrashUser } from "./crash-user.js";

/** Credits each balance-mode user buys: far more than a scenario spends, so none falls back to the chain. */
const PREPAID_CREDITS = 20_000n;

/** Two users paying from prepaid balances and one paying each operation on chain, one wallet each. */
export function crashUsers(wallets: readonly [DevnetKey, DevnetKey, DevnetKey]): CrashUser[] {
  return [
    new CrashUser(0, wallets[0], "balance", PREPAID_CREDITS),
    new CrashUser(1, wallets[1], "balance", PREPAID_CREDITS),
    new CrashUser(2, wallets[2], "per-operation", 0n),
  ];
}
