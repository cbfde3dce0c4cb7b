// ABCI events. The SDK marks every attribute for indexing (nilchain sets no `index-events` filter), and
// `tx_search` matches on `<type>.<key>` of indexed attributes.

/**
 * One key/value of an event.
 *
 * @example
 * ```ts
 * import type { EventAttribute } from "@nillion/devnet";
 *
 * const burnt: EventAttribute = { key: "amount", value: "1000000unil", index: true };
 * ```
 */
export interface EventAttribute {
  readonly key: string;
  readonly value: string;
  readonly index: boolean;
}

/**
 * An ABCI event: a type and its attributes, in emission order.
 *
 * @example
 * ```ts
 * import type { ChainEvent } from "@nillion/devnet";
 *
 * const burns = (await chain.waitForTx(hash)).events.filter((e: ChainEvent) => e.type === "burn");
 * ```
 */
export interface ChainEvent {
  readonly type: string;
  readonly attributes: readonly EventAttribute[];
}

/** An event whose attributes are all indexed, from `[key, value]` pairs. */
export function event(type: string, ...pairs: ReadonlyArray<readonly [string, string]>): ChainEvent {
  return { type, attributes: pairs.map(([key, value]) => ({ key, value, index: true })) };
}

/** Collects the events one step of tx processing emits. */
export class EventManager {
  readonly #events: ChainEvent[] = [];

  emit(...events: readonly ChainEvent[]): void {
    this.#events.push(...events);
  }

  /** The events so far, oldest first. */
  get events(): readonly ChainEvent[] {
    return this.#events;
  }
}
