// The `EcdsaSignature` value class.
import { bytesEqual, bytesToHex } from "../bytes.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { checkScalar, SECP256K1_SCALAR } from "./scalar.js";
import { copyValueBytes, describeInput, valueError } from "./value-error.js";

/**
 * The two components of an ECDSA signature, big-endian.
 *
 * @example
 * ```ts
 * import type { EcdsaSignatureComponents } from "@nillion/types";
 *
 * const parts: EcdsaSignatureComponents = { r: new Uint8Array(32).fill(1), s: new Uint8Array(32).fill(2) };
 * ```
 */
export interface EcdsaSignatureComponents {
  readonly r: Uint8Array;
  readonly s: Uint8Array;
}

// Up to 32 bytes, left-padded: the official constructor accepts a minimal-length big-endian encoding too.
function component(input: unknown, name: "r" | "s"): Uint8Array {
  const bytes = copyValueBytes("EcdsaSignature", input, name);
  if (bytes.length === 0 || bytes.length > 32) {
    throw valueError(
      "EcdsaSignature",
      "byte-length",
      `"${name}" must be 1 to 32 bytes (a big-endian scalar), got ${bytes.length} bytes`,
      { argument: name, details: { got: bytes.length } },
    );
  }
  const padded = new Uint8Array(32);
  padded.set(bytes, 32 - bytes.length);
  checkScalar("EcdsaSignature", padded, SECP256K1_SCALAR, name);
  return padded;
}

/**
 * A secp256k1 ECDSA signature (r, s), stored with s split into additive shares. Typically the output of a
 * threshold signing program, or an input to one.
 *
 * r and s are big-endian scalars of 1 to 32 bytes (shorter ones are left-padded to 32), each in 1..n-1.
 * The signature is kept as given: a high s is not normalised to low s here (the unmasker normalises).
 *
 * @throws {ValueValidationError} rule `type`, `byte-length`, `nonzero` or `scalar-range`, with `argument`
 * `"r"` or `"s"`.
 *
 * @example
 * ```ts
 * import { EcdsaSignature } from "@nillion/types";
 *
 * const r = crypto.getRandomValues(new Uint8Array(32));
 * const s = crypto.getRandomValues(new Uint8Array(32));
 * const signature = new EcdsaSignature({ r, s });
 * signature.value; // { r, s }, 32 bytes each
 * ```
 */
export class EcdsaSignature extends NadaValueBase {
  /** The value kind. */
  static readonly type = "EcdsaSignature";
  /** The value kind. */
  readonly type = "EcdsaSignature";
  /** Secret: s is split into additive shares. */
  readonly secret = true;
  readonly #r: Uint8Array;
  readonly #s: Uint8Array;

  constructor(signature: EcdsaSignatureComponents) {
    super();
    if (typeof signature !== "object" || signature === null) {
      throw valueError(
        "EcdsaSignature",
        "type",
        `expected an object { r, s } of two Uint8Arrays, got ${describeInput(signature)}`,
        { argument: "signature" },
      );
    }
    this.#r = component(signature.r, "r");
    this.#s = component(signature.s, "s");
  }

  /** A copy of r, 32 bytes big-endian. */
  get r(): Uint8Array {
    return this.#r.slice();
  }

  /** A copy of s, 32 bytes big-endian. */
  get s(): Uint8Array {
    return this.#s.slice();
  }

  /** Copies of both components, 32 bytes big-endian each. */
  get value(): EcdsaSignatureComponents {
    return { r: this.r, s: this.s };
  }

  equals(other: unknown): boolean {
    if (!isNadaValueObject(other) || other.type !== this.type) return false;
    const theirs = other as EcdsaSignature;
    return bytesEqual(this.#r, theirs.r) && bytesEqual(this.#s, theirs.s);
  }

  toString(): string {
    return `EcdsaSignature(r=${bytesToHex(this.#r)}, s=${bytesToHex(this.#s)})`;
  }
}
