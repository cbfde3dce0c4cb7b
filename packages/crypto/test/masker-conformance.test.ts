// Conformance with the official masker (client-wasm 0.3.1, protobuf era): we reconstruct its shares,
// encode its shares to the same bytes, and produce shares of the same structure that reconstruct.
import {
  classifyValues,
  encodeNamedValue,
  payloadSize,
  SecretMasker,
  type WireNamedValue,
  type WireValue,
} from "@nillion/crypto";
import { bytesToHex, hexToBytes, type NadaValues, ValueValidationError } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { clusterOf, namedFromRecords, primeOf, valueFromRecord, vectors, wireFromRecord } from "./vectors.js";

function maskerFor(clusterId: string): SecretMasker {
  const cluster = clusterOf(clusterId);
  return new SecretMasker({
    prime: primeOf(cluster.primeBits),
    degree: cluster.degree,
    parties: cluster.partiesInputOrder.map((id) => hexToBytes(id)),
  });
}

function inputsOf(vector: (typeof vectors.vectors)[number]): NadaValues {
  return Object.fromEntries(
    Object.entries(vector.inputs).map(([name, record]) => [name, valueFromRecord(record)]),
  );
}

/** The deterministic part of a share: random bytes replaced by their length. */
function structure(value: WireValue): unknown {
  const c = value.value;
  switch (c.case) {
    case "shamirShareInteger":
    case "shamirShareUnsignedInteger":
    case "shamirShareBoolean":
      return [c.case, c.value.value.length];
    case "shamirSharesBlob":
      return [c.case, c.value.shares.map((share) => share.value.length), c.value.originalSize];
    case "ecdsaPrivateKeyShare":
    case "eddsaPrivateKeyShare":
      return [
        c.case,
        c.value.i,
        c.value.x.length,
        bytesToHex(c.value.sharedPublicKey),
        c.value.publicShares.map((p) => p.length),
      ];
    case "ecdsaSignatureShare":
      return [c.case, bytesToHex(c.value.r), c.value.sigma.length];
    case "array":
      return [c.case, c.value.values.map(structure), c.value.innerType];
    case "tuple":
      return [c.case, structure(c.value.left), structure(c.value.right)];
    default:
      return [c.case, c.value];
  }
}

const masked = vectors.vectors.filter((v) => v.masked && v.masked.length > 0);

describe("official shares", () => {
  it.each(masked.map((v) => [v.id, v] as const))(
    "%s: reconstructs the official shares to the official result",
    (_, vector) => {
      const masker = maskerFor(vector.cluster);
      const result = masker.unmask(
        (vector.masked ?? []).map((party) => ({
          party: party.party,
          values: namedFromRecords(party.to_js_object),
        })),
      );
      const expected = vector.unmasked ?? {};
      expect(Object.keys(result).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, record] of Object.entries(expected)) {
        expect(result[name]?.equals(valueFromRecord(record)), `${name}: ${result[name]}`).toBe(true);
      }
    },
  );

  it.each(masked.map((v) => [v.id, v] as const))(
    "%s: encodes the official shares to the official NamedValue bytes and payload size",
    (_, vector) => {
      for (const party of vector.masked ?? []) {
        const named = namedFromRecords(party.to_js_object);
        for (const value of named) {
          expect(bytesToHex(encodeNamedValue(value))).toBe(party.protobuf_named_value_hex[value.name]);
        }
        expect(payloadSize(named)).toBe(party.client_vms_payload_size);
      }
    },
  );

  it.each(vectors.vectors.map((v) => [v.id, v] as const))(
    "%s: classifies values like the official client",
    (_, vector) => {
      const cluster = clusterOf(vector.cluster);
      const counts = classifyValues(inputsOf(vector), primeOf(cluster.primeBits));
      expect(counts).toEqual({
        secretShared: Number(vector.classify_values["shares"]),
        publicValues: Number(vector.classify_values["public"]),
        ecdsaPrivateKeyShares: Number(vector.classify_values["ecdsa_private_key_shares"]),
        ecdsaSignatureShares: Number(vector.classify_values["ecdsa_signature_shares"]),
      });
    },
  );

  it.each(vectors.foreign_shares.map((f) => [`${f.cluster} ${f.name}`, f] as const))(
    "foreign %s: reconstructs to what the official unmasker gave",
    (_, foreign) => {
      const result = maskerFor(foreign.cluster).unmask(
        foreign.shares.map((party) => ({ party: party.party, values: namedFromRecords(party.records) })),
      );
      for (const [name, record] of Object.entries(foreign.official_unmask)) {
        expect(result[name]?.equals(valueFromRecord(record)), `${name}: ${result[name]}`).toBe(true);
      }
    },
  );
});

