// Secret less-than with the node's rule, LT(a, b) = 1 iff (a − b) mod p > (p − 1)/2: the least
// significant bit of y = 2(a − b) mod p, found from a masked opening of y and a constant-round bitwise
// comparison built from zero tests.
import { type CompareMask, comparisonBlocks, readCompareMask } from "../preprocessing-layouts.js";
import type { OnlineProtocol } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { onlyElement } from "../round-scheduler.js";
import { scalarShare } from "../share-values.js";
import { scalarOperand, scalarResultType } from "../step-operands.js";
import type { ZeroTestMask } from "../zero-test-layout.js";
import { monomialLeaves, monomialsValue } from "./bitwise-leaves.js";
import { maskedZeroTestPoint, zeroTestResult } from "./zero-test.js";

/**
 * Shares of LT(a, b) under the node's rule, for shares (or public constants) `a` and `b`, consuming one
 * `COMPARE` element. 4 rounds on every prime.
 *
 * 1. Open c = y + r mod p, r < p uniform and held as base-16 digits with all their bit products (so c
 *    is uniform). Since p is odd, LSB(y) = c0 ⊕ r0 ⊕ [c < r], and [c < r] = Σ_j G_j·Z_j with, for digit
 *    j, G_j = [R_j > c_j] (linear in the monomials) and Z_j = [every digit above j is equal].
 * 2. The digits form blocks of ⌈√D⌉. Zero tests (open (x + 1)·ρ, evaluate a public polynomial) give,
 *    in one round, W_j = [no differing digit above j within its block] (weighted by 1 − 2·r0 by the
 *    dealer) and U_b = [block b differs].
 * 3. A zero test of Σ_{b′ > b} U_b′ gives A_b = [every block above b is equal], while one resharing
 *    computes H_b = Σ_{j in b} G_j·W_j.
 * 4. One resharing of Σ_b A_b·H_b = (1 − 2·r0)·[c < r], to which r0 is added: r0 ⊕ [c < r].
 */
async function lessThan(round: RoundContext, a: bigint, b: bigint, mask: CompareMask): Promise<bigint> {
  const { field } = round.sharing;
  const y = field.mul(2n, field.sub(a, b));
  const c = onlyElement(await round.open([field.add(y, monomialsValue(field, mask.digits))]));
  const leaves = monomialLeaves(field, c, mask.digits);
  const differs = leaves.map((leaf) => field.sub(1n, leaf.equal));
  const r0 = mask.digits[0]?.[1] as bigint;
  const flip = field.sub(1n, field.mul(2n, r0));
  const blocks = comparisonBlocks(field);

  // Round 2: the tests within blocks and of whole blocks.
  const tests: { readonly mask: ZeroTestMask; readonly x: bigint }[] = [];
  for (const [start, end] of blocks) {
    let above = 0n;
    for (let j = end - 1; j >= start; j--) {
      const test = mask.within[j];
      if (test !== undefined) tests.push({ mask: test, x: above });
      above += differs[j] as bigint;
    }
  }
  for (const [b, [start, end]] of blocks.entries()) {
    const test = mask.blockTests[b];
    if (test === undefined) continue;
    let count = 0n;
    for (let j = start; j < end; j++) count += differs[j] as bigint;
    tests.push({ mask: test, x: count });
  }
  const opened = await round.open(tests.map((test) => maskedZeroTestPoint(field, test.x, test.mask)));
  let next = 0;
  const weighted = new Array<bigint>(leaves.length);
  for (const [start, end] of blocks) {
    for (let j = end - 1; j >= start; j--) {
      const test = mask.within[j];
      weighted[j] = test === undefined ? flip : zeroTestResult(field, opened[next++] as bigint, test, flip);
    }
  }
  const differingBlocks = blocks.map((_, b) => {
    const test = mask.blockTests[b];
    return test === undefined ? 0n : field.sub(1n, zeroTestResult(field, opened[next++] as bigint, test, 1n));
  });

  // Round 3: the prefix tests over blocks, and each block's Σ G_j·W_j.
  const prefix: { readonly mask: ZeroTestMask; readonly x: bigint }[] = [];
  let blocksAbove = 0n;
  for (let b = blocks.length - 1; b >= 0; b--) {
    const test = mask.prefixTests[b];
    if (test !== undefined) prefix.push({ mask: test, x: blocksAbove });
    blocksAbove += differingBlocks[b] as bigint;
  }
  const blockValues = blocks.map(([start, end]) => {
    let sum = 0n;
    for (let j = start; j < end; j++) sum += (leaves[j]?.value as bigint) * (weighted[j] as bigint);
    return field.reduce(sum);
  });
  const [prefixOpened, decided] = await Promise.all([
    round.open(prefix.map((test) => maskedZeroTestPoint(field, test.x, test.mask))),
    round.reshare(blockValues),
  ]);

  // Round 4: Σ_b A_b·H_b, with A = 1 for the top block.
  const top = blocks.length - 1;
  let sum = 0n;
  let at = 0;
  for (let b = top - 1; b >= 0; b--) {
    const test = mask.prefixTests[b] as ZeroTestMask;
    sum += zeroTestResult(field, prefixOpened[at++] as bigint, test, 1n) * (decided[b] as bigint);
  }
  const [lower] = await round.reshare([field.reduce(sum)]);
  const weightedBelow = field.add(lower as bigint, decided[top] as bigint);
  // r0 ⊕ [c < r], then ⊕ c0.
  const lowest = field.add(r0, weightedBelow);
  return (c & 1n) === 0n ? lowest : field.sub(1n, lowest);
}

/** `LessThanShares`: `<` with a secret operand (and `<=`, `>`, `>=` after lowering). */
export const LESS_THAN_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round) => {
    const mask = readCompareMask(input.material ?? [], round.sharing.field);
    const a = scalarOperand(input, 0).element;
    const b = scalarOperand(input, 1).element;
    return scalarShare(scalarResultType(input), await lessThan(round, a, b, mask));
  },
};
