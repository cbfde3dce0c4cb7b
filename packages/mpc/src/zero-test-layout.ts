// The material of a constant-round zero test on a small secret x ∈ [0, d]: open (x + 1)·ρ for a fresh
// uniform non-zero ρ (uniform whatever x is, since x + 1 ≠ 0), then evaluate the public polynomial f
// with f(1) = 1 and f(2) = … = f(d + 1) = 0 at x + 1 = m·ρ⁻¹, which is linear in dealt shares of ρ⁻ᵏ.
// The product (x + 1)·ρ is opened from a degree-2T point, made uniform by a degree-2T sharing of zero
// (the "PUB-MULT" of node-mpc.md §2.3), so the opening costs one round.
import type { PrimeField } from "@nillion/crypto";

/**
 * One party's shares of one zero test's material: ρ, `weight`·ρ⁻ᵏ for k = 1…d (`weight` a secret the
 * result is multiplied by, 1 unless a protocol folds a factor in), and its degree-2T share of zero.
 */
export interface ZeroTestMask {
  readonly rho: bigint;
  readonly inversePowers: readonly bigint[];
  readonly zero: bigint;
}

/** Dealt values per zero test of degree d, besides its zero sharing: ρ and d weighted inverse powers. */
export function zeroTestValues(degree: number): number {
  return 1 + degree;
}

/**
 * The dealer's values of one zero test of degree `degree` in the clear: ρ uniform and non-zero, then
 * `weight`·ρ⁻ᵏ for k = 1…d. Its zero sharing is laid out separately (see `zeroSharingCount`).
 */
export function sampleZeroTest(field: PrimeField, degree: number, weight = 1n): bigint[] {
  let rho = 0n;
  while (rho === 0n) rho = field.randomElements(1)[0] as bigint;
  const inverse = field.inv(rho);
  const values = [rho];
  let power = weight;
  for (let k = 1; k <= degree; k++) {
    power = field.mul(power, inverse);
    values.push(power);
  }
  return values;
}
