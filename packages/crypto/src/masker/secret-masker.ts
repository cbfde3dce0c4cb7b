import {
  bytesEqual,
  bytesToHex,
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  Integer,
  InvalidArgumentError,
  Array as NadaArray,
  Boolean as NadaBoolean,
  Tuple as NadaTuple,
  type NadaValue,
  type NadaValues,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  StoreId,
  UnsignedInteger,
  ValueValidationError,
} from "@nillion/types";
import { ed25519 } from "@noble/curves/ed25519.js";
import { bigIntToBytes, bytesToBigInt } from "../bigint-bytes.js";
import { PrimeField } from "../prime-field.js";
import type { PrimeName } from "../primes.js";
import {
  assignAbscissas,
  evaluateAtAbscissas,
  extrapolationRows,
  interpolateAtZero,
  lagrangeAtZero,
  type ShamirParty,
} from "../shamir.js";
import {
  ED25519,
  recoverKey,
  recoverSignature,
  SECP256K1,
  shareKey,
  shareSignature,
} from "./threshold-keys.js";
import type {
  WireElement,
  WireKeyShare,
  WireNamedValue,
  WireNamedValueInput,
  WireValue,
  WireValueCase,
  WireValueType,
} from "./wire-value.js";

/** How to build a {@link SecretMasker}: the cluster's prime, polynomial degree and member ids. */
export interface SecretMaskerOptions {
  /** `Cluster.prime`, by name or wire number. */
  readonly prime: PrimeName | number;
  /** `Cluster.polynomial_degree`: any `degree + 1` shares reconstruct a secret. */
  readonly degree: number;
  /** The ids of all cluster members (`Cluster.members[].identity.contents`). */
  readonly parties: readonly Uint8Array[];
}

/** One party's shares of a set of named values: what that node is sent. */
export interface PartyShares {
  readonly party: Uint8Array;
  /** `party` as lowercase hex. */
  readonly partyHex: string;
  /** One `NamedValue` per named value, in the order the values were given. */
  readonly values: WireNamedValue[];
}

/** One party's shares as received, e.g. from `RetrieveValuesResponse.values`. */
export interface PartySharesInput {
  /** The party id, as bytes or hex. */
  readonly party: Uint8Array | string;
  readonly values: readonly WireNamedValueInput[];
}

type ShamirCase = "shamirShareInteger" | "shamirShareUnsignedInteger" | "shamirShareBoolean";

/**
 * How to interpolate from a set of parties: Lagrange coefficients over the first degree + 1 of them
 * (`basis`), and for each remaining party (`rest`) the row that predicts its share from the basis.
 */
interface InterpolationPlan {
  readonly coefficients: readonly bigint[];
  readonly rows: readonly (readonly bigint[])[];
  readonly basis: readonly number[];
  readonly rest: readonly number[];
}

/** One party's copy of a value during unmasking, with the party it came from. */
interface Copy {
  readonly party: number;
  readonly value: { readonly case: string | undefined; readonly value?: unknown };
}

/**
 * Turns values into per-node shares and back, byte-compatible with the official masker of nilvm v0.10:
 * Shamir shares over the cluster prime for integers, booleans and blobs; additive shares for ECDSA/EdDSA
 * keys and signatures; public values copied to every node.
 *
 * Stricter than the reference when unmasking: it needs at least degree + 1 shares of every secret, checks
 * that surplus shares lie on one polynomial (naming a party whose share does not), and requires every
 * party's copies to agree in type, length and public content.
 *
 * @example
 * ```ts
 * const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties: clusterIds });
 * const perNode = masker.mask({ age: new SecretInteger(42n), public_count: new Integer(3n) });
 * const back = masker.unmask(perNode); // { age: SecretInteger(42), public_count: Integer(3) }
 * ```
 */
export class SecretMasker {
  readonly field: PrimeField;
  readonly degree: number;
  /** The parties in ascending id order; `parties[k].x` is k + 1. */
  readonly parties: readonly ShamirParty[];
  private readonly partyIndex: ReadonlyMap<string, number>;
  private readonly lagrangeCache = new Map<string, InterpolationPlan>();
  private readonly fullPlan: InterpolationPlan;

