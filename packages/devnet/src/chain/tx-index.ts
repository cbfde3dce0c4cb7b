// CometBFT's tx indexer: every tx of every block, by hash and by its indexed event attributes, failed
// ones included (a block records a failed tx with its non-zero code).
import type { TxResult } from "./run-tx.js";
import { type Condition, matches, type Searchable } from "./tx-query.js";

/** A tx as it was included in a block. */
export interface IndexedTx extends Searchable {
  /** Uppercase hex SHA-256 of the tx bytes. */
  readonly hash: string;
  readonly height: number;
  /** Position in its block. */
  readonly index: number;
  readonly tx: Uint8Array;
  readonly result: TxResult;
  /** Time of its block. */
  readonly time: Date;
}

/** All included txs, in block order. */
export class TxIndex {
  readonly #byHash = new Map<string, IndexedTx>();
  readonly #ordered: IndexedTx[] = [];

  /** Indexes a tx of a committed block. */
  add(tx: Omit<IndexedTx, "attributes">): IndexedTx {
    const attributes = new Map<string, string[]>();
    for (const { type, attributes: pairs } of tx.result.events) {
      for (const { key, value, index } of pairs) {
        if (!index) continue;
        const tag = `${type}.${key}`;
        attributes.set(tag, [...(attributes.get(tag) ?? []), value]);
      }
    }
    const indexed: IndexedTx = { ...tx, attributes };
    this.#byHash.set(tx.hash, indexed);
    this.#ordered.push(indexed);
    return indexed;
  }

  /** The tx with `hash` (hex, either case). */
  get(hash: string): IndexedTx | undefined {
    return this.#byHash.get(hash.toUpperCase());
  }

  /** The txs matching every condition, oldest first. */
  search(conditions: readonly Condition[]): IndexedTx[] {
    const byHash = conditions.find((condition) => condition.tag === "tx.hash");
    const candidates =
      byHash?.operand?.kind === "string"
        ? [this.get(byHash.operand.text)].filter((tx) => tx !== undefined)
        : this.#ordered;
    return candidates.filter((tx) => matches(conditions, tx));
  }
}
