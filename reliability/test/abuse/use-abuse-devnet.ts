import { afterAll, beforeAll, expect } from "vitest";
import { watchProcess } from "../support/watch-process.js";
import { type AbuseDevnet, startAbuseDevnet } from "./abuse-devnet.js";
import { label } from "./abuse-knobs.js";
import { openWallet, type Wallet } from "./wallet.js";

/** 1,000 NIL: more than any file pays. */
const WALLET_UNIL = 1_000_000_000n;

/**
 * Gives the calling test file a devnet of its own and a funded wallet: both started before the file's
 * tests and handed to `prepare`, for the file's own actors; both stopped after them, when nothing may have
 * escaped this process (no uncaught exception, unhandled rejection or warning).
 *
 * @example
 * ```ts
 * let net: AbuseDevnet;
 * let alice: Actor;
 * useAbuseDevnet(async (started, wallet) => {
 *   net = started;
 *   alice = await actorWithCredits(net, wallet, 1_000n);
 * });
 * ```
 */
export function useAbuseDevnet(prepare: (net: AbuseDevnet, wallet: Wallet) => Promise<void>): void {
  const faults = watchProcess();
  let net: AbuseDevnet | undefined;
  let wallet: Wallet | undefined;
  beforeAll(async () => {
    net = await startAbuseDevnet();
    wallet = await openWallet(net.devnet.chain, net.network, WALLET_UNIL);
    await prepare(net, wallet);
  });
  afterAll(async () => {
    wallet?.close();
    await net?.stop();
    expect(faults.stop(), label("no uncaught exception, unhandled rejection or warning")).toEqual([]);
  });
}