  constructor(options: SecretMaskerOptions) {
    this.field = PrimeField.of(options.prime);
    if (!Number.isSafeInteger(options.degree) || options.degree < 0) {
      throw new InvalidArgumentError(
        `polynomial degree must be a non-negative integer, got ${options.degree}`,
        {
          argument: "degree",
        },
      );
    }
    this.degree = options.degree;
    this.parties = assignAbscissas(options.parties);
    if (this.parties.length <= this.degree) {
      throw new InvalidArgumentError(
        `polynomial degree too high for provided parties: degree ${this.degree} needs at least ${this.degree + 1} parties, got ${this.parties.length}`,
        { argument: "degree" },
      );
    }
    this.partyIndex = new Map(this.parties.map((party, index) => [party.hex, index]));
    this.fullPlan = this.interpolation(this.parties.map((_, k) => k));
  }

  /**
   * Splits named values into one {@link PartyShares} per party, in ascending party order.
   * An empty blob is kept as a blob of zero chunks (the reference drops it, losing the name).
   */
  mask(values: NadaValues): PartyShares[] {
    const names = Object.keys(values);
    const context: MaskContext = {
      random: new RandomPool(this.field, this.degree),
      arenas: this.parties.map(() => new ShareArena(this.field)),
    };
    const perParty = this.parties.map((): WireNamedValue[] => []);
    for (const name of names) {
      const pieces = this.maskValue(values[name] as NadaValue, name, context);
      for (const [k, piece] of pieces.entries()) perParty[k]?.push({ name, value: piece });
    }
    return this.parties.map((party, k) => ({
      party: party.id,
      partyHex: party.hex,
      values: perParty[k] ?? [],
    }));
  }

  /**
   * Rebuilds named values from parties' shares. A value present at only some parties is rebuilt from
   * those, if there are enough of them.
   */
  unmask(shares: readonly PartySharesInput[]): NadaValues {
    const byName = new Map<string, Copy[]>();
    const seen = new Set<number>();
    for (const { party, values } of shares) {
      const hex = typeof party === "string" ? party.toLowerCase() : bytesToHex(party);
      const index = this.partyIndex.get(hex);
      if (index === undefined) {
        throw new InvalidArgumentError(
          `shares come from party ${hex}, which is not a member of this cluster`,
          {
            argument: "shares",
          },
        );
      }
      if (seen.has(index))
        throw new InvalidArgumentError(`party ${hex} provided shares twice`, { argument: "shares" });
      seen.add(index);
      const names = new Set<string>();
      for (const named of values) {
        if (names.has(named.name)) {
          throw new InvalidArgumentError(`party ${hex} sent value "${named.name}" twice`, {
            argument: "shares",
          });
        }
        names.add(named.name);
        const copy = { party: index, value: named.value?.value ?? { case: undefined } };
        const copies = byName.get(named.name);
        if (copies) copies.push(copy);
        else byName.set(named.name, [copy]);
      }
    }
    const result: NadaValues = {};
    for (const [name, copies] of byName) result[name] = this.unmaskValue(copies, name);
    return result;
  }

  // ----- masking -----