describe("our shares", () => {
  it.each(masked.map((v) => [v.id, v] as const))(
    "%s: have the official structure, bytes where deterministic, and unmask to the input",
    (_, vector) => {
      const masker = maskerFor(vector.cluster);
      const inputs = inputsOf(vector);
      const ours = masker.mask(inputs);
      const official = vector.masked ?? [];
      expect(ours.map((p) => p.partyHex).sort()).toEqual(official.map((p) => p.party).sort());
      for (const party of ours) {
        const theirs = official.find((p) => p.party === party.partyHex);
        const theirNamed = new Map(
          Object.entries(theirs?.to_js_object ?? {}).map(([name, record]) => [name, wireFromRecord(record)]),
        );
        // An empty blob is the one documented difference: we keep it, the official masker drops it.
        const kept = party.values.filter((v: WireNamedValue) => !isEmptyBlob(inputs[v.name]));
        expect(kept.map((v: WireNamedValue) => v.name).sort()).toEqual([...theirNamed.keys()].sort());
        for (const value of kept) {
          const their = theirNamed.get(value.name) as WireValue;
          expect(structure(value.value)).toEqual(structure(their));
          expect(encodeNamedValue(value).length * 2).toBe(
            theirs?.protobuf_named_value_hex[value.name]?.length,
          );
        }
        expect(payloadSize(kept)).toBe(theirs?.client_vms_payload_size);
      }
      const back = masker.unmask(ours);
      for (const [name, value] of Object.entries(inputs)) {
        expect(back[name]?.equals(normalised(value)), `${name}: ${back[name]} vs ${value}`).toBe(true);
      }
    },
  );

  it.each(vectors.vectors.filter((v) => v.mask_error).map((v) => [v.id, v] as const))(
    "%s: rejects what the official masker rejects (%s)",
    (_, vector) => {
      const masker = maskerFor(vector.cluster);
      expect(() => masker.mask(inputsOf(vector))).toThrow(ValueValidationError);
      expect(() => masker.mask(inputsOf(vector))).toThrow(
        /^overflow: Secret(Unsigned)?Integer "\w+" = -?\d+ is (outside|not below)/,
      );
    },
  );

  it("keeps an empty blob as a blob of zero chunks at every party (the official masker drops it)", () => {
    const vector = vectors.vectors.find((v) => v.id === "v020");
    expect(vector?.masked).toEqual([]);
    const masker = maskerFor("3p-testnet1-ids-p256-t1");
    const ours = masker.mask(inputsOf(vector as (typeof vectors.vectors)[number]));
    expect(ours).toHaveLength(3);
    for (const party of ours) {
      expect(bytesToHex(encodeNamedValue(party.values[0] as WireNamedValue))).toBe(
        `0a${"blob_empty".length.toString(16).padStart(2, "0")}${bytesToHex(new TextEncoder().encode("blob_empty"))}12024a00`,
      );
    }
    expect(masker.unmask(ours)["blob_empty"]?.value).toEqual(new Uint8Array());
  });
});

function isEmptyBlob(value: NadaValues[string] | undefined): boolean {
  return value?.type === "SecretBlob" && value.value.length === 0;
}

/** What unmasking gives back for an input: the official unmasker normalises signatures to low-s. */
function normalised(value: NadaValues[string]): NadaValues[string] {
  if (value.type !== "EcdsaSignature") return value;
  const order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const s = BigInt(`0x${bytesToHex(value.s)}`);
  if (s <= order / 2n) return value;
  const low = hexToBytes((order - s).toString(16).padStart(64, "0"));
  return new (value.constructor as new (v: { r: Uint8Array; s: Uint8Array }) => typeof value)({
    r: value.r,
    s: low,
  });
}
