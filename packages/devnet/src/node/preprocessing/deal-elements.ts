// The dealer's one cryptographic step: fresh Shamir shares of values it sampled in the clear.
import type { PrimeField } from "@nillion/crypto";
import type { PreprocessingMaterial } from "@nillion/mpc";

/**
 * Deals every value of every element with its own uniformly random polynomial of degree `degree` (of
 * degree 2·`degree` for each element's last `zeros` values: the zero sharings that `zeroSharingCount` of
 * @nillion/mpc counts) and returns each party's material: `result[k][e]` holds party k's shares
 * (abscissa k + 1) of element e's values, in order. Any `degree` parties together learn nothing about a
 * value; the dealer, which knows them all, is the devnet's stand-in for the offline protocols.
 *
 * @example
 * ```ts
 * const perParty = dealElements(field, 3, 1, [[r0], [r1]]); // perParty[2][1] = [party 2's share of r1]
 * ```
 */
export function dealElements(
  field: PrimeField,
  parties: number,
  degree: number,
  elements: readonly (readonly bigint[])[],
  zeros = 0,
): PreprocessingMaterial[][] {
  const p = field.modulus;
  const total = elements.reduce((sum, values) => sum + values.length + zeros, 0);
  const coefficients = field.randomElements(total * degree);
  const out = Array.from({ length: parties }, () => new Array<bigint[]>(elements.length));
  let base = 0;
  for (const [e, values] of elements.entries()) {
    for (let k = 0; k < parties; k++) (out[k] as bigint[][])[e] = new Array<bigint>(values.length);
    for (const [v, secret] of values.entries()) {
      const valueDegree = v < values.length - zeros ? degree : 2 * degree;
      const start = base;
      base += valueDegree;
      for (let k = 0; k < parties; k++) {
        // Horner: ((a_T·x + a_{T−1})·x + …)·x + secret. With x ≤ n and T < n the intermediate values
        // stay a few bits above p, so one reduction at the end is enough (the dealer's hot loop).
        const x = BigInt(k + 1);
        let y = 0n;
        for (let c = valueDegree - 1; c >= 0; c--) y = y * x + (coefficients[start + c] as bigint);
        ((out[k] as bigint[][])[e] as bigint[])[v] = (y * x + secret) % p;
      }
    }
  }
  return out;
}
