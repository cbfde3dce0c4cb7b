import { withBoundPorts } from "../node/cluster-layout.js";
import { DevnetNode } from "../node/devnet-node.js";
import type { NodeExtensionFactory } from "../node/node-extension.js";
import { MemoryStore } from "../storage/memory-store.js";
import type { NodeStore } from "../storage/node-store.js";
import { SqliteStore } from "../storage/sqlite-store.js";
import type { ClusterNodeSettings, ClusterNodes } from "./cluster-nodes.js";

/** Opens node `index`'s store: durable in its directory, else in memory. */
export function openNodeStore(directory: string | undefined): Promise<NodeStore> {
  return directory === undefined ? Promise.resolve(new MemoryStore()) : SqliteStore.open(directory);
}

/**
 * Starts every node of the cluster in this process. They still reach each other only through their
 * sockets, as separate processes would.
 */
export async function startInProcessNodes(
  settings: ClusterNodeSettings & {
    readonly extensions: readonly NodeExtensionFactory[];
    readonly now?: () => Date;
  },
): Promise<ClusterNodes> {
  const { planned } = settings;
  const started: DevnetNode[] = [];
  const stop = async () => {
    await Promise.all(started.map((node) => node.close()));
  };
  try {
    await Promise.all(
      planned.nodes.map(async (identity) => {
        const store = await openNodeStore(settings.storeDirectory(identity.index));
        try {
          started.push(
            await DevnetNode.listen({
              layout: planned,
              index: identity.index,
              prime: settings.primeWire,
              polynomialDegree: settings.polynomialDegree,
              store,
              chainRpcUrl: settings.chainRpcUrl,
              extensions: settings.extensions,
              log: settings.log,
              ...(settings.now ? { now: settings.now } : {}),
              ...(settings.sweepIntervalMs === undefined
                ? {}
                : { sweepIntervalMs: settings.sweepIntervalMs }),
            }),
          );
        } catch (error) {
          await store.close();
          throw error;
        }
      }),
    );
    started.sort((a, b) => a.index - b.index);
    const layout = withBoundPorts(
      planned,
      started.map((node) => node.port),
    );
    for (const node of started) node.bind(layout);
    return { layout, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
