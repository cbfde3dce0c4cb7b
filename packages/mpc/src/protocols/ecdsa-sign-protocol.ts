// Threshold ECDSA over additive secp256k1 key shares, in two rounds, without a dealer: the nonce is the
// sum of every party's contribution and is only ever opened multiplied by a random mask. Each party
// outputs its share (r, σ_i) of the signature; the client adds the σ_i (the README has the analysis).
import { bytesToBigInt } from "@nillion/crypto";
import { InternalError } from "@nillion/types";
import type { OnlineProtocol } from "../protocol-implementation.js";
import type { RoundContext } from "../round-scheduler.js";
import { thresholdOperand } from "../step-operands.js";
import { CurveCodec } from "../threshold/curve-codec.js";
import { ScalarSharing } from "../threshold/scalar-sharing.js";
import { randomScalar, SECP256K1, scalarBytes } from "../threshold/signature-curve.js";
import type { ThresholdValue } from "../threshold/threshold-values.js";

const curve = SECP256K1;
const q = curve.order;

/**
 * `EcdsaSign` (the key, a 32-byte digest m). With [·]_d a Shamir sharing of degree d over Z_q:
 *
 * 1. Every party i draws k_i and γ_i, and sends every party j its points of fresh sharings [k_i]_T,
 *    [γ_i]_T, [x_i]_T (x_i: its key share), [0]_2T and [0]_(n−1), and broadcasts Γ_i = γ_i·G. Summing
 *    what it receives, party j holds its points of [k]_T, [γ]_T, [x]_T, [z]_2T, [w]_(n−1), with
 *    k = Σk_i, γ = Σγ_i, x = Σx_i, and Γ = ΣΓ_i = γ·G.
 * 2. Every party broadcasts δ_j = k_j·γ_j + z_j, a point of a fresh degree-2T sharing of kγ; all
 *    interpolate δ = kγ and compute R = δ⁻¹·Γ = k⁻¹·G and r = R.x mod q.
 *
 * Party j then outputs σ_j = λ_j·(k_j·m + r·k_j·x_j + w_j), λ_j its Lagrange coefficient at zero over all
 * n parties: Σσ_j = k·m + r·k·x + w(0) = k(m + r·x), the s of the signature (r, s) with nonce k⁻¹.
 */
export const ECDSA_SIGN_PROTOCOL: OnlineProtocol = {
  online: true,
  run: async (input, round): Promise<ThresholdValue> => {
    const key = thresholdOperand(input, 0, "ecdsaPrivateKeyShare");
    const digest = thresholdOperand(input, 1, "ecdsaMessageDigest").digest;
    const { r, sigma } = await sign(round, bytesToBigInt(key.x, "le"), bytesToBigInt(digest, "be") % q);
    return {
      kind: "threshold",
      type: { kind: "EcdsaSignature" },
      wire: { case: "ecdsaSignatureShare", value: { r: scalarBytes(r), sigma: scalarBytes(sigma) } },
    };
  },
};

async function sign(round: RoundContext, x: bigint, m: bigint): Promise<{ r: bigint; sigma: bigint }> {
  const { parties, degree, party, field } = round.sharing;
  const codec = new CurveCodec(curve, field.prime);
  const sharing = new ScalarSharing(curve, parties);

  // Round 1: deal the nonce, the mask and the key share; commit to the mask.
  const nonce = randomScalar(curve);
  const mask = randomScalar(curve);
  const dealt = [
    sharing.deal(nonce, degree),
    sharing.deal(mask, degree),
    sharing.deal(x, degree),
    sharing.deal(0n, 2 * degree),
    sharing.deal(0n, parties - 1),
  ];
  const commitment = codec.point(curve.base(mask));
  const first = await round.exchange(
    Array.from({ length: parties }, (_, j) => [
      ...dealt.flatMap((points) => codec.scalar(points[j] as bigint)),
      ...commitment,
    ]),
  );
  const sums = [0n, 0n, 0n, 0n, 0n];
  let gamma: ReturnType<typeof curve.base> | undefined;
  for (const [from, elements] of first.entries()) {
    const reader = codec.reader(elements, from);
    for (let s = 0; s < sums.length; s++) sums[s] = ((sums[s] as bigint) + reader.scalar()) % q;
    const point = reader.point();
    gamma = gamma === undefined ? point : gamma.add(point);
  }
  const [k, g, xj, z, w] = sums as [bigint, bigint, bigint, bigint, bigint];

  // Round 2: open δ = kγ through a re-randomised degree-2T sharing.
  const delta = codec.scalar((k * g + z) % q);
  const second = await round.exchange(Array.from({ length: parties }, () => delta));
  const deltas = second.map((elements, from) => codec.reader(elements, from).scalar());
  const kg = sharing.recombine(deltas);
  if (kg === 0n || gamma === undefined) throw new InternalError("ECDSA signing drew a zero nonce product");
  const point = gamma.multiply(curve.invert(kg));
  const r = bytesToBigInt(curve.encode(point).subarray(1), "be") % q;
  if (r === 0n) throw new InternalError("ECDSA signing drew a nonce whose r is zero");
  const sigma = (sharing.lambda(party) * ((k * m + r * ((k * xj) % q) + w) % q)) % q;
  return { r, sigma };
}
