// The masker's edge cases, after the official file's `errors_and_edge_cases` (ids quoted). Where the
// official unmasker silently returns a wrong value we fail with an error that says what is wrong.
import { type PartyShares, SecretMasker, type WireNamedValue, type WireValue } from "@nillion/crypto";
import {
  EcdsaPrivateKey,
  EcdsaSignature,
  EddsaSignature,
  hexToBytes,
  Integer,
  InvalidArgumentError,
  SecretBlob,
  SecretInteger,
} from "@nillion/types";
import { describe, expect, it } from "vitest";
import { vectors } from "./vectors.js";

const ids = ["01", "02", "03"].map((h) => hexToBytes(h));
const masker = new SecretMasker({ prime: "SAFE_64_BITS", degree: 1, parties: ids });
const p64 = 18446744072637906947n;

/** Replaces the value `name` at party `index` of `shares`. */
function edit(
  shares: PartyShares[],
  index: number,
  name: string,
  change: (value: WireValue) => WireValue | undefined,
): PartyShares[] {
  return shares.map((party, k) =>
    k !== index
      ? party
      : {
          ...party,
          values: party.values.flatMap((named: WireNamedValue) => {
            if (named.name !== name) return [named];
            const changed = change(named.value);
            return changed ? [{ name, value: changed }] : [];
          }),
        },
  );
}

const element = (value: WireValue) => (value.value as { value: { value: Uint8Array } }).value.value;
const withElement = (value: WireValue, bytes: Uint8Array): WireValue => ({
  value: { ...(value.value as object), value: { value: bytes } } as WireValue["value"],
});
type BlobPart = { readonly shares: { readonly value: Uint8Array }[]; readonly originalSize: bigint };
const blobPart = (value: WireValue): BlobPart => {
  if (value.value.case !== "shamirSharesBlob") throw new Error(`not a blob: ${value.value.case}`);
  return value.value.value;
};
const le = (x: bigint, length = 8) =>
  Uint8Array.from({ length }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
const fromLe = (bytes: Uint8Array) => bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

describe("masker construction", () => {
  const official = (id: string) => vectors.errors_and_edge_cases.find((c) => c.id === id);

  it("masker-degree == n: rejects a degree the parties cannot carry", () => {
    expect(official("masker-degree == n")?.error).toMatch(/polynomial degree too high/);
    expect(() => new SecretMasker({ prime: "SAFE_64_BITS", degree: 3, parties: ids })).toThrow(
      /polynomial degree too high for provided parties: degree 3 needs at least 4 parties, got 3/,
    );
    expect(() => new SecretMasker({ prime: "SAFE_64_BITS", degree: 0, parties: [] })).toThrow(
      InvalidArgumentError,
    );
  });

  it("masker-255 parties: supports 254 parties, rejects 255", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => Uint8Array.of(i >> 8, i & 0xff));
    const big = new SecretMasker({ prime: "SAFE_64_BITS", degree: 1, parties: many(254) });
    expect(big.unmask(big.mask({ v: new SecretInteger(9n) }))["v"]?.equals(new SecretInteger(9n))).toBe(true);
    expect(() => new SecretMasker({ prime: "SAFE_64_BITS", degree: 1, parties: many(255) })).toThrow(
      /too many parties: 255/,
    );
  });

  it("masker-duplicate party ids: rejected (the official masker renumbers them silently)", () => {
    expect(
      () =>
        new SecretMasker({
          prime: "SAFE_64_BITS",
          degree: 1,
          parties: [ids[0], ids[0], ids[1]] as Uint8Array[],
        }),
    ).toThrow(/duplicate party id 01/);
  });

  it("orders parties by bytes, a proper prefix first, whatever the input order", () => {
    const m = new SecretMasker({
      prime: "SAFE_64_BITS",
      degree: 1,
      parties: ["02", "0100", "01"].map((h) => hexToBytes(h)),
    });
    expect(m.parties.map((p) => [p.hex, p.x])).toEqual([
      ["01", 1n],
      ["0100", 2n],
      ["02", 3n],
    ]);
  });

  it("rejects unknown primes and bad degrees", () => {
    expect(() => new SecretMasker({ prime: 7, degree: 1, parties: ids })).toThrow(/unknown prime 7/);
    expect(() => new SecretMasker({ prime: "SAFE_64_BITS", degree: -1, parties: ids })).toThrow(
      /non-negative integer/,
    );
  });

  it("ctor-EddsaSignature-bad-r: an R that is not an Ed25519 point is rejected when masking", () => {
    const official = vectors.errors_and_edge_cases.find((c) => c.id === "ctor-EddsaSignature-bad-r");
    const { r, z } = (official?.input ?? {}) as { r: string; z: string };
    const signature = new EddsaSignature({ r: hexToBytes(r), z: hexToBytes(z) });
    expect(() => masker.mask({ sig: signature })).toThrow(
      /EddsaSignature "sig": its R component is not a valid Ed25519 point/,
    );
  });

  it("cannot split keys and signatures among fewer than 2 parties", () => {
    const single = new SecretMasker({ prime: "SAFE_64_BITS", degree: 0, parties: [ids[0] as Uint8Array] });
    expect(() => single.mask({ k: new EcdsaPrivateKey(new Uint8Array(32).fill(1)) })).toThrow(
      /needs at least 2 parties/,
    );
  });
});