  private maskValue(value: NadaValue, path: string, context: MaskContext): WireValue[] {
    const field = this.field;
    switch (value.type) {
      case "SecretInteger":
        return this.shamir("shamirShareInteger", this.signed(value.value, value.type, path), context);
      case "SecretUnsignedInteger":
        return this.shamir(
          "shamirShareUnsignedInteger",
          this.unsigned(value.value, value.type, path),
          context,
        );
      case "SecretBoolean":
        return this.shamir("shamirShareBoolean", value.value ? 1n : 0n, context);
      case "Integer":
        return this.copies({
          case: "publicInteger",
          value: { value: field.encode(this.signed(value.value, value.type, path)) },
        });
      case "UnsignedInteger":
        return this.copies({
          case: "publicUnsignedInteger",
          value: { value: field.encode(this.unsigned(value.value, value.type, path)) },
        });
      case "Boolean":
        return this.copies({ case: "publicBoolean", value: { value: field.encode(value.value ? 1n : 0n) } });
      case "SecretBlob":
        return this.maskBlob(value.value, context);
      case "Array": {
        const elements = value.value.map((element, i) => this.maskValue(element, `${path}[${i}]`, context));
        const innerType = wireTypeOf(value.value[0] as NadaValue, path);
        return this.parties.map((_, k) => ({
          value: {
            case: "array",
            value: { values: elements.map((pieces) => pieces[k] as WireValue), innerType },
          },
        }));
      }
      case "Tuple": {
        const left = this.maskValue(value.left, `${path}.left`, context);
        const right = this.maskValue(value.right, `${path}.right`, context);
        return this.parties.map((_, k) => ({
          value: { case: "tuple", value: { left: left[k] as WireValue, right: right[k] as WireValue } },
        }));
      }
      case "EcdsaPrivateKey":
        return this.keyShares("ecdsaPrivateKeyShare", bytesToBigInt(value.value, "be"), value.type, path);
      case "EddsaPrivateKey":
        return this.keyShares("eddsaPrivateKeyShare", bytesToBigInt(value.value, "le"), value.type, path);
      case "EcdsaSignature": {
        this.requireSeveralParties(value.type, path);
        const pieces = shareSignature(
          bytesToBigInt(value.r, "be"),
          bytesToBigInt(value.s, "be"),
          this.parties.length,
        );
        return pieces.map((piece) => ({ value: { case: "ecdsaSignatureShare", value: piece } }));
      }
      case "EcdsaDigestMessage":
        return this.copies({ case: "ecdsaMessageDigest", value: { digest: value.value } });
      case "EcdsaPublicKey":
        return this.copies({ case: "ecdsaPublicKey", value: { publicKey: value.value } });
      case "StoreId":
        return this.copies({ case: "storeId", value: { storeId: value.value } });
      case "EddsaSignature":
        assertEddsaSignaturePoint(value.value, path);
        return this.copies({ case: "eddsaSignature", value: { signature: value.value } });
      case "EddsaMessage":
        return this.copies({ case: "eddsaMessage", value: { message: value.value } });
      case "EddsaPublicKey":
        return this.copies({ case: "eddsaPublicKey", value: { publicKey: value.value } });
    }
  }

  private signed(value: bigint, valueType: string, path: string): bigint {
    const max = this.field.maxSigned;
    if (value > max || value < -max) {
      throw new ValueValidationError(
        `overflow: ${valueType} "${path}" = ${value} is outside [-${max}, ${max}], the range of the ${this.field.prime} prime`,
        { valueType, rule: "range", argument: "values" },
      );
    }
    return this.field.fromSigned(value);
  }

  private unsigned(value: bigint, valueType: string, path: string): bigint {
    if (value >= this.field.modulus) {
      throw new ValueValidationError(
        `overflow: ${valueType} "${path}" = ${value} is not below ${this.field.modulus}, the ${this.field.prime} prime`,
        { valueType, rule: "range", argument: "values" },
      );
    }
    return value;
  }

  private shamir(kind: ShamirCase, secret: bigint, context: MaskContext): WireValue[] {
    const n = this.parties.length;
    const ys = new Array<bigint>(n);
    evaluateAtAbscissas(this.field, secret, context.random.coefficients(), ys, n);
    const out = new Array<WireValue>(n);
    for (let k = 0; k < n; k++) {
      out[k] = {
        value: { case: kind, value: { value: (context.arenas[k] as ShareArena).write(ys[k] as bigint) } },
      };
    }
    return out;
  }

