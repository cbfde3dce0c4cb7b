// The sizes the masking protocols are built around, per prime (node-mpc.md §0 point 4).
import type { PrimeField } from "@nillion/crypto";

/** The statistical security parameter κ the reference VM hard-codes: masks carry κ bits of slack. */
export const KAPPA = 40;

/** The bit length of the prime: 64, 128 or 256. */
export function fieldBits(field: PrimeField): number {
  return field.modulus.toString(2).length;
}

/**
 * The reference's integer size k = ⌊(bits(p) − κ − 1) / 2⌋: 107, 43 and 11 for the 256-, 128- and 64-bit
 * primes. Secret shifts, truncations and public divisors must stay below k bits, and secret dividends in
 * ±2^(k−1), for a mask of k + κ bits to hide them without wrapping around p.
 */
export function integerSize(field: PrimeField): number {
  return Math.floor((fieldBits(field) - KAPPA - 1) / 2);
}

/**
 * ℓ, the operand size of division and modulo by a secret divisor: results are exact when |dividend| and
 * |divisor| are below 2^ℓ. The long division compares values of up to 2ℓ bits with masks of κ + 1 more
 * bits, which must stay below p: ℓ = min(64, ⌊(bits(p) − κ − 2) / 2⌋), so 64, 43 and 11 bits.
 */
export function secretDivisionBits(field: PrimeField): number {
  return Math.min(64, Math.floor((fieldBits(field) - KAPPA - 2) / 2));
}

/**
 * The fraction bits f of the reciprocal the secret division computes, when the prime is wide enough for
 * it, else undefined (the division then runs bit by bit). The reciprocal needs f ≥ ℓ + 9 bits for its
 * quotient to land within one of the true one (see `reciprocal-division.ts`); its largest masked value,
 * the product of a normalised dividend below 2^(2ℓ−1) and the reciprocal below 2^(f+1), takes 2ℓ + f
 * bits and a mask κ + 1 more, which must stay below p: 250 of the 256-bit prime's bits with f = ℓ + 16.
 */
export function reciprocalFractionBits(field: PrimeField): number | undefined {
  const bits = secretDivisionBits(field);
  const fraction = bits + 16;
  return 2 * bits + fraction + KAPPA + 2 < fieldBits(field) ? fraction : undefined;
}
