// Modular exponentiation, for public powers and shifts (2^m).
import type { PrimeField } from "@nillion/crypto";

/** `base^exponent mod p` by square-and-multiply; `exponent` is a raw residue (0 ≤ exponent < p). */
export function fieldPower(field: PrimeField, base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let square = base % field.modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = field.mul(result, square);
    square = field.mul(square, square);
  }
  return result;
}
