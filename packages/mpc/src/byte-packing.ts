// Byte strings on a channel that carries field elements of the cluster prime: how the threshold-signature
// protocols send curve scalars and points, which do not fit the prime's field (a secp256k1 scalar is a
// 256-bit number; the smallest cluster prime has 64 bits).
import { PrimeField, type PrimeName } from "@nillion/crypto";

/**
 * Packs bytes into limbs of w − 1 bytes (w: the prime's element width), each a little-endian number below
 * 2^(8(w−1)) < p and so a canonical field element, and back. A value of L bytes takes ⌈L/(w−1)⌉ limbs: a
 * 32-byte scalar takes 2, 3 or 5 limbs with the 256-, 128- and 64-bit primes.
 *
 * @example
 * ```ts
 * import { BytePacking } from "@nillion/mpc";
 *
 * const packing = BytePacking.of("SAFE_64_BITS");
 * const limbs = packing.pack(scalarBytes); // 5 elements, each below 2^56
 * packing.unpack(limbs, 32); // the 32 bytes again
 * ```
 */
export class BytePacking {
  /** Bytes per limb: 7, 15 or 31. */
  readonly chunk: number;
  readonly #limit: bigint;

  private constructor(field: PrimeField) {
    this.chunk = field.blobChunkSize;
    this.#limit = 1n << BigInt(8 * this.chunk);
  }

  /** The packing for a cluster prime, by name or wire number. */
  static of(prime: PrimeName | number): BytePacking {
    return new BytePacking(PrimeField.of(prime));
  }

  /** Limbs of a value of `byteLength` bytes. */
  limbs(byteLength: number): number {
    return Math.ceil(byteLength / this.chunk);
  }

  /** `bytes` as limbs, first bytes first. */
  pack(bytes: Uint8Array): bigint[] {
    const limbs = new Array<bigint>(this.limbs(bytes.length));
    for (let l = 0; l < limbs.length; l++) {
      let limb = 0n;
      const end = Math.min((l + 1) * this.chunk, bytes.length);
      for (let b = end - 1; b >= l * this.chunk; b--) limb = (limb << 8n) | BigInt(bytes[b] as number);
      limbs[l] = limb;
    }
    return limbs;
  }

  /**
   * The `byteLength` bytes packed in `limbs`, or undefined when the limbs cannot have come from
   * {@link pack} (a wrong count, a limb too large for its bytes): a peer that sends such limbs does not
   * follow the protocol.
   */
  unpack(limbs: readonly bigint[], byteLength: number): Uint8Array | undefined {
    if (limbs.length !== this.limbs(byteLength)) return undefined;
    const bytes = new Uint8Array(byteLength);
    for (const [l, value] of limbs.entries()) {
      const width = Math.min(this.chunk, byteLength - l * this.chunk);
      if (value < 0n || value >= (width === this.chunk ? this.#limit : 1n << BigInt(8 * width)))
        return undefined;
      let rest = value;
      for (let b = 0; b < width; b++) {
        bytes[l * this.chunk + b] = Number(rest & 0xffn);
        rest >>= 8n;
      }
    }
    return bytes;
  }
}
