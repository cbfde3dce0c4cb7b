import { bytesToHex, InvalidArgumentError } from "@nillion/types";
import type { PrimeField } from "./prime-field.js";

/** A cluster member as Shamir sees it: its id and its abscissa. */
export interface ShamirParty {
  /** The party id: a node's 20-byte id on a real cluster. */
  readonly id: Uint8Array;
  /** `id` as lowercase hex, the key used to match shares to parties. */
  readonly hex: string;
  /** The abscissa: 1 + the rank of `id` in ascending byte order. */
  readonly x: bigint;
}

/** The most parties the reference sharer supports (it also maps parties into GF(256)). */
export const MAX_PARTIES = 254;

/**
 * Orders party ids as nodes do (byte-wise, a proper prefix first) and gives them x = 1..n.
 * Duplicate ids are rejected: the reference silently skews the numbering for them.
 *
 * @example
 * assignAbscissas([hexToBytes("02"), hexToBytes("01")]).map((p) => [p.hex, p.x]); // [["01", 1n], ["02", 2n]]
 */
export function assignAbscissas(partyIds: readonly Uint8Array[]): ShamirParty[] {
  if (partyIds.length > MAX_PARTIES) {
    throw new InvalidArgumentError(
      `too many parties: ${partyIds.length}, at most ${MAX_PARTIES} are supported`,
      {
        argument: "parties",
      },
    );
  }
  const sorted = partyIds
    .map((id) => ({ id: id.slice(), hex: bytesToHex(id) }))
    .sort((a, b) => compareBytes(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.hex === sorted[i - 1]?.hex) {
      throw new InvalidArgumentError(`duplicate party id ${sorted[i]?.hex}`, { argument: "parties" });
    }
  }
  return sorted.map((party, index) => ({ ...party, x: BigInt(index + 1) }));
}

/** Lexicographic byte order, a proper prefix first (Rust's `Vec<u8>` order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Lagrange coefficients for interpolating at 0 from the given abscissas:
 * λᵢ = Πⱼ≠ᵢ xⱼ / (xⱼ − xᵢ). When every λᵢ is an integer (always the case for x = 1..n) they are
 * returned as small signed integers, so reconstruction needs one reduction instead of one per share.
 */
export function lagrangeAtZero(
  field: PrimeField,
  xs: readonly bigint[],
): { coefficients: bigint[]; exact: boolean } {
  const numerators: bigint[] = [];
  const denominators: bigint[] = [];
  for (const [i, xi] of xs.entries()) {
    let numerator = 1n;
    let denominator = 1n;
    for (const [j, xj] of xs.entries()) {
      if (i === j) continue;
      numerator *= xj;
      denominator *= xj - xi;
    }
    if (denominator === 0n) throw new InvalidArgumentError("abscissas must be distinct", { argument: "xs" });
    numerators.push(numerator);
    denominators.push(denominator);
  }
  const exact = numerators.every((n, i) => n % (denominators[i] as bigint) === 0n);
  const coefficients = exact
    ? numerators.map((n, i) => n / (denominators[i] as bigint))
    : numerators.map((n, i) => field.mul(field.reduce(n), field.inv(denominators[i] as bigint)));
  return { coefficients, exact };
}

/**
 * Evaluates f(x) = secret + Σ coefficients[k-1]·x^k at x = 1..n (the abscissas of a full cluster),
 * writing f(i+1) to `out[i]`. Degree 1 is the common case and runs on additions only.
 */
export function evaluateAtAbscissas(
  field: PrimeField,
  secret: bigint,
  coefficients: readonly bigint[],
  out: bigint[],
  n: number,
): void {
  const p = field.modulus;
  if (coefficients.length === 1) {
    const slope = coefficients[0] as bigint;
    let y = secret;
    for (let i = 0; i < n; i++) {
      y += slope;
      if (y >= p) y -= p;
      out[i] = y;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = BigInt(i + 1);
    let y = 0n;
    for (let k = coefficients.length - 1; k >= 0; k--) y = y * x + (coefficients[k] as bigint);
    out[i] = (y * x + secret) % p;
  }
}

/** Interpolates at 0 from points whose coefficients came from {@link lagrangeAtZero}. */
export function interpolateAtZero(
  field: PrimeField,
  lagrange: { coefficients: readonly bigint[] },
  ys: readonly bigint[],
): bigint {
  let sum = 0n;
  // Only the first coefficients.length points are used: surplus points are for consistency checks.
  for (let i = 0; i < lagrange.coefficients.length; i++)
    sum += (lagrange.coefficients[i] as bigint) * (ys[i] as bigint);
  return field.reduce(sum);
}

/**
 * Coefficients that evaluate, at each `targets` abscissa, the polynomial of degree < `basis.length`
 * through the points at `basis`: row k gives f(targets[k]) = Σⱼ rows[k][j]·f(basis[j]) (mod p). Used to
 * check that surplus shares lie on the polynomial the first degree+1 shares define. As with
 * {@link lagrangeAtZero}, integer coefficients (the usual case) stay small signed integers.
 */
export function extrapolationRows(
  field: PrimeField,
  basis: readonly bigint[],
  targets: readonly bigint[],
): bigint[][] {
  return targets.map((target) => {
    const fractions = basis.map((xj, j) => {
      let numerator = 1n;
      let denominator = 1n;
      for (const [m, xm] of basis.entries()) {
        if (m === j) continue;
        numerator *= target - xm;
        denominator *= xj - xm;
      }
      return [numerator, denominator] as const;
    });
    return fractions.every(([n, d]) => n % d === 0n)
      ? fractions.map(([n, d]) => n / d)
      : fractions.map(([n, d]) => field.mul(field.reduce(n), field.inv(d)));
  });
}
