// The material of a constant-round zero test on a small secret x ∈ [0, d]: open (x + 1)·ρ for a fresh
// uniform non-zero ρ (uniform whatever x is, since x + 1 ≠ 0), then evaluate the public polynomial
// f = Σ λ_k·X^k with f(1) = 1 and f(2) = … = f(d + 1) = 0 at x + 1 = m·ρ⁻¹, which is linear in dealt
// shares of λ_k·ρ⁻ᵏ. The product (x + 1)·ρ is opened from a degree-2T point, made uniform by a degree-2T
// sharing of zero (the "PUB-MULT" of node-mpc.md §2.3), so the opening costs one round.
import type { PrimeField } from "@nillion/crypto";

/**
 * One party's shares of one zero test's material: ρ, `weight`·λ_k·ρ⁻ᵏ for k = 1…d (`weight` a secret
 * the result is multiplied by, 1 unless a protocol folds a factor in), and its degree-2T share of zero.
 */
export interface ZeroTestMask {
  readonly rho: bigint;
  readonly terms: readonly bigint[];
  readonly zero: bigint;
}

/** Dealt values per zero test of degree d, besides its zero sharing: ρ and d weighted terms. */
export function zeroTestValues(degree: number): number {
  return 1 + degree;
}

/**
 * The dealer's values of zero tests of the given degrees in the clear, one after the other: for each, ρ
 * uniform and non-zero, then `weight`·λ_k·ρ⁻ᵏ for k = 1…d. Their zero sharings are laid out separately
 * (see `zeroSharingCount`). One field inversion serves all the tests (Montgomery's batch inversion), the
 * dealer's costliest step otherwise.
 */
export function sampleZeroTests(
  field: PrimeField,
  degrees: readonly number[],
  weights: readonly bigint[],
): bigint[] {
  const rhos = field.randomElements(degrees.length).map((rho) => {
    while (rho === 0n) rho = field.randomElements(1)[0] as bigint;
    return rho;
  });
  const inverses = batchInverse(field, rhos);
  const values: bigint[] = [];
  for (const [t, degree] of degrees.entries()) {
    const coefficients = zeroTestCoefficients(field, degree);
    const inverse = inverses[t] as bigint;
    values.push(rhos[t] as bigint);
    let power = weights[t] as bigint;
    for (let k = 1; k <= degree; k++) {
      power = field.mul(power, inverse);
      values.push(field.mul(power, coefficients[k] as bigint));
    }
  }
  return values;
}

// The inverses of non-zero elements with one inversion: prefix products, one inverse, then back.
function batchInverse(field: PrimeField, values: readonly bigint[]): bigint[] {
  const prefix = new Array<bigint>(values.length);
  let product = 1n;
  for (const [i, value] of values.entries()) {
    prefix[i] = product;
    product = field.mul(product, value);
  }
  let inverse = field.inv(product);
  const out = new Array<bigint>(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = field.mul(inverse, prefix[i] as bigint);
    inverse = field.mul(inverse, values[i] as bigint);
  }
  return out;
}

const COEFFICIENTS = new WeakMap<PrimeField, Map<number, readonly bigint[]>>();

/** λ_0…λ_d of f(X) = Π_{i=2}^{d+1} (X − i)/(1 − i), per prime and degree: public, computed once. */
export function zeroTestCoefficients(field: PrimeField, degree: number): readonly bigint[] {
  let byDegree = COEFFICIENTS.get(field);
  if (byDegree === undefined) {
    byDegree = new Map();
    COEFFICIENTS.set(field, byDegree);
  }
  const known = byDegree.get(degree);
  if (known !== undefined) return known;
  let polynomial = [1n];
  let denominator = 1n;
  for (let i = 2; i <= degree + 1; i++) {
    const root = BigInt(i);
    const next = new Array<bigint>(polynomial.length + 1).fill(0n);
    for (const [k, coefficient] of polynomial.entries()) {
      next[k + 1] = field.add(next[k + 1] as bigint, coefficient);
      next[k] = field.sub(next[k] as bigint, field.mul(root, coefficient));
    }
    polynomial = next;
    denominator = field.mul(denominator, field.reduce(1n - root));
  }
  const scale = field.inv(denominator);
  const coefficients = polynomial.map((coefficient) => field.mul(coefficient, scale));
  byDegree.set(degree, coefficients);
  return coefficients;
}
