// The logarithmic part of every bitwise comparison: combining per-digit results from the most
// significant digit down, level by level, with one resharing round per level.
import type { RoundContext } from "../round-scheduler.js";

/**
 * One digit's (or one group of digits') contribution: shares of `equal` (the group of the public and the
 * secret number are equal) and `value` (what the group decides when it holds the most significant
 * difference).
 */
export interface DigitLeaf {
  readonly equal: bigint;
  readonly value: bigint;
}

/**
 * The `value` of the most significant group of digits that decides, for each tree (digits least
 * significant first): groups combine as (E_H, V_H) ∘ (E_L, V_L) = (E_H·E_L, V_H + E_H·V_L), so the result
 * is the value of the highest digit whose `equal` is 0, or digit 0's value if all higher digits are equal.
 * All trees advance together, so ⌈log₂(digits)⌉ rounds in all; a tree without digits yields 0. The
 * group holding digit 0 never needs its `equal`, which saves one product per level.
 */
export async function combineDigitTrees(
  round: RoundContext,
  trees: readonly (readonly DigitLeaf[])[],
): Promise<bigint[]> {
  const { field } = round.sharing;
  let levels = trees.map((tree) => [...tree]);
  while (levels.some((tree) => tree.length > 1)) {
    const products: bigint[] = [];
    for (const tree of levels) {
      for (let i = 0; i + 1 < tree.length; i += 2) {
        const low = tree[i] as DigitLeaf;
        const high = tree[i + 1] as DigitLeaf;
        products.push(field.mul(high.equal, low.value));
        if (i > 0) products.push(field.mul(high.equal, low.equal));
      }
    }
    const reduced = await round.reshare(products);
    let next = 0;
    levels = levels.map((tree) => {
      const combined: DigitLeaf[] = [];
      for (let i = 0; i + 1 < tree.length; i += 2) {
        const high = tree[i + 1] as DigitLeaf;
        const value = field.add(high.value, reduced[next++] as bigint);
        const equal = i > 0 ? (reduced[next++] as bigint) : 0n;
        combined.push({ equal, value });
      }
      if (tree.length % 2 === 1) combined.push(tree[tree.length - 1] as DigitLeaf);
      return combined;
    });
  }
  return levels.map((tree) => tree[0]?.value ?? 0n);
}
