// Threshold ECDSA and EdDSA signing and public_key() on every prime and cluster shape, with keys imported
// the client's way (SecretMasker's additive shares): every signature verifies with @noble/curves under
// the key's public key, the ECDSA shares add up as a client adds them, and two signatures of the same
// digest use different nonces.
import { SecretMasker, type WireKeyShare, type WireNamedValueInput } from "@nillion/crypto";
import {
  EcdsaPublicKey,
  type EcdsaSignature,
  EddsaPublicKey,
  type EddsaSignature,
  InternalError,
} from "@nillion/types";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import {
  type ChannelMessage,
  executeProgram,
  InMemoryNetwork,
  planExecution,
  simulateProgram,
} from "../src/index.js";
import { CLUSTERS, type Cluster, clusterName, partyIds, runProgram } from "./run-program.js";
import {
  ecdsaInputs,
  ecdsaKey,
  ecdsaProgram,
  ecdsaPublicKeyOf,
  ecdsaVerifies,
  eddsaInputs,
  eddsaKey,
  eddsaProgram,
  eddsaPublicKeyOf,
  eddsaVerifies,
  randomBytes,
} from "./threshold-programs.js";

const clusters = CLUSTERS.map((cluster) => [clusterName(cluster), cluster] as const);

describe.each(clusters)("%s", (_, cluster: Cluster) => {
  it("signs a digest with an ECDSA key in 2 rounds, verifiably under the key's public key", async () => {
    const key = ecdsaKey();
    const digest = randomBytes(32);
    const run = await runProgram(ecdsaProgram(), ecdsaInputs(key, digest), cluster);
    const outputs = run.outputs["P"] ?? {};
    const signature = outputs["signature"] as EcdsaSignature;
    expect(outputs["public_key"]).toEqual(new EcdsaPublicKey(ecdsaPublicKeyOf(key)));
    expect(ecdsaVerifies(signature, digest, ecdsaPublicKeyOf(key))).toBe(true);
    expect(ecdsaVerifies(signature, randomBytes(32), ecdsaPublicKeyOf(key))).toBe(false);
    for (const result of run.results) expect(result.traffic.rounds).toBe(2);
  });

  it("signs a message with an EdDSA key in 2 rounds; every party outputs the same signature", async () => {
    const key = eddsaKey();
    const message = randomBytes(100);
    const run = await runProgram(eddsaProgram(), eddsaInputs(key, message), cluster);
    const outputs = run.outputs["P"] ?? {};
    expect(outputs["public_key"]).toEqual(new EddsaPublicKey(eddsaPublicKeyOf(key)));
    expect(eddsaVerifies(outputs["signature"] as EddsaSignature, message, eddsaPublicKeyOf(key))).toBe(true);
    expect(
      eddsaVerifies(outputs["signature"] as EddsaSignature, randomBytes(100), eddsaPublicKeyOf(key)),
    ).toBe(false);
    const signatures = run.results.map((result) => result.outputs.get("P")?.[0]);
    expect(
      new Set(
        signatures.map((value) => JSON.stringify(value, (_, v) => (v instanceof Uint8Array ? [...v] : v))),
      ).size,
    ).toBe(1);
    for (const result of run.results) expect(result.traffic.rounds).toBe(2);
  });
});

