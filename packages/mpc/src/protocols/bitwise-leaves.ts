// Per-digit leaves of bitwise comparisons between a public number and a secret number held as shared
// bits. With base-4 digits whose bit product the dealer provides, every indicator of a digit's value is
// linear in the shares, so leaves cost no communication.
import type { PrimeField } from "@nillion/crypto";
import type { BitsMask, DigitMask } from "../preprocessing-layouts.js";
import type { DigitLeaf } from "./digit-tree.js";

/** Shares of [R = 0], [R = 1], [R = 2], [R = 3] for a base-4 digit R with bits a (low) and b (high). */
export function digitIndicators(field: PrimeField, digit: DigitMask): [bigint, bigint, bigint, bigint] {
  const { low, high, both } = digit;
  const onlyLow = field.sub(low, both);
  const onlyHigh = field.sub(high, both);
  const none = field.add(field.sub(field.sub(1n, low), high), both);
  return [none, onlyLow, onlyHigh, both];
}

/** Σ 2^(i − from)·bits[i] for from ≤ i < to: the shares of the integer those bits form. */
export function mergeBits(field: PrimeField, bits: readonly bigint[], from: number, to: number): bigint {
  let sum = 0n;
  for (let i = to - 1; i >= from; i--) sum = (sum << 1n) + (bits[i] as bigint);
  return field.reduce(sum);
}

/** The digits of `mask` as {@link DigitMask}s, for the low `width` bits (the top digit may be one bit). */
function digitsOf(mask: BitsMask, width: number): (DigitMask | bigint)[] {
  return Array.from({ length: Math.ceil(width / 2) }, (_, j) =>
    2 * j + 1 < width
      ? {
          low: mask.bits[2 * j] as bigint,
          high: mask.bits[2 * j + 1] as bigint,
          both: mask.pairs[j] as bigint,
        }
      : (mask.bits[2 * j] as bigint),
  );
}

/**
 * Leaves whose combined value is [c < R], R the integer of the low `width` bits of `mask` and c public.
 * No leaves (so 0) when c has more bits than R can.
 */
export function lessThanLeaves(field: PrimeField, c: bigint, mask: BitsMask, width: number): DigitLeaf[] {
  if (c >> BigInt(width) !== 0n) return [];
  return digitsOf(mask, width).map((digit, j) => {
    const cDigit = Number((c >> BigInt(2 * j)) & 3n);
    if (typeof digit === "bigint") {
      // A lone top bit r against c's bit: equal when they match, R larger only when c's bit is 0.
      return cDigit === 0 ? { equal: field.sub(1n, digit), value: digit } : { equal: digit, value: 0n };
    }
    const indicators = digitIndicators(field, digit);
    let above = 0n;
    for (let x = cDigit + 1; x < 4; x++) above += indicators[x] as bigint;
    return { equal: indicators[cDigit] as bigint, value: field.reduce(above) };
  });
}

/** Shares of [c_j = R_j] for every base-4 digit j of a full-width mask. */
export function equalDigits(field: PrimeField, c: bigint, digits: readonly DigitMask[]): bigint[] {
  return digits.map((digit, j) => digitIndicators(field, digit)[Number((c >> BigInt(2 * j)) & 3n)] as bigint);
}

/** Shares of the integer Σ 4^j·(a_j + 2·b_j) the base-4 digits form. */
export function digitsValue(field: PrimeField, digits: readonly DigitMask[]): bigint {
  let r = 0n;
  for (let j = digits.length - 1; j >= 0; j--) {
    const { low, high } = digits[j] as DigitMask;
    r = (r << 2n) + low + 2n * high;
  }
  return field.reduce(r);
}