  private maskBlob(bytes: Uint8Array, { random }: MaskContext): WireValue[] {
    const n = this.parties.length;
    const { blobChunkSize: chunk, byteLength: width } = this.field;
    const chunks = Math.ceil(bytes.length / chunk);
    // Each chunk is zero-extended into a full-width slot, so it can be read as one little-endian element.
    const slot = new Uint8Array(width);
    const slotView = new DataView(slot.buffer);
    const buffers = this.parties.map(() => new Uint8Array(chunks * width));
    const views = buffers.map((buffer) => new DataView(buffer.buffer));
    const ys = new Array<bigint>(n);
    for (let c = 0; c < chunks; c++) {
      slot.fill(0);
      slot.set(bytes.subarray(c * chunk, (c + 1) * chunk));
      evaluateAtAbscissas(this.field, this.field.readFrom(slotView, 0), random.coefficients(), ys, n);
      for (let k = 0; k < n; k++) this.field.encodeInto(ys[k] as bigint, views[k] as DataView, c * width);
    }
    // The share objects are made only once the arithmetic's garbage is gone: interleaving long-lived
    // objects with short-lived BigInts makes V8 grow its young generation (a 1 MiB blob on 5 parties
    // peaks about 2 MiB lower this way).
    const shares = buffers.map((buffer) =>
      Array.from(
        { length: chunks },
        (_, c): WireElement => ({ value: buffer.subarray(c * width, (c + 1) * width) }),
      ),
    );
    const originalSize = BigInt(bytes.length);
    return shares.map((partyShares) => ({
      value: { case: "shamirSharesBlob", value: { shares: partyShares, originalSize } },
    }));
  }

  private keyShares(
    kind: "ecdsaPrivateKeyShare" | "eddsaPrivateKeyShare",
    secret: bigint,
    valueType: string,
    path: string,
  ): WireValue[] {
    this.requireSeveralParties(valueType, path);
    const curve = kind === "ecdsaPrivateKeyShare" ? SECP256K1 : ED25519;
    return shareKey(secret, this.parties.length, curve).map((share) => ({
      value: { case: kind, value: share },
    }));
  }

  private requireSeveralParties(valueType: string, path: string): void {
    if (this.parties.length < 2) {
      throw new ValueValidationError(
        `${valueType} "${path}" cannot be shared: additive sharing needs at least 2 parties`,
        {
          valueType,
          rule: "parties",
          argument: "values",
        },
      );
    }
  }

  private copies(piece: WireValueCase): WireValue[] {
    return this.parties.map(() => ({ value: piece }));
  }

  // ----- unmasking -----

