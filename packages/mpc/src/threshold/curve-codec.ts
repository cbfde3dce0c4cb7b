// Scalars and points of one curve in a round's message, packed into field elements of the cluster prime.
import type { PrimeName } from "@nillion/crypto";
import { bytesToBigInt } from "@nillion/crypto";
import { InternalError } from "@nillion/types";
import { BytePacking } from "../byte-packing.js";
import { type CurvePoint, type SignatureCurve, scalarBytes } from "./signature-curve.js";

/**
 * The message layout of the signature protocols: a scalar as its 32 little-endian bytes, a point in its
 * key-share encoding, each packed with {@link BytePacking}.
 */
export class CurveCodec {
  readonly curve: SignatureCurve;
  readonly #packing: BytePacking;

  constructor(curve: SignatureCurve, prime: PrimeName | number) {
    this.curve = curve;
    this.#packing = BytePacking.of(prime);
  }

  scalar(value: bigint): bigint[] {
    return this.#packing.pack(scalarBytes(value));
  }

  point(point: CurvePoint): bigint[] {
    return this.#packing.pack(this.curve.encode(point));
  }

  /** Reads, in order, what party `from` sent. */
  reader(elements: readonly bigint[], from: number): CurveReader {
    return new CurveReader(this.curve, this.#packing, elements, from);
  }
}

/** The values of one message, read in the order they were written. */
export class CurveReader {
  readonly #curve: SignatureCurve;
  readonly #packing: BytePacking;
  readonly #elements: readonly bigint[];
  readonly #from: number;
  #offset = 0;

  constructor(curve: SignatureCurve, packing: BytePacking, elements: readonly bigint[], from: number) {
    this.#curve = curve;
    this.#packing = packing;
    this.#elements = elements;
    this.#from = from;
  }

  /** The next scalar, which must be below the group order. */
  scalar(): bigint {
    const bytes = this.#next(32);
    const value = bytes === undefined ? undefined : bytesToBigInt(bytes, "le");
    if (value === undefined || value >= this.#curve.order) throw this.#violation("a scalar");
    return value;
  }

  /** The next point, which must be a valid point other than the identity. */
  point(): CurvePoint {
    const bytes = this.#next(this.#curve.pointLength);
    let point: CurvePoint | undefined;
    try {
      point = bytes === undefined ? undefined : this.#curve.decode(bytes);
    } catch {
      point = undefined;
    }
    if (point === undefined || point.is0()) throw this.#violation(`a ${this.#curve.name} point`);
    return point;
  }

  #next(byteLength: number): Uint8Array | undefined {
    const count = this.#packing.limbs(byteLength);
    const limbs = this.#elements.slice(this.#offset, this.#offset + count);
    this.#offset += count;
    return this.#packing.unpack(limbs, byteLength);
  }

  #violation(expected: string): InternalError {
    return new InternalError(
      `protocol violation: party ${this.#from} sent something other than ${expected}`,
      { details: { from: this.#from } },
    );
  }
}
