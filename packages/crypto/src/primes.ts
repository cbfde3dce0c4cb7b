import { InvalidArgumentError } from "@nillion/types";

/** The three safe primes of a Nillion cluster, named as in `nillion.membership.v1.cluster.Prime`. */
export type PrimeName = "SAFE_64_BITS" | "SAFE_128_BITS" | "SAFE_256_BITS";

/** Each prime with its `Prime` enum number on the wire. */
export const PRIMES: Readonly<
  Record<PrimeName, { readonly modulus: bigint; readonly bits: 64 | 128 | 256; readonly wire: 0 | 1 | 2 }>
> = Object.freeze({
  SAFE_64_BITS: { modulus: 18446744072637906947n, bits: 64, wire: 0 },
  SAFE_128_BITS: { modulus: 340282366920938463463374607429104828419n, bits: 128, wire: 1 },
  SAFE_256_BITS: {
    modulus: 115792089237316195423570985008687907853269984665640564039457584007911397392387n,
    bits: 256,
    wire: 2,
  },
});

/**
 * Resolves a prime given by name or by its wire enum number (`Cluster.prime`).
 *
 * @example
 * primeName(2); // "SAFE_256_BITS"
 */
export function primeName(prime: PrimeName | number): PrimeName {
  if (typeof prime === "string" && prime in PRIMES) return prime;
  const found = (Object.keys(PRIMES) as PrimeName[]).find((name) => PRIMES[name].wire === prime);
  if (found) return found;
  throw new InvalidArgumentError(
    `unknown prime ${JSON.stringify(prime)}: expected SAFE_64_BITS, SAFE_128_BITS, SAFE_256_BITS or 0, 1, 2`,
    { argument: "prime" },
  );
}