  private unmaskValue(copies: readonly Copy[], path: string): NadaValue {
    const kind = (copies[0] as Copy).value.case;
    if (kind === undefined) throw this.invalid(path, "a party sent a value with no content");
    for (const copy of copies) {
      if (copy.value.case !== kind) {
        throw this.invalid(
          path,
          `parties disagree on its type (${kind} at ${this.hex(copies[0] as Copy)}, ${copy.value.case} at ${this.hex(copy)})`,
        );
      }
    }
    switch (kind) {
      case "shamirShareInteger":
        return new SecretInteger(this.field.toSigned(this.reconstruct(copies, path)));
      case "shamirShareUnsignedInteger":
        return new SecretUnsignedInteger(this.reconstruct(copies, path));
      case "shamirShareBoolean":
        return new SecretBoolean(this.reconstruct(copies, path) !== 0n);
      case "publicInteger":
        return new Integer(this.field.toSigned(this.publicElement(copies, path)));
      case "publicUnsignedInteger":
        return new UnsignedInteger(this.publicElement(copies, path));
      case "publicBoolean":
        return new NadaBoolean(this.publicElement(copies, path) !== 0n);
      case "shamirSharesBlob":
        return new SecretBlob(this.reconstructBlob(copies, path));
      case "array":
        return this.unmaskArray(copies, path);
      case "tuple": {
        const parts = copies.map((copy) => field<{ left?: WireValue; right?: WireValue }>(copy, path));
        const side = (name: "left" | "right") =>
          this.unmaskValue(
            parts.map((part, i) => ({
              party: (copies[i] as Copy).party,
              value: part[name]?.value ?? { case: undefined },
            })),
            `${path}.${name}`,
          );
        return new NadaTuple(side("left"), side("right"));
      }
      case "ecdsaPrivateKeyShare":
        return new EcdsaPrivateKey(
          bigIntToBytes(recoverKey(this.allKeyShares(copies, path), SECP256K1, path), 32, "be"),
        );
      case "eddsaPrivateKeyShare":
        return new EddsaPrivateKey(
          bigIntToBytes(recoverKey(this.allKeyShares(copies, path), ED25519, path), 32, "le"),
        );
      case "ecdsaSignatureShare": {
        const pieces = this.fromEveryParty(copies, path, "ECDSA signature").map((copy) =>
          field<{ r: Uint8Array; sigma: Uint8Array }>(copy, path),
        );
        const { r, s } = recoverSignature(pieces, path);
        return new EcdsaSignature({ r: bigIntToBytes(r, 32, "be"), s: bigIntToBytes(s, 32, "be") });
      }
      case "ecdsaMessageDigest":
        return new EcdsaDigestMessage(this.publicBytes(copies, path, "digest"));
      case "ecdsaPublicKey":
        return new EcdsaPublicKey(this.publicBytes(copies, path, "publicKey"));
      case "storeId":
        return new StoreId(this.publicBytes(copies, path, "storeId"));
      case "eddsaSignature":
        return new EddsaSignature(this.publicBytes(copies, path, "signature"));
      case "eddsaMessage":
        return new EddsaMessage(this.publicBytes(copies, path, "message"));
      case "eddsaPublicKey":
        return new EddsaPublicKey(this.publicBytes(copies, path, "publicKey"));
      default:
        throw this.invalid(path, `unknown value kind "${kind}"`);
    }
  }

  /** Lagrange data for a set of parties: coefficients at 0 from the first degree+1, checks for the rest. */
  private interpolation(partyIndices: readonly number[]): InterpolationPlan {
    const key = partyIndices.join(",");
    let cached = this.lagrangeCache.get(key);
    if (!cached) {
      const xs = partyIndices.map((k) => (this.parties[k] as ShamirParty).x);
      const basisCount = this.degree + 1;
      const basisXs = xs.slice(0, basisCount);
      cached = {
        coefficients: lagrangeAtZero(this.field, basisXs).coefficients,
        rows: extrapolationRows(this.field, basisXs, xs.slice(basisCount)),
        basis: partyIndices.slice(0, basisCount),
        rest: partyIndices.slice(basisCount),
      };
      this.lagrangeCache.set(key, cached);
    }
    return cached;
  }

  /** Reconstructs one Shamir-shared element, checking any share beyond the degree + 1 needed. */
  private reconstruct(copies: readonly Copy[], path: string): bigint {
    const sorted = inPartyOrder(copies);
    this.requireThreshold(sorted.length, path);
    const ys = sorted.map((copy) => {
      const share = field<WireElement>(copy, path).value ?? new Uint8Array();
      return share.length === this.field.byteLength
        ? this.field.decode(share)
        : this.field.decode(share, `share of "${path}" from ${this.hex(copy)}`);
    });
    const plan = this.planFor(sorted);
    this.checkSurplus(plan, ys, path);
    return interpolateAtZero(this.field, plan, ys);
  }

  private planFor(sorted: readonly Copy[]): InterpolationPlan {
    return sorted.length === this.parties.length
      ? this.fullPlan
      : this.interpolation(sorted.map((copy) => copy.party));
  }

