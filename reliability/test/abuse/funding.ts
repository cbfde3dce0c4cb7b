import { addFundsPayload, payloadHash } from "../support/add-funds-payload.js";
import { UNIL_PER_CREDIT } from "../support/devnet-prices.js";
import type { AbuseDevnet } from "./abuse-devnet.js";
import { Actor } from "./actor.js";
import type { RawNode } from "./raw-node.js";
import type { Wallet } from "./wallet.js";

/**
 * Buys `credits` for `actor` the honest way (pay SHA-256(payload) on chain, then `AddFunds`), so that
 * balance-mode attacks start from a known balance.
 */
export async function buyCredits(
  leader: RawNode,
  wallet: Wallet,
  actor: Actor,
  credits: bigint,
): Promise<void> {
  const payload = addFundsPayload(actor.userBytes);
  const txHash = await wallet.pay(credits * UNIL_PER_CREDIT, payloadHash(payload));
  await leader.payments.addFunds({ payload, txHash });
}

/** A fresh actor on `net` holding `credits`, bought from `wallet` with {@link buyCredits}. */
export async function actorWithCredits(net: AbuseDevnet, wallet: Wallet, credits: bigint): Promise<Actor> {
  const actor = Actor.generate(net.clock);
  await buyCredits(net.leader, wallet, actor, credits);
  return actor;
}
