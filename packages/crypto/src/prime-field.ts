import { InvalidArgumentError } from "@nillion/types";
import { PRIMES, type PrimeName, primeName } from "./primes.js";
import { fillRandom } from "./random.js";

const fields = new Map<PrimeName, PrimeField>();

/**
 * Arithmetic modulo one of the cluster primes, and the byte form nodes use for its elements: the
 * canonical residue, little-endian, in a fixed width of 8, 16 or 32 bytes.
 *
 * @example
 * const field = PrimeField.of("SAFE_256_BITS");
 * field.decode(field.encode(field.fromSigned(-42n))); // p - 42n
 */
export class PrimeField {
  readonly prime: PrimeName;
  readonly modulus: bigint;
  /** Width of an encoded element in bytes. */
  readonly byteLength: 8 | 16 | 32;
  /** Bytes of a blob packed into one element: one less than the width, so every chunk is below p. */
  readonly blobChunkSize: 7 | 15 | 31;
  /** The largest magnitude a signed integer may have: (p - 1) / 2. */
  readonly maxSigned: bigint;
  // Decoding copies into this scratch slot instead of creating a DataView per element.
  private readonly scratch: Uint8Array;
  private readonly scratchView: DataView;

  private constructor(prime: PrimeName) {
    const { modulus, bits } = PRIMES[prime];
    this.prime = prime;
    this.modulus = modulus;
    this.byteLength = (bits / 8) as 8 | 16 | 32;
    this.blobChunkSize = (bits / 8 - 1) as 7 | 15 | 31;
    this.maxSigned = (modulus - 1n) / 2n;
    this.scratch = new Uint8Array(this.byteLength);
    this.scratchView = new DataView(this.scratch.buffer);
  }

  /** The field of a prime given by name or by its wire enum number. Instances are shared. */
  static of(prime: PrimeName | number): PrimeField {
    const name = primeName(prime);
    let field = fields.get(name);
    if (!field) {
      field = new PrimeField(name);
      fields.set(name, field);
    }
    return field;
  }

  add(a: bigint, b: bigint): bigint {
    const sum = a + b;
    return sum >= this.modulus ? sum - this.modulus : sum;
  }

  sub(a: bigint, b: bigint): bigint {
    const difference = a - b;
    return difference < 0n ? difference + this.modulus : difference;
  }

  mul(a: bigint, b: bigint): bigint {
    return (a * b) % this.modulus;
  }

  /** Reduces any integer, negative included, to its canonical residue. */
  reduce(a: bigint): bigint {
    const r = a % this.modulus;
    return r < 0n ? r + this.modulus : r;
  }

  /** The multiplicative inverse, by the extended Euclidean algorithm. */
  inv(a: bigint): bigint {
    let r0 = this.modulus;
    let r1 = this.reduce(a);
    if (r1 === 0n) throw new InvalidArgumentError("zero has no inverse", { argument: "a" });
    let s0 = 0n;
    let s1 = 1n;
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1] = [r1, r0 - q * r1];
      [s0, s1] = [s1, s0 - q * s1];
    }
    return this.reduce(s0);
  }

  /** Maps a signed integer in [-(p-1)/2, (p-1)/2] to the field (negative v becomes p - |v|). */
  fromSigned(value: bigint): bigint {
    return value < 0n ? this.modulus + value : value;
  }

  /** The inverse of {@link fromSigned}: residues above (p-1)/2 are negative. */
  toSigned(element: bigint): bigint {
    return element > this.maxSigned ? element - this.modulus : element;
  }

  /** Encodes a canonical element as fixed-width little-endian bytes. */
  encode(element: bigint): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    this.encodeInto(element, new DataView(out.buffer), 0);
    return out;
  }

  /** Writes a canonical element at `offset` of `view` (hot path: no allocation). */
  encodeInto(element: bigint, view: DataView, offset: number): void {
    let rest = element;
    for (let i = 0; i < this.byteLength; i += 8) {
      view.setBigUint64(offset + i, BigInt.asUintN(64, rest), true);
      rest >>= 64n;
    }
  }

  /**
   * Decodes a fixed-width little-endian element. A value at or above p is reduced, as the node's
   * decoder does; a wrong width is an error.
   * @param what names the bytes in the error text
   */
  decode(bytes: Uint8Array, what = "field element"): bigint {
    if (bytes.length !== this.byteLength) {
      throw new InvalidArgumentError(
        `invalid value length: ${what} has ${bytes.length} bytes, the ${this.prime} field needs ${this.byteLength}`,
        { argument: what },
      );
    }
    this.scratch.set(bytes);
    const value = this.readFrom(this.scratchView, 0);
    return value >= this.modulus ? value % this.modulus : value;
  }

  /** Reads a fixed-width little-endian integer at `offset` without reducing it. */
  readFrom(view: DataView, offset: number): bigint {
    let value = view.getBigUint64(offset + this.byteLength - 8, true);
    for (let i = this.byteLength - 16; i >= 0; i -= 8) {
      value = (value << 64n) | view.getBigUint64(offset + i, true);
    }
    return value;
  }

  /** `count` independent uniform elements of [0, p), by rejection sampling over fixed-width draws. */
  randomElements(count: number): bigint[] {
    const width = this.byteLength;
    const bytes = new Uint8Array(count * width);
    fillRandom(bytes);
    const view = new DataView(bytes.buffer);
    const out = new Array<bigint>(count);
    const scratch = new Uint8Array(width);
    const scratchView = new DataView(scratch.buffer);
    for (let i = 0; i < count; i++) {
      let candidate = this.readFrom(view, i * width);
      while (candidate >= this.modulus) {
        fillRandom(scratch);
        candidate = this.readFrom(scratchView, 0);
      }
      out[i] = candidate;
    }
    return out;
  }
}
