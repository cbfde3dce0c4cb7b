// The online half of the constant-round zero test (material: zero-test-layout.ts): the masked value a
// party contributes to the opening, and the test's result from the opened value.
import type { PrimeField } from "@nillion/crypto";
import type { ZeroTestMask } from "../zero-test-layout.js";

/** This party's degree-2T point of (x + 1)·ρ, randomised by the test's zero sharing: what it opens. */
export function maskedZeroTestPoint(field: PrimeField, x: bigint, mask: ZeroTestMask): bigint {
  return field.reduce((x + 1n) * mask.rho + mask.zero);
}

/**
 * Shares of weight·[x = 0] from the opened m = (x + 1)·ρ: Σ λ_k·m^k·(weight·ρ⁻ᵏ) plus λ_0·weight, where
 * `weight` is this party's share of the weight the dealer folded into the powers (1 for a plain test).
 */
export function zeroTestResult(
  field: PrimeField,
  opened: bigint,
  mask: ZeroTestMask,
  weight: bigint,
): bigint {
  const degree = mask.inversePowers.length;
  const coefficients = zeroTestCoefficients(field, degree);
  const p = field.modulus;
  let sum = (coefficients[0] as bigint) * weight;
  let power = 1n;
  for (let k = 1; k <= degree; k++) {
    power = (power * opened) % p;
    sum += (((coefficients[k] as bigint) * power) % p) * (mask.inversePowers[k - 1] as bigint);
  }
  return sum % p;
}

// λ_0…λ_d of f(X) = Π_{i=2}^{d+1} (X − i)/(1 − i), per prime and degree: public, computed once.
const COEFFICIENTS = new Map<string, readonly bigint[]>();

function zeroTestCoefficients(field: PrimeField, degree: number): readonly bigint[] {
  const key = `${field.modulus}:${degree}`;
  const known = COEFFICIENTS.get(key);
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
  COEFFICIENTS.set(key, coefficients);
  return coefficients;
}