describe("ECDSA signature shares", () => {
  const cluster = CLUSTERS[5] as Cluster; // 128-bit prime, n = 5, T = 2

  it("add up, as a client adds them, to s for the r every party reports", async () => {
    const key = ecdsaKey();
    const digest = randomBytes(32);
    const run = await runProgram(ecdsaProgram(), ecdsaInputs(key, digest), cluster);
    const shares = run.results.map((result) => {
      const value = result.outputs.get("P")?.[0]?.value.value;
      if (value?.case !== "ecdsaSignatureShare") throw new Error(`not a signature share: ${value?.case}`);
      return value.value;
    });
    const n = secp256k1.Point.Fn.ORDER;
    const le = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).reverse().toString("hex") || "0"}`);
    expect(new Set(shares.map((share) => le(share.r))).size).toBe(1);
    const r = le((shares[0] as { r: Uint8Array }).r);
    const s = shares.reduce((sum, share) => (sum + le(share.sigma)) % n, 0n);
    const low = s > n / 2n ? n - s : s;
    const signature = new secp256k1.Signature(r, low);
    expect(
      secp256k1.verify(signature.toBytes("compact"), digest, ecdsaPublicKeyOf(key), { prehash: false }),
    ).toBe(true);
  });

  it("come from a fresh nonce each time: two signatures of one digest differ in r", async () => {
    const key = ecdsaKey();
    const digest = randomBytes(32);
    const sign = async () =>
      (await runProgram(ecdsaProgram(), ecdsaInputs(key, digest), cluster)).outputs["P"]?.[
        "signature"
      ] as EcdsaSignature;
    const [first, second] = [await sign(), await sign()];
    expect(ecdsaVerifies(first, digest, ecdsaPublicKeyOf(key))).toBe(true);
    expect(ecdsaVerifies(second, digest, ecdsaPublicKeyOf(key))).toBe(true);
    expect(Buffer.from(first.r).equals(Buffer.from(second.r))).toBe(false);
  });
});

describe("EdDSA signatures", () => {
  const cluster = CLUSTERS[0] as Cluster; // 64-bit prime, n = 3, T = 1

  it("sign empty and long messages", async () => {
    const key = eddsaKey();
    for (const message of [new Uint8Array(), randomBytes(10_000)]) {
      const run = await runProgram(eddsaProgram(), eddsaInputs(key, message), cluster);
      expect(
        eddsaVerifies(run.outputs["P"]?.["signature"] as EddsaSignature, message, eddsaPublicKeyOf(key)),
      ).toBe(true);
    }
  });

  it("come from a fresh nonce each time: two signatures of one message differ in R", async () => {
    const key = eddsaKey();
    const message = randomBytes(32);
    const sign = async () =>
      (await runProgram(eddsaProgram(), eddsaInputs(key, message), cluster)).outputs["P"]?.[
        "signature"
      ] as EddsaSignature;
    const [first, second] = [await sign(), await sign()];
    expect(eddsaVerifies(first, message, eddsaPublicKeyOf(key))).toBe(true);
    expect(Buffer.from(first.r).equals(Buffer.from(second.r))).toBe(false);
  });
});

describe("key shares", () => {
  const cluster = CLUSTERS[2] as Cluster; // 64-bit prime, n = 5, T = 2
  const masker = new SecretMasker({ ...cluster, parties: partyIds(cluster.parties) });
  const sharesOf = () => masker.mask(ecdsaInputs(ecdsaKey(), randomBytes(32))).map((party) => party.values);
  const simulate = (inputs: ReturnType<typeof sharesOf>) =>
    simulateProgram(planExecution(ecdsaProgram()), { ...cluster, inputs });

  it("are refused when a party holds another party's share, before anything is sent", async () => {
    const inputs = sharesOf();
    const [first, second] = inputs;
    const sent: ChannelMessage[] = [];
    const network = new InMemoryNetwork(cluster.parties, { onMessage: (message) => sent.push(message) });
    await expect(
      executeProgram(planExecution(ecdsaProgram()), {
        ...cluster,
        parties: cluster.parties,
        party: 0,
        inputs: second ?? [],
        channel: network.channel(0),
      }),
    ).rejects.toThrow('invalid values: input "key" the key share has index 1, but this is party 0');
    expect(sent).toEqual([]);
    await expect(simulate([second ?? [], first ?? [], ...inputs.slice(2)])).rejects.toThrow(
      "but this is party",
    );
  });

  type Tamper = (share: WireKeyShare, foreign: WireKeyShare) => WireKeyShare;
  it.each<[string, Tamper, string]>([
    [
      "an x that does not match its public share",
      (share) => ({ ...share, x: new Uint8Array(32).fill(7) }),
      "does not match public share",
    ],
    [
      "a public share that is not a point",
      (share) => ({
        ...share,
        publicShares: share.publicShares.map((p, j) => (j === 3 ? new Uint8Array(33).fill(9) : p)),
      }),
      "bytes that are not a secp256k1 point",
    ],
    [
      "public shares of another key",
      (share, foreign) => ({ ...share, publicShares: foreign.publicShares }),
      "do not add up to its shared public key",
    ],
    [
      "too few public shares",
      (share) => ({ ...share, publicShares: share.publicShares.slice(1) }),
      "lists 4 public shares for 5 parties",
    ],
  ])("are refused with %s", async (_, tamper, message) => {
    const inputs = sharesOf();
    const foreign = sharesOf();
    const keyOf = (values: readonly WireNamedValueInput[]) => {
      const value = values.find((v) => v.name === "key")?.value?.value;
      if (value?.case !== "ecdsaPrivateKeyShare") throw new Error("no key share");
      return value.value as WireKeyShare;
    };
    const tampered = inputs.map((values, party) =>
      values.map((value) =>
        value.name === "key"
          ? {
              name: "key",
              value: {
                value: {
                  case: "ecdsaPrivateKeyShare" as const,
                  value: tamper(keyOf(values), keyOf(foreign[party] ?? [])),
                },
              },
            }
          : value,
      ),
    );
    await expect(simulate(tampered)).rejects.toThrow(message);
  });
});

describe("a peer that sends something other than the protocol's values", () => {
  it("fails the computation as a protocol violation", async () => {
    const cluster = CLUSTERS[0] as Cluster;
    const masker = new SecretMasker({ ...cluster, parties: partyIds(cluster.parties) });
    const inputs = masker.mask(eddsaInputs(eddsaKey(), randomBytes(8))).map((party) => party.values);
    const network = new InMemoryNetwork(cluster.parties);
    const plan = planExecution(eddsaProgram());
    const runs = inputs.map((values, party) => {
      const channel = network.channel(party);
      return executeProgram(plan, {
        ...cluster,
        parties: cluster.parties,
        party,
        inputs: values,
        // Party 2 commits to bytes that decode to no point: every limb at its largest.
        channel:
          party === 2
            ? {
                ...channel,
                send: (m) => channel.send({ ...m, elements: m.elements.map(() => (1n << 56n) - 1n) }),
              }
            : channel,
      });
    });
    // Parties 0 and 1 fail reading party 2's first message; party 2 then waits until the network closes.
    const outcomes = await Promise.allSettled(runs.slice(0, 2));
    network.close(new Error("the computation stopped"));
    await expect(runs[2]).rejects.toThrow("the computation stopped");
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const reason = (outcome as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(InternalError);
      expect(String(reason.message)).toContain("protocol violation: party 2 sent something other than");
    }
  });
});
