import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { computeExtension, Devnet, type NodeStore } from "@nillion/devnet";
import type { ChainNetwork } from "@nillion/payments";
import { ABUSE_KNOBS } from "./abuse-knobs.js";
import { Ledger } from "./ledger.js";
import { type MovableClock, movableClock } from "./movable-clock.js";
import { openRawNode, type RawNode } from "./raw-node.js";
import { storeProbe } from "./store-probe.js";

/** A devnet under attack, with what the suite needs to attack it and to audit it. */
export interface AbuseDevnet {
  readonly devnet: Devnet;
  /** The nodes' clock; tokens must be signed with it. */
  readonly clock: MovableClock;
  /** Every node, in index order, as raw clients. */
  readonly nodes: readonly RawNode[];
  readonly leader: RawNode;
  /** The nodes other than the leader. */
  readonly followers: readonly RawNode[];
  /** What a payer needs to pay on this devnet's chain. */
  readonly network: ChainNetwork;
  readonly ledger: Ledger;
  /** Node `index`'s store, to read what it kept. */
  store(index: number): NodeStore;
  stop(): Promise<void>;
}

/**
 * Starts an in-process devnet (3 nodes, ephemeral ports, 10 ms blocks) whose nodes share a movable clock,
 * with the store probe plugged in beside compute; in memory, or in a fresh temporary directory when
 * `ABUSE_STORE=sqlite`.
 *
 * @example
 * ```ts
 * const net = await startAbuseDevnet();
 * const quote = await requestQuote(net.leader, quoteRequests.poolStatus());
 * await net.stop();
 * ```
 */
export async function startAbuseDevnet(): Promise<AbuseDevnet> {
  const clock = movableClock();
  const probe = storeProbe();
  const dataDir =
    ABUSE_KNOBS.store === "sqlite" ? await mkdtemp(path.join(tmpdir(), "nillion-abuse-")) : undefined;
  const devnet = await Devnet.start({
    portBase: 0,
    chain: { blockIntervalMs: 10 },
    now: () => clock.now(),
    extensions: [computeExtension(), probe.extension],
    ...(dataDir === undefined ? {} : { dataDir }),
  });
  const nodes = devnet.layout.nodes.map((node) => openRawNode(node, devnet.layout.leaderIndex));
  const leader = nodes[devnet.layout.leaderIndex] as RawNode;
  return {
    devnet,
    clock,
    nodes,
    leader,
    followers: nodes.filter((node) => node !== leader),
    network: { chainId: devnet.chain.chainId, chainEndpoint: devnet.chain.urls.rpc },
    ledger: new Ledger(devnet.chain, probe.store(leader.index)),
    store: (index) => probe.store(index),
    async stop() {
      for (const node of nodes) node.close();
      await devnet.stop();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