describe("unmasking", () => {
  const shares = masker.mask({ v: new SecretInteger(1234n), w: new SecretInteger(88n) });

  it("unmask-two-of-three: degree + 1 parties are enough", () => {
    expect(masker.unmask(shares.slice(0, 2))["v"]?.equals(new SecretInteger(1234n))).toBe(true);
  });

  it("unmask-one-of-three: too few shares is an error, not a wrong value", () => {
    expect(() => masker.unmask(shares.slice(0, 1))).toThrow(
      /too few shares: 1 of 3 parties sent one, reconstruction needs 2/,
    );
  });

  it("unmask-no-parties: nothing in, nothing out", () => {
    expect(masker.unmask([])).toEqual({});
  });

  it("unmask-unknown-party and unmask-duplicate-party", () => {
    expect(() => masker.unmask([{ ...(shares[0] as PartyShares), party: hexToBytes("04") }])).toThrow(
      /party 04, which is not a member/,
    );
    expect(() => masker.unmask([shares[0] as PartyShares, shares[0] as PartyShares])).toThrow(
      /party 01 provided shares twice/,
    );
  });

  it("unmask-tampered-share: a share off the polynomial is detected and named", () => {
    const tampered = edit(shares, 2, "v", (value) =>
      withElement(value, le((fromLe(element(value)) + 1n) % p64)),
    );
    expect(() => masker.unmask(tampered)).toThrow(
      /"v": the share from party 03 does not lie on the degree-1 polynomial through the shares of parties 01, 02/,
    );
  });

  it("unmask-share-plus-p: a non-canonical share is reduced, as nodes do", () => {
    const shifted = edit(shares, 0, "v", (value) => {
      const x = fromLe(element(value)) + p64;
      return x < 2n ** 64n ? withElement(value, le(x)) : value;
    });
    expect(masker.unmask(shifted)["v"]?.equals(new SecretInteger(1234n))).toBe(true);
  });

  it("unmask-short-share / unmask-long-share: wrong widths are rejected", () => {
    const short = edit(shares, 0, "v", (value) => withElement(value, element(value).subarray(0, 7)));
    expect(() => masker.unmask(short)).toThrow(
      /invalid value length: share of "v" from 01 has 7 bytes, the SAFE_64_BITS field needs 8/,
    );
    const long = edit(shares, 0, "v", (value) => withElement(value, Uint8Array.of(...element(value), 0)));
    expect(() => masker.unmask(long)).toThrow(/invalid value length/);
  });

  it("unmask-public-mismatch and unmask-public-only-one-party", () => {
    const publicShares = masker.mask({ v: new Integer(5n) });
    const differing = edit(publicShares, 1, "v", (value) => withElement(value, le(6n)));
    expect(() => masker.unmask(differing)).toThrow(
      /provided public copies do not match \(01 and 02 differ\)/,
    );
    expect(masker.unmask(publicShares.slice(1, 2))["v"]?.equals(new Integer(5n))).toBe(true);
  });

  it("unmask-mixed-share-types / unmask-mixed-share-public: parties must agree on the type", () => {
    const relabelled = edit(shares, 1, "v", (value) => ({
      value: { case: "shamirShareUnsignedInteger", value: { value: element(value) } },
    }));
    expect(() => masker.unmask(relabelled)).toThrow(
      /parties disagree on its type \(shamirShareInteger at 01, shamirShareUnsignedInteger at 02\)/,
    );
    const asPublic = edit(shares, 1, "v", (value) => ({
      value: { case: "publicInteger", value: { value: element(value) } },
    }));
    expect(() => masker.unmask(asPublic)).toThrow(/parties disagree on its type/);
  });

  it("unmask-value-missing-at-one-party: rebuilt from the others", () => {
    const missing = edit(shares, 2, "v", () => undefined);
    const back = masker.unmask(missing);
    expect(back["v"]?.equals(new SecretInteger(1234n))).toBe(true);
    expect(back["w"]?.equals(new SecretInteger(88n))).toBe(true);
  });

  it("rejects a value sent twice by one party, and values with no content", () => {
    const twice = shares.map((party, k) =>
      k === 0 ? { ...party, values: [...party.values, party.values[0] as WireNamedValue] } : party,
    );
    expect(() => masker.unmask(twice)).toThrow(/party 01 sent value "v" twice/);
    expect(() => masker.unmask([{ party: "01", values: [{ name: "v" }] }])).toThrow(
      /a party sent a value with no content/,
    );
  });

  describe("blobs", () => {
    const blob = new SecretBlob(new TextEncoder().encode("0123456789abcdef"));
    const blobShares = masker.mask({ b: blob });
    const editBlob = (index: number, change: (blob: BlobPart) => BlobPart) =>
      edit(blobShares, index, "b", (value) => ({
        value: { case: "shamirSharesBlob", value: change(blobPart(value)) },
      }));

    it("round-trips and chunks by 7 bytes on the 64-bit prime", () => {
      expect(masker.unmask(blobShares)["b"]?.equals(blob)).toBe(true);
      const first = blobPart((blobShares[0] as PartyShares).values[0]?.value as WireValue);
      expect(first.shares).toHaveLength(3);
      expect(first.originalSize).toBe(16n);
    });

    it("unmask-blob-extra-chunk-at-one-party / unmask-blob-missing-chunk-at-one-party: wrong blob size", () => {
      const extra = editBlob(1, (v) => ({
        ...v,
        shares: [...v.shares, v.shares[0] as { value: Uint8Array }],
      }));
      expect(() => masker.unmask(extra)).toThrow(
        /wrong blob size: party 01 sent 3 chunks for 16 bytes, party 02 sent 4 chunks for 16 bytes/,
      );
      const fewer = editBlob(1, (v) => ({ ...v, shares: v.shares.slice(0, 2) }));
      expect(() => masker.unmask(fewer)).toThrow(/wrong blob size/);
    });

    it("unmask-blob-original-size-larger / -smaller: sizes must match the chunk count", () => {
      const everywhere = (size: bigint) =>
        blobShares.reduce(
          (acc, _, k) =>
            edit(acc, k, "b", (value) => ({
              value: { case: "shamirSharesBlob", value: { ...blobPart(value), originalSize: size } },
            })),
          blobShares,
        );
      expect(() => masker.unmask(everywhere(100n))).toThrow(
        /wrong blob size: 100 bytes need 15 chunks of 7, the shares have 3/,
      );
      expect(() => masker.unmask(everywhere(5n))).toThrow(
        /wrong blob size: 5 bytes need 1 chunks of 7, the shares have 3/,
      );
    });
  });

  describe("threshold keys and signatures", () => {
    const key = new EcdsaPrivateKey(
      hexToBytes("94d09d95fa89a482426a18d3374538c3049db9a373067c592328ef6fdea550cc"),
    );
    const signature = new EcdsaSignature({ r: Uint8Array.of(7), s: Uint8Array.of(5) });

    it("needs every party's share", () => {
      const keyShares = masker.mask({ k: key });
      expect(() => masker.unmask(keyShares.slice(0, 2))).toThrow(
        /a key is split among all 3 parties, but shares from 03 are missing/,
      );
      expect(masker.unmask(keyShares)["k"]?.equals(key)).toBe(true);
    });

    it("rejects key shares of two different keys", () => {
      const a = masker.mask({ k: key });
      const b = masker.mask({ k: new EcdsaPrivateKey(new Uint8Array(32).fill(2)) });
      const mixed = a.map((party, i) => (i === 1 ? (b[1] as PartyShares) : party));
      expect(() => masker.unmask(mixed)).toThrow(
        /secp256k1 key shares are inconsistent: they disagree on the public key/,
      );
    });

    it("rejects a key share that does not match its public share", () => {
      const broken = edit(masker.mask({ k: key }), 0, "k", (value) => {
        const share = (value.value as { value: { x: Uint8Array } }).value;
        const x = share.x.slice();
        x[0] = (x[0] as number) ^ 1;
        return { value: { case: "ecdsaPrivateKeyShare", value: { ...share, x } } } as WireValue;
      });
      expect(() => masker.unmask(broken)).toThrow(/share 0 does not match its public share/);
    });

    it("rejects signature shares that disagree on r (the official unmasker picks one)", () => {
      const sigShares = masker.mask({ s: signature });
      expect(masker.unmask(sigShares)["s"]?.equals(signature)).toBe(true);
      const otherR = edit(sigShares, 2, "s", (value) => {
        const share = (value.value as { value: { r: Uint8Array; sigma: Uint8Array } }).value;
        return { value: { case: "ecdsaSignatureShare", value: { ...share, r: le(8n, 32) } } };
      });
      expect(() => masker.unmask(otherR)).toThrow(/ECDSA signature shares disagree on r/);
    });
  });
});

describe("masking ranges", () => {
  it.each([
    ["SAFE_64_BITS", 9223372036318953473n],
    ["SAFE_128_BITS", 170141183460469231731687303714552414209n],
    ["SAFE_256_BITS", 57896044618658097711785492504343953926634992332820282019728792003955698696193n],
  ] as const)("%s: accepts ±(p-1)/2 and rejects one more", (prime, max) => {
    const m = new SecretMasker({ prime, degree: 1, parties: ids });
    const back = m.unmask(m.mask({ lo: new SecretInteger(-max), hi: new Integer(max) }));
    expect(back["lo"]?.equals(new SecretInteger(-max))).toBe(true);
    expect(back["hi"]?.equals(new Integer(max))).toBe(true);
    expect(() => m.mask({ v: new SecretInteger(max + 1n) })).toThrow(/overflow: SecretInteger "v"/);
    expect(() => m.mask({ v: new Integer(-max - 1n) })).toThrow(/overflow: Integer "v"/);
  });
});
