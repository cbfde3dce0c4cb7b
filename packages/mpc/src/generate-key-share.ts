// Distributed key generation for threshold ECDSA and EdDSA keys: every party contributes a random
// additive share of a key that no one ever holds whole.
import type { PrimeName, WireKeyShare } from "@nillion/crypto";
import { InternalError } from "@nillion/types";
import type { Channel } from "./channel.js";
import { PartySharing } from "./party-sharing.js";
import { RoundScheduler, type Traffic } from "./round-scheduler.js";
import { CurveCodec } from "./threshold/curve-codec.js";
import {
  type CurvePoint,
  ED25519,
  randomScalar,
  SECP256K1,
  scalarBytes,
} from "./threshold/signature-curve.js";

/**
 * What one party needs to take part in a key generation.
 *
 * @example
 * ```ts
 * import type { GenerateKeyShareOptions } from "@nillion/mpc";
 *
 * const options: GenerateKeyShareOptions = {
 *   curve: "secp256k1", prime: "SAFE_256_BITS", parties: 3, degree: 1, party: myRank, channel,
 * };
 * ```
 */
export interface GenerateKeyShareOptions {
  /** `secp256k1` for an ECDSA key, `ed25519` for an EdDSA key. */
  readonly curve: "secp256k1" | "ed25519";
  /** `Cluster.prime`, by name or wire number: the channel carries field elements of this prime. */
  readonly prime: PrimeName | number;
  /** n, the number of parties. */
  readonly parties: number;
  /** T, the cluster's polynomial degree (n ≥ 2T + 1); the key itself is n-of-n. */
  readonly degree: number;
  /** This party's index 0…n−1: its rank in ascending node-id order. */
  readonly party: number;
  readonly channel: Channel;
}

/**
 * One party's outcome of a key generation.
 *
 * @example
 * ```ts
 * import type { KeyShareResult } from "@nillion/mpc";
 *
 * const store = (result: KeyShareResult) => ({ name: "tecdsa_private_key", value: { value: { case: "ecdsaPrivateKeyShare", value: result.keyShare } } });
 * ```
 */
export interface KeyShareResult {
  /** This party's share, in the layout nodes store and validate: `{ i, x, sharedPublicKey, publicShares }`. */
  readonly keyShare: WireKeyShare;
  /** The key's public point: 33-byte compressed secp256k1 or 32-byte Ed25519. The same on every party. */
  readonly publicKey: Uint8Array;
  /** Rounds run and what this party sent; `bytes` counts field elements at the prime's width. */
  readonly traffic: Traffic & { readonly bytes: number };
}

/**
 * Runs one party of a key generation, in one round: party i draws a non-zero scalar x_i and broadcasts
 * X_i = x_i·G; the key is x = Σx_i, its public key ΣX_i. Party i keeps `{ i, x_i, ΣX_j, [X_0…X_(n−1)] }`, an
 * n-of-n additive share exactly like those a client's masker makes when it imports a key, so both sign
 * alike. Semi-honest: a party that chose its X_i after seeing the others' could bias the key.
 *
 * @throws {InvalidArgumentError} for bad parameters (n < 2T + 1, T < 1, a rank outside 0…n−1)
 * @throws {InternalError} when a peer sends something that is not a point, and whatever the channel
 * rejects with
 *
 * @example
 * ```ts
 * import { generateKeyShare } from "@nillion/mpc";
 *
 * const { keyShare, publicKey } = await generateKeyShare({ curve: "ed25519", prime: "SAFE_64_BITS", parties: 5, degree: 2, party, channel });
 * ```
 */
export async function generateKeyShare(options: GenerateKeyShareOptions): Promise<KeyShareResult> {
  const sharing = new PartySharing(options);
  const curve = options.curve === "secp256k1" ? SECP256K1 : ED25519;
  const codec = new CurveCodec(curve, options.prime);
  const scheduler = new RoundScheduler(sharing, options.channel);
  const x = randomScalar(curve);
  const [points] = await scheduler.run([
    async (round) => {
      const own = codec.point(curve.base(x));
      const received = await round.exchange(Array.from({ length: sharing.parties }, () => own));
      return received.map((elements, from) => codec.reader(elements, from).point());
    },
  ]);
  const publicShares = points as CurvePoint[];
  const shared = publicShares.reduce((sum, point) => sum.add(point));
  if (shared.is0()) throw new InternalError("key generation drew shares that add up to zero");
  const publicKey = curve.encode(shared);
  const { traffic } = scheduler;
  return {
    keyShare: {
      i: sharing.party,
      x: scalarBytes(x),
      sharedPublicKey: publicKey,
      publicShares: publicShares.map((point) => curve.encode(point)),
    },
    publicKey,
    traffic: { ...traffic, bytes: traffic.elements * sharing.field.byteLength },
  };
}
