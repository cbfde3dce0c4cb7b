// Reads the complete transcript of a threshold signature or key generation, as an eavesdropper on every
// link would, decodes it with the protocols' published layout (BytePacking, 32-byte little-endian
// scalars, key-share point encodings) and checks that it opens nothing but what the protocol allows:
//  - key generation: each party broadcasts one point, and the points add up to the public key;
//  - ECDSA: round 0 holds, from each party to each peer, points of three fresh degree-T sharings (nonce,
//    mask, key share) and of two sharings of zero, and a broadcast point that commits to the dealt mask;
//    round 1 broadcasts points of a degree-2T sharing whose value is the masked product k·γ, and nothing
//    else. The nonce k and the key never appear on the wire;
//  - EdDSA: round 0 broadcasts nonce commitments R_i, round 1 broadcasts z_i with z_i·B = R_i + c·X_i,
//    signature shares masked by the fresh nonce r_i.
import { bytesToBigInt } from "@nillion/crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { BytePacking, type ChannelMessage } from "../src/index.js";
import type { Cluster } from "./run-program.js";

type Curve = "secp256k1" | "ed25519";

const ORDER = { secp256k1: secp256k1.Point.Fn.ORDER, ed25519: ed25519.Point.Fn.ORDER };
const POINT_LENGTH = { secp256k1: 33, ed25519: 32 };
const mod = (a: bigint, q: bigint) => ((a % q) + q) % q;

/** The messages of each round, by `from>to`, checked to be complete. */
function roundsOf(messages: readonly ChannelMessage[], n: number): Map<string, readonly bigint[]>[] {
  const rounds: Map<string, readonly bigint[]>[] = [];
  for (const message of messages) {
    const round = rounds[message.round] ?? new Map<string, readonly bigint[]>();
    rounds[message.round] = round;
    const key = `${message.from}>${message.to}`;
    if (round.has(key)) throw new Error(`round ${message.round}: two messages ${key}`);
    round.set(key, message.elements);
  }
  for (const [r, round] of rounds.entries()) {
    if (round?.size !== n * (n - 1))
      throw new Error(`round ${r}: ${round?.size} messages, expected ${n * (n - 1)}`);
  }
  return rounds;
}

/** Reads the values of one message in the protocols' layout. */
class Reader {
  #offset = 0;
  constructor(
    readonly elements: readonly bigint[],
    readonly packing: BytePacking,
    readonly curve: Curve,
  ) {}