  /**
   * Throws, naming the party, when a share beyond the first degree + 1 is off their polynomial.
   * @param chunk the blob chunk being checked, for the error text
   */
  private checkSurplus(plan: InterpolationPlan, ys: readonly bigint[], path: string, chunk?: number): void {
    const basisCount = plan.basis.length;
    for (let r = 0; r < plan.rows.length; r++) {
      const row = plan.rows[r] as readonly bigint[];
      let expected = 0n;
      for (let j = 0; j < basisCount; j++) expected += (row[j] as bigint) * (ys[j] as bigint);
      if (this.field.reduce(expected) === ys[basisCount + r]) continue;
      throw this.invalid(
        chunk === undefined ? path : `${path} (chunk ${chunk})`,
        `the share from party ${this.parties[plan.rest[r] as number]?.hex} does not lie on the degree-${this.degree} polynomial through the shares of parties ${plan.basis.map((k) => this.parties[k]?.hex).join(", ")}: a share was altered or comes from another value`,
      );
    }
  }

  private reconstructBlob(copies: readonly Copy[], path: string): Uint8Array {
    const sorted = inPartyOrder(copies);
    this.requireThreshold(sorted.length, path);
    const blobs = sorted.map((copy) =>
      field<{ shares?: readonly WireElement[]; originalSize?: bigint }>(copy, path),
    );
    const first = blobs[0] as { shares?: readonly WireElement[]; originalSize?: bigint };
    const chunks = first.shares?.length ?? 0;
    const size = first.originalSize ?? 0n;
    const { blobChunkSize: chunk, byteLength: width } = this.field;
    for (const [i, blob] of blobs.entries()) {
      if ((blob.shares?.length ?? 0) !== chunks || (blob.originalSize ?? 0n) !== size) {
        throw this.invalid(
          path,
          `wrong blob size: party ${this.hex(sorted[0] as Copy)} sent ${chunks} chunks for ${size} bytes, party ${this.hex(sorted[i] as Copy)} sent ${blob.shares?.length ?? 0} chunks for ${blob.originalSize ?? 0n} bytes`,
        );
      }
    }
    if (BigInt(Math.ceil(Number(size) / chunk)) !== BigInt(chunks)) {
      throw this.invalid(
        path,
        `wrong blob size: ${size} bytes need ${Math.ceil(Number(size) / chunk)} chunks of ${chunk}, the shares have ${chunks}`,
      );
    }
    const plan = this.planFor(sorted);
    const parties = sorted.length;
    const out = new Uint8Array(chunks * chunk + (width - chunk));
    const outView = new DataView(out.buffer);
    const ys = new Array<bigint>(parties);
    const shareLists = blobs.map((blob) => blob.shares as readonly WireElement[]);
    const checks = plan.rows.length > 0;
    for (let c = 0; c < chunks; c++) {
      for (let j = 0; j < parties; j++) {
        const share = (shareLists[j] as readonly WireElement[])[c]?.value;
        if (share?.length !== width) {
          throw this.invalid(
            path,
            `invalid value length: chunk ${c} from party ${this.hex(sorted[j] as Copy)} has ${share?.length ?? 0} bytes, expected ${width}`,
          );
        }
        ys[j] = this.field.decode(share);
      }
      if (checks) this.checkSurplus(plan, ys, path, c);
      const secret = interpolateAtZero(this.field, plan, ys);
      // A chunk is below 2^(8·chunk), so writing the full width only spills zeros into the next slot.
      this.field.encodeInto(secret, outView, c * chunk);
    }
    return out.subarray(0, Number(size));
  }

  private unmaskArray(copies: readonly Copy[], path: string): NadaValue {
    const arrays = copies.map((copy) =>
      field<{ values?: readonly WireValue[]; innerType?: WireValueType }>(copy, path),
    );
    const length = arrays[0]?.values?.length ?? 0;
    if (length === 0) throw this.invalid(path, "an array must have at least one element");
    for (const [i, array] of arrays.entries()) {
      if ((array.values?.length ?? 0) !== length) {
        throw this.invalid(
          path,
          `parties disagree on the array length (${length} vs ${array.values?.length ?? 0} at ${this.hex(copies[i] as Copy)})`,
        );
      }
    }
    const elements: NadaValue[] = [];
    for (let e = 0; e < length; e++) {
      elements.push(
        this.unmaskValue(
          arrays.map((array, i) => ({
            party: (copies[i] as Copy).party,
            value: array.values?.[e]?.value ?? { case: undefined },
          })),
          `${path}[${e}]`,
        ),
      );
    }
    return new NadaArray(elements);
  }

