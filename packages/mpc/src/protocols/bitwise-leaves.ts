// Per-digit leaves of bitwise comparisons between a public number and a secret number held as shared
// bits. The dealer provides the products of each digit's bits, so every indicator of a digit's value is
// linear in the shares and leaves cost no communication.
import type { PrimeField } from "@nillion/crypto";
import type { BitsMask, DigitMonomials } from "../preprocessing-layouts.js";
import type { DigitLeaf } from "./digit-tree.js";

/** Σ 2^(i − from)·bits[i] for from ≤ i < to: the shares of the integer those bits form. */
export function mergeBits(field: PrimeField, bits: readonly bigint[], from: number, to: number): bigint {
  let sum = 0n;
  for (let i = to - 1; i >= from; i--) sum = (sum << 1n) + (bits[i] as bigint);
  return field.reduce(sum);
}

/**
 * Leaves whose combined value is [c < R], R the integer of the low `width` bits of `mask` and c public,
 * over base-4 digits (bits a, b and the dealer's ab); a lone top bit when `width` is odd. No leaves (so
 * 0) when c has more bits than R can.
 */
export function lessThanLeaves(field: PrimeField, c: bigint, mask: BitsMask, width: number): DigitLeaf[] {
  if (c >> BigInt(width) !== 0n) return [];
  return Array.from({ length: Math.ceil(width / 2) }, (_, j) => {
    const cDigit = Number((c >> BigInt(2 * j)) & 3n);
    const low = mask.bits[2 * j] as bigint;
    if (2 * j + 1 === width) {
      // R's top bit against c's: equal when they match, R larger only when c's bit is 0.
      return cDigit === 0 ? { equal: field.sub(1n, low), value: low } : { equal: low, value: 0n };
    }
    const monomials = [1n, low, mask.bits[2 * j + 1] as bigint, mask.pairs[j] as bigint];
    return {
      equal: combine(field, TABLES[2].equal[cDigit] as readonly number[], monomials),
      value: combine(field, TABLES[2].greater[cDigit] as readonly number[], monomials),
    };
  });
}

/** Leaves whose combined value is [c < R] for a full-width mask in base-16 monomials. */
export function monomialLeaves(field: PrimeField, c: bigint, digits: DigitMonomials): DigitLeaf[] {
  return digits.map((monomials, j) => {
    const cDigit = Number((c >> BigInt(4 * j)) & 15n);
    return {
      equal: combine(field, TABLES[4].equal[cDigit] as readonly number[], monomials),
      value: combine(field, TABLES[4].greater[cDigit] as readonly number[], monomials),
    };
  });
}

/** Shares of r = Σ 16^j·R_j, each digit R_j = Σ 2^b·bit_b read from its single-bit monomials. */
export function monomialsValue(field: PrimeField, digits: DigitMonomials): bigint {
  let r = 0n;
  for (let j = digits.length - 1; j >= 0; j--) {
    const m = digits[j] as readonly bigint[];
    r = (r << 4n) + (m[1] as bigint) + 2n * (m[2] as bigint) + 4n * (m[4] as bigint) + 8n * (m[8] as bigint);
  }
  return field.reduce(r);
}

// Σ coefficients[S]·monomials[S], with small integer coefficients.
function combine(field: PrimeField, coefficients: readonly number[], monomials: readonly bigint[]): bigint {
  let sum = 0n;
  for (const [subset, coefficient] of coefficients.entries()) {
    if (coefficient === 0) continue;
    const monomial = monomials[subset] as bigint;
    sum += coefficient === 1 ? monomial : coefficient === -1 ? -monomial : BigInt(coefficient) * monomial;
  }
  return field.reduce(sum);
}

// The indicator of digit value x in the monomial basis: Π_b (bit_b if x has b, else 1 − bit_b) expands
// to Σ over S ⊇ x of (−1)^|S \ x|·m_S. Per digit width w (2 and 4 bits) and public digit c, the
// coefficients of [R = c] (`equal`) and of [R > c] = Σ_{x > c} [R = x] (`greater`).
function tables(width: number) {
  const size = 1 << width;
  const popcount = (n: number): number => (n === 0 ? 0 : (n & 1) + popcount(n >> 1));
  const equal = Array.from({ length: size }, (_, x) =>
    Array.from({ length: size }, (_, subset) =>
      (subset & x) === x ? (popcount(subset ^ x) % 2 === 0 ? 1 : -1) : 0,
    ),
  );
  const greater = equal.map((_, c) =>
    Array.from({ length: size }, (_, subset) =>
      equal.slice(c + 1).reduce((sum, row) => sum + (row[subset] as number), 0),
    ),
  );
  return { equal, greater };
}
const TABLES = { 2: tables(2), 4: tables(4) } as const;