  bytes(length: number): Uint8Array {
    const count = this.packing.limbs(length);
    const bytes = this.packing.unpack(this.elements.slice(this.#offset, this.#offset + count), length);
    this.#offset += count;
    if (bytes === undefined) throw new Error("a value that is not packed bytes");
    return bytes;
  }

  scalar(): bigint {
    return bytesToBigInt(this.bytes(32), "le");
  }

  point(): string {
    const bytes = this.bytes(POINT_LENGTH[this.curve]);
    (this.curve === "secp256k1" ? secp256k1.Point : ed25519.Point).fromBytes(bytes); // throws if not a point
    return Buffer.from(bytes).toString("hex");
  }

  end(): void {
    if (this.#offset !== this.elements.length) throw new Error("a message longer than the protocol's layout");
  }
}

/** f(x) for the polynomial through (xs[k], ys[k]) modulo q. */
function evaluateAt(xs: readonly bigint[], ys: readonly bigint[], x: bigint, q: bigint): bigint {
  let sum = 0n;
  for (const [k, xk] of xs.entries()) {
    let numerator = 1n;
    let denominator = 1n;
    for (const [m, xm] of xs.entries()) {
      if (m === k) continue;
      numerator = mod(numerator * (x - xm), q);
      denominator = mod(denominator * (xk - xm), q);
    }
    sum = mod(sum + (ys[k] as bigint) * numerator * modInverse(denominator, q), q);
  }
  return sum;
}

function modInverse(a: bigint, q: bigint): bigint {
  let [r0, r1, s0, s1] = [q, mod(a, q), 0n, 1n];
  while (r1 !== 0n) {
    const quotient = r0 / r1;
    [r0, r1] = [r1, r0 - quotient * r1];
    [s0, s1] = [s1, s0 - quotient * s1];
  }
  return mod(s0, q);
}

/**
 * The polynomial party `dealer` dealt with degree `degree` to its peers (their points `points[j]`, its own
 * abscissa skipped), after checking that every point lies on one polynomial of that degree whose random
 * part is not constant and was never seen before (`seen`): its value at every abscissa, 0 first.
 */
function dealtPolynomial(
  points: readonly bigint[],
  dealer: number,
  degree: number,
  q: bigint,
  seen: Set<string>,
  what: string,
): bigint[] {
  const xs = points.map((_, j) => BigInt(j + 1)).filter((_, j) => j !== dealer);
  const ys = points.filter((_, j) => j !== dealer);
  const basisX = xs.slice(0, degree + 1);
  const basisY = ys.slice(0, degree + 1);
  for (const [m, x] of xs.entries()) {
    if (evaluateAt(basisX, basisY, x, q) !== ys[m])
      throw new Error(`${what}: not a degree-${degree} sharing`);
  }
  const secret = evaluateAt(basisX, basisY, 0n, q);
  const probes = Array.from({ length: degree }, (_, k) => BigInt(points.length + 1 + k));
  const randomPart = probes.map((x) => mod(evaluateAt(basisX, basisY, x, q) - secret, q));
  if (randomPart.every((value) => value === 0n)) throw new Error(`${what}: a constant polynomial`);
  const key = randomPart.join(",");
  if (seen.has(key)) throw new Error(`${what}: reuses the randomness of an earlier sharing`);
  seen.add(key);
  return Array.from({ length: points.length + 1 }, (_, x) => evaluateAt(basisX, basisY, BigInt(x), q));
}

/** The value at zero of the n points of one opening (each party's broadcast), over all n abscissas. */
function opened(points: readonly bigint[], q: bigint): bigint {
  return evaluateAt(
    points.map((_, j) => BigInt(j + 1)),
    points,
    0n,
    q,
  );
}

/** Each sender's broadcast element list, after checking it sent the same to every peer. */
function broadcasts(round: Map<string, readonly bigint[]>, n: number, r: number): (readonly bigint[])[] {
  return Array.from({ length: n }, (_, i) => {
    const copies = Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i)
      .map((j) => round.get(`${i}>${j}`) as readonly bigint[]);
    if (copies.some((copy) => copy.join() !== copies[0]?.join()))
      throw new Error(`round ${r}: party ${i} does not broadcast`);
    return copies[0] as readonly bigint[];
  });
}

/** What an ECDSA transcript showed the auditor. */
export interface EcdsaAudit {
  /** k = Σk_i, reconstructed from the dealings: the signature's nonce is k⁻¹. */
  readonly k: bigint;
  /** The only value opened: δ = k·γ. */
  readonly opened: bigint;
  /** Each party's points of [k]_T and [γ]_T, party order. */
  readonly nonceShares: readonly bigint[];
  readonly maskShares: readonly bigint[];
}

/**
 * Audits the transcript of one ECDSA signature by `key` (the whole private key, known to the test) whose
 * combined signature has `r`. Throws on the first violation.
 */
export function auditEcdsaTranscript(
  messages: readonly ChannelMessage[],
  cluster: Cluster,
  expected: { readonly key: bigint; readonly r: bigint },
): EcdsaAudit {
  const { parties: n, degree: T } = cluster;
  const q = ORDER.secp256k1;
  const packing = BytePacking.of(cluster.prime);
  const rounds = roundsOf(messages, n);
  if (rounds.length !== 2) throw new Error(`${rounds.length} rounds, expected 2`);
  const [first, second] = rounds as [Map<string, readonly bigint[]>, Map<string, readonly bigint[]>];
  const seen = new Set<string>();
  let [k, gamma, x] = [0n, 0n, 0n];
  const nonceShares = Array.from({ length: n }, () => 0n);
  const maskShares = Array.from({ length: n }, () => 0n);
  const scalarsOnWire = new Set<bigint>();
  for (let i = 0; i < n; i++) {
    const dealings: bigint[][] = [[], [], [], [], []];
    const commitments = new Set<string>();
    for (let j = 0; j < n; j++) {
      if (j === i) {
        for (const dealing of dealings) dealing.push(0n); // its own point is not sent
        continue;
      }
      const reader = new Reader(first.get(`${i}>${j}`) as readonly bigint[], packing, "secp256k1");
      for (const dealing of dealings) {
        const point = reader.scalar();
        scalarsOnWire.add(point);
        dealing.push(point);
      }
      commitments.add(reader.point());
      reader.end();
    }
    if (commitments.size !== 1) throw new Error(`round 0: party ${i} commits to different masks`);
    const [kPoints, gammaPoints, xPoints, zPoints, wPoints] = dealings as [
      bigint[],
      bigint[],
      bigint[],
      bigint[],
      bigint[],
    ];
    const kPolynomial = dealtPolynomial(kPoints, i, T, q, seen, `round 0: party ${i}'s nonce`);
    const gammaPolynomial = dealtPolynomial(gammaPoints, i, T, q, seen, `round 0: party ${i}'s mask`);
    const [ki, gi, xi] = [
      kPolynomial[0] as bigint,
      gammaPolynomial[0] as bigint,
      dealtPolynomial(xPoints, i, T, q, seen, `round 0: party ${i}'s key share`)[0] as bigint,
    ];
    for (let j = 0; j < n; j++) {
      nonceShares[j] = mod((nonceShares[j] as bigint) + (kPolynomial[j + 1] as bigint), q);
      maskShares[j] = mod((maskShares[j] as bigint) + (gammaPolynomial[j + 1] as bigint), q);
    }
    // The zero sharings: with f(0) = 0 added, n points of a degree-2T (and n−1) polynomial.
    zeroSharing(zPoints, i, 2 * T, q, `round 0: party ${i}'s zero sharing of degree 2T`);
    zeroSharing(wPoints, i, n - 1, q, `round 0: party ${i}'s zero sharing of degree n−1`);
    const commitment = secp256k1.Point.BASE.multiply(gi).toHex(true);
    if (![...commitments].includes(commitment))
      throw new Error(`round 0: party ${i}'s broadcast point is not γ_i·G`);
    k = mod(k + ki, q);
    gamma = mod(gamma + gi, q);
    x = mod(x + xi, q);
  }
  if (x !== mod(expected.key, q)) throw new Error("round 0: the dealt key shares do not add up to the key");
  const deltas = broadcasts(second, n, 1).map((elements, i) => {
    const reader = new Reader(elements, packing, "secp256k1");
    const delta = reader.scalar();
    reader.end();
    if (delta >= q) throw new Error(`round 1: party ${i} opens something that is not a scalar`);
    scalarsOnWire.add(delta);
    return delta;
  });
  if (n > 2 * T + 1) {
    const xs = deltas.map((_, j) => BigInt(j + 1));
    for (const [j, xj] of xs.entries()) {
      if (evaluateAt(xs.slice(0, 2 * T + 1), deltas.slice(0, 2 * T + 1), xj, q) !== deltas[j])
        throw new Error("round 1: the opened points are not a degree-2T sharing");
    }
  }
  const delta = opened(deltas, q);
  if (delta !== mod(k * gamma, q))
    throw new Error(`round 1: opens ${delta}, which is not the masked product k·γ`);
  // Without the zero sharing, the opened points would be those of [k]·[γ], whose factors they betray.
  if (deltas.every((d, j) => d === mod((nonceShares[j] as bigint) * (maskShares[j] as bigint), q)))
    throw new Error("round 1: the opened sharing of k·γ is not re-randomised");
  const nonce = modInverse(k, q);
  const r = mod(secp256k1.Point.BASE.multiply(nonce).toAffine().x, q);
  if (r !== expected.r) throw new Error("the signature's r is not that of the nonce k⁻¹ the parties dealt");
  for (const secret of [k, nonce, gamma, x, mod(k * x, q)]) {
    if (scalarsOnWire.has(secret)) throw new Error("a secret travels in the clear");
  }
  return { k, opened: delta, nonceShares, maskShares };
}

// A sharing of zero: checked when the received points with (0, 0) over-determine its degree.
function zeroSharing(
  points: readonly bigint[],
  dealer: number,
  degree: number,
  q: bigint,
  what: string,
): void {
  const xs = [0n, ...points.map((_, j) => BigInt(j + 1)).filter((_, j) => j !== dealer)];
  const ys = [0n, ...points.filter((_, j) => j !== dealer)];
  if (xs.length <= degree + 1) return;
  for (const [m, x] of xs.entries()) {
    if (evaluateAt(xs.slice(0, degree + 1), ys.slice(0, degree + 1), x, q) !== ys[m])
      throw new Error(`${what}: not a sharing of zero`);
  }
}

/** What an EdDSA transcript showed the auditor: each party's nonce commitment R_i. */
export interface EddsaAudit {
  readonly commitments: readonly string[];
}

/**
 * Audits the transcript of one EdDSA signature of `message` by a key with public shares `publicShares`
 * and public key `publicKey`, whose signature is `signature`.
 */
export function auditEddsaTranscript(
  messages: readonly ChannelMessage[],
  cluster: Cluster,
  expected: {
    readonly message: Uint8Array;
    readonly publicKey: Uint8Array;
    readonly publicShares: readonly Uint8Array[];
    readonly signature: Uint8Array;
    readonly key: bigint;
  },
): EddsaAudit {
  const { parties: n } = cluster;
  const q = ORDER.ed25519;
  const packing = BytePacking.of(cluster.prime);
  const rounds = roundsOf(messages, n);
  if (rounds.length !== 2) throw new Error(`${rounds.length} rounds, expected 2`);
  const commitments = broadcasts(rounds[0] as Map<string, readonly bigint[]>, n, 0).map((elements) => {
    const reader = new Reader(elements, packing, "ed25519");
    const point = reader.point();
    reader.end();
    return point;
  });
  const R = commitments.map((hex) => ed25519.Point.fromHex(hex)).reduce((sum, point) => sum.add(point));
  if (R.toHex() !== Buffer.from(expected.signature.subarray(0, 32)).toString("hex"))
    throw new Error("round 0: the commitments do not add up to the signature's R");
  const c = mod(
    bytesToBigInt(sha512(new Uint8Array([...R.toBytes(), ...expected.publicKey, ...expected.message])), "le"),
    q,
  );
  let z = 0n;
  for (const [i, elements] of broadcasts(rounds[1] as Map<string, readonly bigint[]>, n, 1).entries()) {
    const reader = new Reader(elements, packing, "ed25519");
    const zi = reader.scalar();
    reader.end();
    if (zi === expected.key) throw new Error("round 1: the key travels in the clear");
    const Xi = ed25519.Point.fromBytes(expected.publicShares[i] as Uint8Array);
    const Ri = ed25519.Point.fromHex(commitments[i] as string);
    if (!ed25519.Point.BASE.multiply(zi).equals(Ri.add(Xi.multiply(c))))
      throw new Error(`round 1: party ${i} opens something other than its signature share r_i + c·x_i`);
    z = mod(z + zi, q);
  }
  if (z !== bytesToBigInt(expected.signature.subarray(32), "le"))
    throw new Error("round 1: the signature shares do not add up to the signature's z");
  return { commitments };
}

/** Audits the transcript of one key generation whose public key is `publicKey`. */
export function auditKeyGenerationTranscript(
  messages: readonly ChannelMessage[],
  cluster: Cluster,
  curve: Curve,
  publicKey: Uint8Array,
): void {
  const rounds = roundsOf(messages, cluster.parties);
  if (rounds.length !== 1) throw new Error(`${rounds.length} rounds, expected 1`);
  const packing = BytePacking.of(cluster.prime);
  const Point = curve === "secp256k1" ? secp256k1.Point : ed25519.Point;
  const points = broadcasts(rounds[0] as Map<string, readonly bigint[]>, cluster.parties, 0).map(
    (elements) => {
      const reader = new Reader(elements, packing, curve);
      const point = reader.point();
      reader.end();
      return Point.fromHex(point);
    },
  );
  const sum = points.reduce((total, point) => (total as typeof point).add(point as never));
  const encoded =
    curve === "secp256k1" ? (sum as InstanceType<typeof secp256k1.Point>).toBytes(true) : sum.toBytes();
  if (Buffer.from(encoded).toString("hex") !== Buffer.from(publicKey).toString("hex"))
    throw new Error("round 0: the broadcast points do not add up to the public key");
}