  private allKeyShares(copies: readonly Copy[], path: string): WireKeyShare[] {
    return this.fromEveryParty(copies, path, "key").map((copy) => {
      const share = field<Partial<WireKeyShare>>(copy, path);
      return {
        i: share.i ?? 0,
        x: share.x ?? new Uint8Array(),
        sharedPublicKey: share.sharedPublicKey ?? new Uint8Array(),
        publicShares: share.publicShares ?? [],
      };
    });
  }

  /** Additive shares need every party: returns the copies in party order. */
  private fromEveryParty(copies: readonly Copy[], path: string, what: string): Copy[] {
    if (copies.length !== this.parties.length) {
      const missing = this.parties
        .filter((_, k) => !copies.some((copy) => copy.party === k))
        .map((party) => party.hex);
      throw this.invalid(
        path,
        `a ${what} is split among all ${this.parties.length} parties, but shares from ${missing.join(", ")} are missing`,
      );
    }
    return [...copies].sort((a, b) => a.party - b.party);
  }

  private publicElement(copies: readonly Copy[], path: string): bigint {
    const bytes = this.publicBytes(copies, path, "value");
    return this.field.decode(bytes, `"${path}"`);
  }

  /** A public value: every party's copy must be byte-identical. */
  private publicBytes(copies: readonly Copy[], path: string, key: string): Uint8Array {
    const read = (copy: Copy) =>
      field<Record<string, Uint8Array | undefined>>(copy, path)[key] ?? new Uint8Array();
    const first = read(copies[0] as Copy);
    for (const copy of copies) {
      if (!bytesEqual(read(copy), first)) {
        throw this.invalid(
          path,
          `provided public copies do not match (${this.hex(copies[0] as Copy)} and ${this.hex(copy)} differ)`,
        );
      }
    }
    return first;
  }

  private requireThreshold(count: number, path: string): void {
    if (count < this.degree + 1) {
      throw this.invalid(
        path,
        `too few shares: ${count} of ${this.parties.length} parties sent one, reconstruction needs ${this.degree + 1}`,
      );
    }
  }

  private hex(copy: Copy): string {
    return this.parties[copy.party]?.hex ?? "?";
  }

  private invalid(path: string, problem: string): InvalidArgumentError {
    return new InvalidArgumentError(`cannot unmask "${path}": ${problem}`, { argument: "shares" });
  }
}

/** The payload of a copy, which the caller has already matched on `case`. */
function field<T>(copy: Copy, path: string): T {
  if (typeof copy.value.value !== "object" || copy.value.value === null) {
    throw new InvalidArgumentError(`cannot unmask "${path}": a ${copy.value.case} value has no content`, {
      argument: "shares",
    });
  }
  return copy.value.value as T;
}

