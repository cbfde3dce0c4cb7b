// Reads a computation's complete network transcript, as an eavesdropper on every link would, and checks
// that it opens nothing but what is allowed. Every position of a round's messages is either
//  - an opening: each sender sends the same element to every peer. The elements must be points of one
//    polynomial of degree at most 2T (T for a shared value; 2T for a product opened directly, which the
//    protocol randomises with a dealt degree-2T sharing of zero), and the value they open must be one of
//    the allowed openings; or
//  - a resharing: each sender sends every peer a different point of a polynomial of degree at most T
//    that is fresh: not constant, and with a random part no other dealt polynomial shares. Any peer (and
//    any T colluding peers) then holds at most T points of it, which reveal nothing.
import { interpolateAtZero, lagrangeAtZero, PrimeField } from "@nillion/crypto";
import type { ChannelMessage } from "../src/index.js";
import type { Cluster } from "./run-program.js";

export interface Audit {
  /** The values opened, in transcript order. */
  readonly openings: readonly bigint[];
  /** How many fresh polynomials were dealt. */
  readonly dealt: number;
  readonly rounds: number;
}

// The value at `x` of the polynomial through (xs[k], ys[k]).
function evaluateAt(field: PrimeField, xs: readonly bigint[], ys: readonly bigint[], x: bigint): bigint {
  let sum = 0n;
  for (const [k, xk] of xs.entries()) {
    let numerator = 1n;
    let denominator = 1n;
    for (const [m, xm] of xs.entries()) {
      if (m === k) continue;
      numerator = field.mul(numerator, field.reduce(x - xm));
      denominator = field.mul(denominator, field.reduce(xk - xm));
    }
    sum = field.add(sum, field.mul(ys[k] as bigint, field.mul(numerator, field.inv(denominator))));
  }
  return sum;
}

/**
 * Throws with a description of the first violation; returns what the transcript opened and dealt.
 * `allowedOpenings` lists the values that may be opened, or decides for each opened value (in
 * transcript order) whether it may be.
 */
export function auditTranscript(
  messages: readonly ChannelMessage[],
  cluster: Cluster,
  allowedOpenings: readonly bigint[] | ((value: bigint) => boolean),
): Audit {
  const field = PrimeField.of(cluster.prime);
  const { parties: n, degree } = cluster;
  const rounds = new Map<number, Map<string, readonly bigint[]>>();
  for (const message of messages) {
    const round = rounds.get(message.round) ?? new Map<string, readonly bigint[]>();
    rounds.set(message.round, round);
    const key = `${message.from}>${message.to}`;
    if (round.has(key)) throw new Error(`round ${message.round}: two messages ${key}`);
    round.set(key, message.elements);
  }
  const allowed =
    typeof allowedOpenings === "function"
      ? allowedOpenings
      : (value: bigint) => allowedOpenings.some((allowedValue) => field.reduce(allowedValue) === value);
  const all = Array.from({ length: n }, (_, j) => j);
  const openAll = lagrangeAtZero(
    field,
    all.map((j) => BigInt(j + 1)),
  );
  const openings: bigint[] = [];
  const randomParts = new Set<string>();
  // Points outside 1…n where the random part of each dealt polynomial is compared.
  const probes = Array.from({ length: degree }, (_, k) => BigInt(n + 1 + k));
  let dealt = 0;

  for (const [r, round] of [...rounds.entries()].sort(([a], [b]) => a - b)) {
    if (round.size !== n * (n - 1))
      throw new Error(`round ${r}: ${round.size} messages, expected ${n * (n - 1)}`);
    const length = round.get("0>1")?.length ?? 0;
    const sent = (i: number, j: number): readonly bigint[] => {
      const elements = round.get(`${i}>${j}`);
      if (elements?.length !== length) throw new Error(`round ${r}: message ${i}>${j} has another length`);
      return elements;
    };
    for (let k = 0; k < length; k++) {
      const broadcast = all.map((i) =>
        all.filter((j) => j !== i).every((j) => sent(i, j)[k] === sent(i, (i + 1) % n)[k]),
      );
      if (broadcast.every(Boolean)) {
        const shares = all.map((i) => sent(i, (i + 1) % n)[k] as bigint);
        const basis = all.slice(0, 2 * degree + 1).map((j) => BigInt(j + 1));
        for (const j of all.slice(2 * degree + 1)) {
          if (evaluateAt(field, basis, shares.slice(0, 2 * degree + 1), BigInt(j + 1)) !== shares[j]) {
            throw new Error(
              `round ${r}, element ${k}: the opened shares are not a sharing of degree ${2 * degree} or less`,
            );
          }
        }
        const value = interpolateAtZero(field, openAll, shares);
        if (!allowed(value))
          throw new Error(`round ${r}, element ${k}: opens ${value}, which is not allowed`);
        openings.push(value);
        continue;
      }
      if (broadcast.some(Boolean)) throw new Error(`round ${r}, element ${k}: mixes openings and resharings`);
      for (const i of all) {
        const receivers = all.filter((j) => j !== i);
        const xs = receivers.map((j) => BigInt(j + 1));
        const ys = receivers.map((j) => sent(i, j)[k] as bigint);
        const basisX = xs.slice(0, degree + 1);
        const basisY = ys.slice(0, degree + 1);
        for (const [m, x] of xs.entries()) {
          if (evaluateAt(field, basisX, basisY, x) !== ys[m]) {
            throw new Error(
              `round ${r}, element ${k}: party ${i} dealt points of a polynomial of degree > ${degree}`,
            );
          }
        }
        const secret = evaluateAt(field, basisX, basisY, 0n);
        const randomPart = probes
          .map((x) => field.sub(evaluateAt(field, basisX, basisY, x), secret))
          .join(",");
        if (probes.every((x) => evaluateAt(field, basisX, basisY, x) === secret)) {
          throw new Error(`round ${r}, element ${k}: party ${i} dealt a constant polynomial`);
        }
        if (randomParts.has(randomPart)) {
          throw new Error(`round ${r}, element ${k}: party ${i} reused the randomness of an earlier sharing`);
        }
        randomParts.add(randomPart);
        dealt += 1;
      }
    }
  }
  return { openings, dealt, rounds: rounds.size };
}
