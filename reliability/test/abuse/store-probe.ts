import type { NodeExtensionFactory, NodeStore } from "@nillion/devnet";

/** Read access to every node's store, to check what an attack left behind. */
export interface StoreProbe {
  /** Plug into `Devnet.start({ extensions })`, beside the compute extension. */
  readonly extension: NodeExtensionFactory;
  /** The store of node `index`. */
  store(index: number): NodeStore;
}

/**
 * A node extension that serves nothing and only keeps each node's store: the suite reads balances and
 * records from it directly, so checking the books never goes through (or pays for) the RPCs under attack.
 * Only read it: a write would hide what the nodes did.
 *
 * @example
 * ```ts
 * const probe = storeProbe();
 * await Devnet.start({ portBase: 0, extensions: [computeExtension(), probe.extension] });
 * await probe.store(0).getValues(valuesId); // undefined when node 0 stored nothing
 * ```
 */
export function storeProbe(): StoreProbe {
  const stores = new Map<number, NodeStore>();
  return {
    extension: (context) => {
      stores.set(context.identity.index, context.store);
      return { routes: () => {}, close: async () => {} };
    },
    store(index) {
      const store = stores.get(index);
      if (store === undefined) throw new RangeError(`no node ${index} has started with the store probe`);
      return store;
    },
  };
}
