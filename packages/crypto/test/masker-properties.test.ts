// Round trips for every value type, prime, cluster size and degree; any degree + 1 parties reconstruct.
import { type PartyShares, SecretMasker } from "@nillion/crypto";
import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  Integer,
  Array as NadaArray,
  Boolean as NadaBoolean,
  type NadaValue,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  StoreId,
  Tuple,
  UnsignedInteger,
} from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const PRIMES = {
  SAFE_64_BITS: 18446744072637906947n,
  SAFE_128_BITS: 340282366920938463463374607429104828419n,
  SAFE_256_BITS: 115792089237316195423570985008687907853269984665640564039457584007911397392387n,
} as const;
type Prime = keyof typeof PRIMES;
const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ED_L = 2n ** 252n + 27742317777372353535851937790883648493n;

const beBytes = (value: bigint, length = 32) =>
  Uint8Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
const leBytes = (value: bigint, length = 32) => beBytes(value, length).reverse();

/** Arbitrary values of every type that the given prime can hold. */
function valueArb(prime: Prime): fc.Arbitrary<NadaValue> {
  const half = (PRIMES[prime] - 1n) / 2n;
  const scalar = (order: bigint) => fc.bigInt({ min: 1n, max: order - 1n });
  const leaf: fc.Arbitrary<NadaValue> = fc.oneof(
    fc.bigInt({ min: -half, max: half }).map((v) => new SecretInteger(v)),
    fc.bigInt({ min: 0n, max: PRIMES[prime] - 1n }).map((v) => new SecretUnsignedInteger(v)),
    fc.boolean().map((v) => new SecretBoolean(v)),
    fc.bigInt({ min: -half, max: half }).map((v) => new Integer(v)),
    fc.bigInt({ min: 0n, max: PRIMES[prime] - 1n }).map((v) => new UnsignedInteger(v)),
    fc.boolean().map((v) => new NadaBoolean(v)),
    fc.uint8Array({ maxLength: 100 }).map((v) => new SecretBlob(v)),
    scalar(SECP_N).map((k) => new EcdsaPrivateKey(beBytes(k))),
    scalar(ED_L).map((k) => new EddsaPrivateKey(leBytes(k))),
    fc
      .tuple(scalar(SECP_N), scalar(SECP_N / 2n))
      .map(([r, s]) => new EcdsaSignature({ r: beBytes(r), s: beBytes(s) })),
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((v) => new EcdsaDigestMessage(v)),
    fc.uint8Array({ minLength: 33, maxLength: 33 }).map((v) => new EcdsaPublicKey(v)),
    fc.uint8Array({ minLength: 16, maxLength: 16 }).map((v) => new StoreId(v)),
    fc.uint8Array({ maxLength: 40 }).map((v) => new EddsaMessage(v)),
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((v) => new EddsaPublicKey(v)),
    scalar(ED_L).map((k) => {
      const signature = new Uint8Array(64);
      signature.set(ed25519.Point.BASE.multiply(k).toBytes());
      signature.set(leBytes(k), 32);
      return new EddsaSignature(signature);
    }),
  );
  const secretInts = fc.array(fc.bigInt({ min: -half, max: half }), { minLength: 1, maxLength: 4 });
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 1, arbitrary: secretInts.map((vs) => new NadaArray(vs.map((v) => new SecretInteger(v)))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 1000n }))
        .map(([b, u]) => new Tuple(new SecretBoolean(b), new UnsignedInteger(u))),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(
          secretInts.filter((vs) => vs.length === 2),
          { minLength: 1, maxLength: 3 },
        )
        .map((rows) => new NadaArray(rows.map((row) => new NadaArray(row.map((v) => new SecretInteger(v)))))),
    },
  );
}

function partyIds(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) =>
    Uint8Array.from({ length: 20 }, (_, j) => (i * 37 + j * 11) & 0xff),
  );
}

/** Every subset of `k` elements. */
function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
}

/** Only the Shamir-shared parts survive partial sets of parties; additive shares need everyone. */
function isShamirOnly(value: NadaValue): boolean {
  if (value.type === "Array") return value.value.every(isShamirOnly);
  if (value.type === "Tuple") return isShamirOnly(value.left) && isShamirOnly(value.right);
  return !["EcdsaPrivateKey", "EddsaPrivateKey", "EcdsaSignature"].includes(value.type);
}

describe("share isolation", () => {
  it("never puts two nodes' shares in one ArrayBuffer", () => {
    const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties: partyIds(5) });
    const values = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`v${i}`, new SecretInteger(BigInt(i))]),
    );
    const shares = masker.mask({ ...values, blob: new SecretBlob(new Uint8Array(1000).fill(7)) });
    const buffersOf = (party: PartyShares) =>
      new Set(
        party.values.flatMap(({ value }) => {
          const c = value.value;
          if (c.case === "shamirShareInteger") return [c.value.value.buffer];
          if (c.case === "shamirSharesBlob") return c.value.shares.map((share) => share.value.buffer);
          return [];
        }),
      );
    const owners = new Map<ArrayBufferLike, number>();
    for (const [k, party] of shares.entries()) {
      for (const buffer of buffersOf(party)) {
        expect(
          owners.get(buffer) ?? k,
          `a buffer of party ${k} also holds shares of party ${owners.get(buffer)}`,
        ).toBe(k);
        owners.set(buffer, k);
      }
    }
    expect(owners.size).toBeGreaterThanOrEqual(10);
  });
});

describe.each(Object.keys(PRIMES) as Prime[])("%s", (prime) => {
  describe.each([
    [3, 1],
    [5, 1],
    [5, 2],
    [7, 1],
    [7, 2],
  ])("n = %i, degree = %i", (n, degree) => {
    const masker = new SecretMasker({ prime, degree, parties: partyIds(n) });

    it("round-trips every value type", () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), valueArb(prime), { maxKeys: 4 }),
          (values) => {
            const back = masker.unmask(masker.mask(values));
            expect(Object.keys(back).sort()).toEqual(Object.keys(values).sort());
            for (const [name, value] of Object.entries(values)) {
              expect(back[name]?.equals(value), `${name}: ${back[name]} vs ${value}`).toBe(true);
            }
          },
        ),
        { numRuns: 25 },
      );
    });

    it("reconstructs from any degree + 1 parties", () => {
      fc.assert(
        fc.property(valueArb(prime).filter(isShamirOnly), (value) => {
          const shares = masker.mask({ v: value });
          for (const subset of subsets<PartyShares>(shares, degree + 1)) {
            expect(masker.unmask(subset)["v"]?.equals(value)).toBe(true);
          }
        }),
        { numRuns: 10 },
      );
    });
  });
});
