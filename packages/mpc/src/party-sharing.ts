// One party's view of the Shamir scheme: the field, n, the degree, its own abscissa, and the two things
// every online protocol is made of: dealing fresh sharings and recombining n points at zero.
import { interpolateAtZero, lagrangeAtZero, PrimeField, type PrimeName } from "@nillion/crypto";
import { InvalidArgumentError } from "@nillion/types";

/** The cluster parameters and which party this is. */
export interface SharingParameters {
  /** `Cluster.prime`, by name or wire number. */
  readonly prime: PrimeName | number;
  /** n, the number of parties. */
  readonly parties: number;
  /** T, the polynomial degree: any T + 1 shares determine a secret. */
  readonly degree: number;
  /** This party's index, 0…n−1 in ascending id order (its abscissa is `party + 1`). */
  readonly party: number;
}

/** Shamir sharing over the abscissas 1…n, from the point of view of party `party`. */
export class PartySharing {
  readonly field: PrimeField;
  readonly parties: number;
  readonly degree: number;
  readonly party: number;
  // Lagrange coefficients at zero over all n abscissas: they interpolate any polynomial of degree < n,
  // so they recombine both degree-T shares (openings) and degree-2T products (degree reduction).
  readonly #recombination: { readonly coefficients: readonly bigint[] };

  constructor(parameters: SharingParameters) {
    const { parties, degree, party } = parameters;
    this.field = PrimeField.of(parameters.prime);
    if (!Number.isSafeInteger(degree) || degree < 1) {
      throw new InvalidArgumentError(
        `the polynomial degree must be a whole number of at least 1, got ${degree}`,
        {
          argument: "degree",
        },
      );
    }
    // Degree reduction interpolates products of degree 2T, which needs 2T + 1 points: an honest majority.
    if (!Number.isSafeInteger(parties) || parties < 2 * degree + 1) {
      throw new InvalidArgumentError(
        `degree ${degree} needs at least ${2 * degree + 1} parties (n ≥ 2T + 1), got ${parties}`,
        { argument: "parties" },
      );
    }
    if (!Number.isSafeInteger(party) || party < 0 || party >= parties) {
      throw new InvalidArgumentError(`party must be an index in 0…${parties - 1}, got ${party}`, {
        argument: "party",
      });
    }
    this.parties = parties;
    this.degree = degree;
    this.party = party;
    const abscissas = Array.from({ length: parties }, (_, k) => BigInt(k + 1));
    this.#recombination = lagrangeAtZero(this.field, abscissas);
  }

  /**
   * Deals each secret with a fresh uniformly random polynomial of degree T (or `degree`, for a dealer's
   * degree-2T sharings of zero): `result[j][k]` is the share of `secrets[k]` for party j.
   */
  deal(secrets: readonly bigint[], degree = this.degree): bigint[][] {
    const { parties } = this;
    const p = this.field.modulus;
    const random = this.field.randomElements(secrets.length * degree);
    const out = Array.from({ length: parties }, () => new Array<bigint>(secrets.length));
    for (const [k, secret] of secrets.entries()) {
      if (degree === 1) {
        // f(x) = secret + a·x, evaluated at 1…n by repeated addition.
        const slope = random[k] as bigint;
        let y = secret;
        for (let j = 0; j < parties; j++) {
          y += slope;
          if (y >= p) y -= p;
          (out[j] as bigint[])[k] = y;
        }
        continue;
      }
      for (let j = 0; j < parties; j++) {
        const x = BigInt(j + 1);
        let y = 0n;
        for (let c = degree - 1; c >= 0; c--) y = y * x + (random[k * degree + c] as bigint);
        (out[j] as bigint[])[k] = (y * x + secret) % p;
      }
    }
    return out;
  }

  /** The value at zero of the polynomial through `points` (one per party, in party order). */
  recombine(points: readonly bigint[]): bigint {
    return interpolateAtZero(this.field, this.#recombination, points);
  }
}
