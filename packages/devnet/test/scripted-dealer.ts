// A preprocessing dealer for tests of the leader's pools, without a cluster: it records what it is asked to
// do, can be held (deals wait) and made to fail.
import type { PreprocessingElementName } from "@nillion/types";
import type { PoolDealer } from "../src/node/preprocessing/preprocessing-pools.js";

/**
 * A dealer that records what it is asked to do; `hold()` makes deals (of the elements named, or of all)
 * wait until `release()`. Deals are otherwise microtasks only, as with the in-memory store.
 */
export class ScriptedDealer implements PoolDealer {
  readonly dealt: string[] = [];
  readonly cleaned: string[] = [];
  failures = 0;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  #held: ReadonlySet<PreprocessingElementName> | undefined;

  async deal(element: PreprocessingElementName, batchId: number, batchSize: number): Promise<void> {
    if (this.#held === undefined || this.#held.has(element)) await this.#gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error("a node is unreachable");
    }
    this.dealt.push(`${element} ${batchId} ×${batchSize}`);
  }

  async cleanup(element: PreprocessingElementName, startChunk: number, endChunk: number): Promise<void> {
    this.cleaned.push(`${element} ${startChunk}…${endChunk}`);
  }

  hold(...elements: PreprocessingElementName[]): void {
    this.#held = elements.length === 0 ? undefined : new Set(elements);
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }
}
