// Distributed key generation on every prime and cluster shape, for both curves: one round, shares in the
// layout the node validates and the client's masker reads back, and keys that sign — verified with
// @noble/curves under the public key the generation returned.
import { compareBytes, SecretMasker, type WireNamedValueInput } from "@nillion/crypto";
import {
  EcdsaDigestMessage,
  type EcdsaPrivateKey,
  type EcdsaSignature,
  EddsaMessage,
  type EddsaPrivateKey,
  type EddsaSignature,
  InvalidArgumentError,
} from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import {
  BytePacking,
  generateKeyShare,
  InMemoryNetwork,
  type KeyShareResult,
  planExecution,
  simulateProgram,
} from "../src/index.js";
import { CLUSTERS, type Cluster, clusterName, partyIds } from "./run-program.js";
import {
  ecdsaProgram,
  ecdsaVerifies,
  eddsaProgram,
  eddsaPublicKeyOf,
  eddsaVerifies,
  randomBytes,
} from "./threshold-programs.js";

type Curve = "secp256k1" | "ed25519";

/** Party k's id: the k-th smallest. */
const rankedIds = (cluster: Cluster) => partyIds(cluster.parties).sort(compareBytes);

/** Every party of one key generation. */
export async function generateKey(cluster: Cluster, curve: Curve): Promise<KeyShareResult[]> {
  const network = new InMemoryNetwork(cluster.parties);
  return Promise.all(
    Array.from({ length: cluster.parties }, (_, party) =>
      generateKeyShare({ ...cluster, curve, party, channel: network.channel(party) }),
    ),
  );
}

/** Party k's inputs of the sign program: its generated key share and the public message. */
function signInputs(
  results: readonly KeyShareResult[],
  curve: Curve,
  message: Uint8Array,
  cluster: Cluster,
): WireNamedValueInput[][] {
  const masker = new SecretMasker({ ...cluster, parties: partyIds(cluster.parties) });
  const publicInput =
    curve === "secp256k1"
      ? { digest: new EcdsaDigestMessage(message) }
      : { message: new EddsaMessage(message) };
  return masker.mask(publicInput).map((party, k) => [
    ...party.values,
    {
      name: "key",
      value: {
        value: {
          case: curve === "secp256k1" ? "ecdsaPrivateKeyShare" : "eddsaPrivateKeyShare",
          value: (results[k] as KeyShareResult).keyShare,
        },
      },
    },
  ]);
}

const cases = CLUSTERS.flatMap((cluster) =>
  (["secp256k1", "ed25519"] as const).map(
    (curve) => [`${clusterName(cluster)} ${curve}`, cluster, curve] as const,
  ),
);

describe.each(cases)("%s", (_, cluster, curve) => {
  it("generates in one round a key whose shares are consistent on every party", async () => {
    const results = await generateKey(cluster, curve);
    const [first] = results as [KeyShareResult];
    const pointLength = curve === "secp256k1" ? 33 : 32;
    expect(first.publicKey).toHaveLength(pointLength);
    for (const [party, result] of results.entries()) {
      expect(result.publicKey).toEqual(first.publicKey);
      expect(result.keyShare.i).toBe(party);
      expect(result.keyShare.sharedPublicKey).toEqual(first.publicKey);
      expect(result.keyShare.publicShares).toEqual(first.keyShare.publicShares);
      expect(result.traffic.rounds).toBe(1);
      // One point to every peer, packed into limbs of the prime's width.
      const limbs = BytePacking.of(cluster.prime).limbs(pointLength);
      expect(result.traffic.elements).toBe((cluster.parties - 1) * limbs);
    }
    // The client's masker checks the shares as the node does and adds them up to the private key.
    const masker = new SecretMasker({ ...cluster, parties: partyIds(cluster.parties) });
    const type = curve === "secp256k1" ? "ecdsaPrivateKeyShare" : "eddsaPrivateKeyShare";
    const key = masker.unmask(
      results.map((result, k) => ({
        party: rankedIds(cluster)[k] as Uint8Array,
        values: [{ name: "key", value: { value: { case: type, value: result.keyShare } } }],
      })),
    )["key"] as EcdsaPrivateKey | EddsaPrivateKey;
    const publicKey =
      curve === "secp256k1"
        ? secp256k1.getPublicKey(key.value, true)
        : eddsaPublicKeyOf(key as EddsaPrivateKey);
    expect(publicKey).toEqual(first.publicKey);
  });

  it("generates a key that signs, verifiably under the public key it returned", async () => {
    const results = await generateKey(cluster, curve);
    const publicKey = (results[0] as KeyShareResult).publicKey;
    const message = randomBytes(32);
    const program = curve === "secp256k1" ? ecdsaProgram() : eddsaProgram();
    const outputs = await simulateProgram(planExecution(program), {
      ...cluster,
      inputs: signInputs(results, curve, message, cluster),
    });
    const masker = new SecretMasker({ ...cluster, parties: partyIds(cluster.parties) });
    const unmasked = masker.unmask(
      outputs.map((result, k) => ({
        party: rankedIds(cluster)[k] as Uint8Array,
        values: result.outputs.get("P") ?? [],
      })),
    );
    expect(unmasked["public_key"]?.value).toEqual(publicKey);
    const verifies =
      curve === "secp256k1"
        ? ecdsaVerifies(unmasked["signature"] as EcdsaSignature, message, publicKey)
        : eddsaVerifies(unmasked["signature"] as EddsaSignature, message, publicKey);
    expect(verifies).toBe(true);
  });
});

describe("key generation", () => {
  const cluster = CLUSTERS[0] as Cluster;

  it("draws a new key every time", async () => {
    const keys = await Promise.all([generateKey(cluster, "ed25519"), generateKey(cluster, "ed25519")]);
    expect(keys[0]?.[0]?.publicKey).not.toEqual(keys[1]?.[0]?.publicKey);
  });

  it("refuses bad cluster parameters before sending anything", async () => {
    const network = new InMemoryNetwork(2);
    const base = { curve: "secp256k1", prime: "SAFE_64_BITS", channel: network.channel(0) } as const;
    await expect(generateKeyShare({ ...base, parties: 2, degree: 1, party: 0 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(generateKeyShare({ ...base, parties: 3, degree: 1, party: 3 })).rejects.toThrow(
      "party must be an index in 0…2, got 3",
    );
  });
});
