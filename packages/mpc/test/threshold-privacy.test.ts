// The complete transcripts of key generation and of ECDSA and EdDSA signing, audited on every prime and
// cluster shape (see threshold-audit.ts): key generation broadcasts only public points; ECDSA sends only
// points of fresh sharings, a commitment to the mask, and opens only the masked product k·γ; EdDSA opens
// only nonce commitments and signature shares masked by fresh nonces. The nonce and the key never
// travel, and two signatures of one digest or message use different nonces. The auditor is shown to
// catch a protocol that opens the nonce or sends an unmasked signature share.
import { bytesToBigInt } from "@nillion/crypto";
import type { EcdsaSignature, EddsaSignature } from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { BytePacking, type ChannelMessage, generateKeyShare, InMemoryNetwork } from "../src/index.js";
import { CLUSTERS, type Cluster, clusterName, runProgram } from "./run-program.js";
import {
  auditEcdsaTranscript,
  auditEddsaTranscript,
  auditKeyGenerationTranscript,
} from "./threshold-audit.js";
import {
  ecdsaInputs,
  ecdsaKey,
  ecdsaProgram,
  eddsaInputs,
  eddsaKey,
  eddsaProgram,
  eddsaPublicKeyOf,
  randomBytes,
} from "./threshold-programs.js";

/** Signs `digest` with `key`, recording the transcript. */
async function ecdsaTranscript(cluster: Cluster, key = ecdsaKey(), digest = randomBytes(32)) {
  const messages: ChannelMessage[] = [];
  const run = await runProgram(ecdsaProgram(), ecdsaInputs(key, digest), cluster, (m) => messages.push(m));
  const signature = run.outputs["P"]?.["signature"] as EcdsaSignature;
  return { messages, key: bytesToBigInt(key.value, "be"), r: bytesToBigInt(signature.r, "be") };
}

/** Signs `message` with `key`, recording the transcript and the public shares of the key's split. */
async function eddsaTranscript(cluster: Cluster, key = eddsaKey(), message = randomBytes(40)) {
  const messages: ChannelMessage[] = [];
  const run = await runProgram(eddsaProgram(), eddsaInputs(key, message), cluster, (m) => messages.push(m));
  const share = run.inputs[0]?.find((value) => value.name === "key")?.value.value;
  const signature = run.outputs["P"]?.["signature"] as EddsaSignature | undefined;
  if (share?.case !== "eddsaPrivateKeyShare" || signature === undefined)
    throw new Error("no key share or signature");
  return {
    messages,
    expected: {
      message,
      publicKey: eddsaPublicKeyOf(key),
      publicShares: share.value.publicShares,
      signature: signature.value,
      key: bytesToBigInt(key.value, "le"),
    },
  };
}

describe.each(CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const))("%s", (_, cluster) => {
  it("key generation broadcasts one point per party, nothing else", async () => {
    for (const curve of ["secp256k1", "ed25519"] as const) {
      const messages: ChannelMessage[] = [];
      const network = new InMemoryNetwork(cluster.parties, { onMessage: (m) => messages.push(m) });
      const results = await Promise.all(
        Array.from({ length: cluster.parties }, (_, party) =>
          generateKeyShare({ ...cluster, curve, party, channel: network.channel(party) }),
        ),
      );
      auditKeyGenerationTranscript(messages, cluster, curve, results[0]?.publicKey as Uint8Array);
    }
  });

  it("ECDSA opens only the masked product k·γ, and two signatures of one digest use different nonces", async () => {
    const key = ecdsaKey();
    const digest = randomBytes(32);
    const first = await ecdsaTranscript(cluster, key, digest);
    const second = await ecdsaTranscript(cluster, key, digest);
    const audits = [first, second].map((run) => auditEcdsaTranscript(run.messages, cluster, run));
    expect(audits[0]?.k).not.toBe(audits[1]?.k);
    expect(first.r).not.toBe(second.r);
  });

  it("EdDSA opens only nonce commitments and masked signature shares, with fresh nonces each time", async () => {
    const key = eddsaKey();
    const message = randomBytes(40);
    const [first, second] = [
      await eddsaTranscript(cluster, key, message),
      await eddsaTranscript(cluster, key, message),
    ];
    const audits = [first, second].map((run) => auditEddsaTranscript(run.messages, cluster, run.expected));
    const shared = audits[0]?.commitments.filter((point) => audits[1]?.commitments.includes(point));
    expect(shared).toEqual([]);
  });
});

describe("the threshold auditor", () => {
  const cluster = CLUSTERS[4] as Cluster; // 128-bit prime, n = 5, T = 1
  const packing = BytePacking.of(cluster.prime);

  it("catches an ECDSA round that opens the nonce instead of the masked product", async () => {
    const run = await ecdsaTranscript(cluster);
    const { k } = auditEcdsaTranscript(run.messages, cluster, run);
    // Round 1 as a leaky engine would send it: each party's point of a degree-T sharing of k itself.
    const q = secp256k1.Point.Fn.ORDER;
    const leaked = run.messages.map((m) =>
      m.round === 1 ? { ...m, elements: packing.pack(scalar((k + BigInt(m.from + 1) * 12345n) % q)) } : m,
    );
    expect(() => auditEcdsaTranscript(leaked, cluster, run)).toThrow("which is not the masked product k·γ");
  });

  it("catches an ECDSA round that opens k·γ without re-randomising its sharing", async () => {
    const run = await ecdsaTranscript(cluster);
    const { nonceShares, maskShares } = auditEcdsaTranscript(run.messages, cluster, run);
    const q = secp256k1.Point.Fn.ORDER;
    const plain = run.messages.map((m) =>
      m.round === 1
        ? {
            ...m,
            elements: packing.pack(
              scalar(((nonceShares[m.from] as bigint) * (maskShares[m.from] as bigint)) % q),
            ),
          }
        : m,
    );
    expect(() => auditEcdsaTranscript(plain, cluster, run)).toThrow("is not re-randomised");
  });

  it("catches an EdDSA signature share sent without its nonce", async () => {
    const run = await eddsaTranscript(cluster);
    const unmasked = run.messages.map((m) =>
      m.round === 1 && m.from === 2 ? { ...m, elements: packing.pack(scalar(run.expected.key)) } : m,
    );
    expect(() => auditEddsaTranscript(unmasked, cluster, run.expected)).toThrow(
      "the key travels in the clear",
    );
  });
});

function scalar(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  let rest = value;
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
