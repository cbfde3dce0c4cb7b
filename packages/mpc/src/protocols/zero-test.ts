// The online half of the constant-round zero test (material: zero-test-layout.ts): the masked value a
// party contributes to the opening, and the test's result from the opened value.
import type { PrimeField } from "@nillion/crypto";
import { type ZeroTestMask, zeroTestCoefficients } from "../zero-test-layout.js";

/** This party's degree-2T point of (x + 1)·ρ, randomised by the test's zero sharing: what it opens. */
export function maskedZeroTestPoint(field: PrimeField, x: bigint, mask: ZeroTestMask): bigint {
  return field.reduce((x + 1n) * mask.rho + mask.zero);
}

/**
 * Shares of weight·[x = 0] from the opened m = (x + 1)·ρ: Σ_k m^k·(weight·λ_k·ρ⁻ᵏ) by Horner's rule over
 * the dealt terms, plus λ_0·weight, where `weight` is this party's share of the weight the dealer folded
 * into the terms (1 for a plain test).
 */
export function zeroTestResult(
  field: PrimeField,
  opened: bigint,
  mask: ZeroTestMask,
  weight: bigint,
): bigint {
  const p = field.modulus;
  const { terms } = mask;
  let sum = 0n;
  for (let k = terms.length - 1; k >= 0; k--) sum = ((sum + (terms[k] as bigint)) * opened) % p;
  return (sum + (zeroTestCoefficients(field, terms.length)[0] as bigint) * weight) % p;
}