/** The `ValueType` of an array element, checked to be encodable. */
function wireTypeOf(value: NadaValue, path: string): WireValueType {
  const simple = (c: Exclude<WireValueType["valueType"]["case"], "array" | "tuple">): WireValueType => ({
    valueType: { case: c, value: {} },
  });
  switch (value.type) {
    case "SecretInteger":
      return simple("shamirShareInteger");
    case "SecretUnsignedInteger":
      return simple("shamirShareUnsignedInteger");
    case "SecretBoolean":
      return simple("shamirShareBoolean");
    case "Integer":
      return simple("publicInteger");
    case "UnsignedInteger":
      return simple("publicUnsignedInteger");
    case "Boolean":
      return simple("publicBoolean");
    case "EcdsaPrivateKey":
      return simple("ecdsaPrivateKeyShare");
    case "EcdsaDigestMessage":
      return simple("ecdsaMessageDigest");
    case "EcdsaSignature":
      return simple("ecdsaSignatureShare");
    case "EcdsaPublicKey":
      return simple("ecdsaPublicKey");
    case "StoreId":
      return simple("storeId");
    case "EddsaPrivateKey":
      return simple("eddsaPrivateKeyShare");
    case "EddsaSignature":
      return simple("eddsaSignature");
    case "EddsaMessage":
      return simple("eddsaMessage");
    case "EddsaPublicKey":
      return simple("eddsaPublicKey");
    case "Array":
      return {
        valueType: {
          case: "array",
          value: {
            innerType: wireTypeOf(value.value[0] as NadaValue, `${path}[0]`),
            size: BigInt(value.length),
          },
        },
      };
    case "Tuple":
      return {
        valueType: {
          case: "tuple",
          value: {
            left: wireTypeOf(value.left, `${path}.left`),
            right: wireTypeOf(value.right, `${path}.right`),
          },
        },
      };
    case "SecretBlob":
      throw new ValueValidationError(
        `"${path}": arrays of SecretBlob cannot be stored, the wire format has no blob element type`,
        {
          valueType: "Array",
          rule: "element-type",
          argument: "values",
        },
      );
  }
}

/**
 * R of an Ed25519 signature must decode to a point of the prime-order subgroup, as the node's decoder
 * (generic-ec) requires: points with a torsion component are refused like undecodable bytes.
 */
function assertEddsaSignaturePoint(signature: Uint8Array, path: string): void {
  let valid: boolean;
  let cause: unknown;
  try {
    valid = ed25519.Point.fromBytes(signature.subarray(0, 32)).isTorsionFree();
  } catch (error) {
    valid = false;
    cause = error;
  }
  if (valid) return;
  throw new ValueValidationError(`EddsaSignature "${path}": its R component is not a valid Ed25519 point`, {
    valueType: "EddsaSignature",
    rule: "point",
    argument: "values",
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Random polynomial coefficients, drawn from the CSPRNG in batches (one call per 1,024 elements keeps
 * both the number of calls and the memory held small).
 */
class RandomPool {
  private batch: bigint[] = [];
  private next = 0;
  private readonly scratch: bigint[];

  constructor(
    private readonly field: PrimeField,
    degree: number,
  ) {
    this.scratch = new Array<bigint>(degree);
  }

  /** Fresh coefficients a₁…a_t for one polynomial; the array is reused by the next call. */
  coefficients(): bigint[] {
    for (let k = 0; k < this.scratch.length; k++) {
      if (this.next === this.batch.length) {
        this.batch = this.field.randomElements(1024);
        this.next = 0;
      }
      this.scratch[k] = this.batch[this.next++] as bigint;
    }
    return this.scratch;
  }
}

/** What masking one set of values draws on: randomness, and each party's own share storage. */
interface MaskContext {
  readonly random: RandomPool;
  readonly arenas: readonly ShareArena[];
}

/**
 * Storage for one party's shares, in blocks. A node's shares never share an ArrayBuffer with another
 * node's, so handing a share's `.buffer` to a node cannot leak the others.
 */
class ShareArena {
  private block = new Uint8Array(0);
  private view = new DataView(this.block.buffer);
  private used = 0;

  constructor(private readonly field: PrimeField) {}

  /** Encodes one element into the arena and returns its bytes. */
  write(element: bigint): Uint8Array {
    const width = this.field.byteLength;
    if (this.used + width > this.block.length) {
      this.block = new Uint8Array(128 * width);
      this.view = new DataView(this.block.buffer);
      this.used = 0;
    }
    this.field.encodeInto(element, this.view, this.used);
    const share = this.block.subarray(this.used, this.used + width);
    this.used += width;
    return share;
  }
}

/** Copies sorted by party; they usually arrive sorted, so that is checked before sorting. */
function inPartyOrder(copies: readonly Copy[]): readonly Copy[] {
  for (let i = 1; i < copies.length; i++) {
    if ((copies[i] as Copy).party < (copies[i - 1] as Copy).party)
      return [...copies].sort((a, b) => a.party - b.party);
  }
  return copies;
}
