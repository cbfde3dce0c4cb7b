// Clients of a fake cluster, with retries fast enough for tests.
import { PrivateKey } from "@nillion/crypto";
import { Network, VmClient, type VmClientOptions } from "@nillion/vm-client";
import { FakeCluster, type FakeClusterOptions } from "./fake-cluster.js";

export const CHAIN = "http://chain.test:26657";

/** A client of `cluster` acting as the user with key `PrivateKey.fromSeed(seed)`. */
export function clientOf(
  cluster: FakeCluster,
  seed = "alice",
  options: VmClientOptions = {},
): Promise<VmClient> {
  return VmClient.create(PrivateKey.fromSeed(seed), Network.devnet(cluster.bootnode, CHAIN), cluster.payer, {
    transport: cluster.transport,
    retry: { initialDelayMs: 1, maxDelayMs: 4 },
    ...options,
  });
}

/** A fresh cluster and a client of it. */
export async function connect(options: { cluster?: FakeClusterOptions; client?: VmClientOptions } = {}) {
  const cluster = new FakeCluster(options.cluster);
  const client = await clientOf(cluster, "alice", options.client);
  return { cluster, client };
}
