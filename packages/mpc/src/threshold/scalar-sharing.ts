// Shamir sharing modulo a signature curve's group order, over the cluster's abscissas 1…n: how the
// threshold signatures turn additive key shares and per-party nonces into polynomial sharings.
import { modOrder, randomScalar, type SignatureCurve } from "./signature-curve.js";

/** Sharings of scalars among n parties; party k holds the point at abscissa k + 1. */
export class ScalarSharing {
  readonly curve: SignatureCurve;
  readonly parties: number;
  // λ_k at zero over all n abscissas: they interpolate any polynomial of degree below n.
  readonly #lambdas: readonly bigint[];

  constructor(curve: SignatureCurve, parties: number) {
    this.curve = curve;
    this.parties = parties;
    const xs = Array.from({ length: parties }, (_, k) => BigInt(k + 1));
    this.#lambdas = xs.map((xk) => {
      let numerator = 1n;
      let denominator = 1n;
      for (const xm of xs) {
        if (xm === xk) continue;
        numerator = (numerator * xm) % curve.order;
        denominator = modOrder(curve, denominator * (xm - xk));
      }
      return (numerator * curve.invert(denominator)) % curve.order;
    });
  }

  /** The Lagrange coefficient at zero of party `k` over all n parties. */
  lambda(k: number): bigint {
    return this.#lambdas[k] as bigint;
  }

  /**
   * f(1), …, f(n) for a fresh polynomial f of degree `degree` with f(0) = `secret` and uniformly random
   * other coefficients.
   */
  deal(secret: bigint, degree: number): bigint[] {
    const { order } = this.curve;
    const coefficients = Array.from({ length: degree }, () => randomScalar(this.curve));
    return Array.from({ length: this.parties }, (_, k) => {
      const x = BigInt(k + 1);
      let y = 0n;
      for (let c = degree - 1; c >= 0; c--) y = (y * x + (coefficients[c] as bigint)) % order;
      return (y * x + secret) % order;
    });
  }

  /** f(0) for the polynomial of degree below n through `points` (party order). */
  recombine(points: readonly bigint[]): bigint {
    let sum = 0n;
    for (const [k, point] of points.entries()) sum += (this.#lambdas[k] as bigint) * point;
    return sum % this.curve.order;
  }
}
