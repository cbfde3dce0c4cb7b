// The `EddsaSignature` value class.
import { concatBytes, isBytes } from "../bytes.js";
import { BytesValueBase } from "./bytes-value-base.js";
import { checkScalar, ED25519_ORDER } from "./scalar.js";
import { copyFixedBytes, copyValueBytes, describeInput, valueError } from "./value-error.js";

/**
 * The two components of an ed25519 signature: the point R (32 bytes, compressed) and the scalar z
 * (little-endian).
 *
 * @example
 * ```ts
 * import type { EddsaSignatureComponents } from "@nillion/types";
 *
 * const parts: EddsaSignatureComponents = { r: new Uint8Array(32), z: new Uint8Array(32) };
 * ```
 */
export interface EddsaSignatureComponents {
  readonly r: Uint8Array;
  readonly z: Uint8Array;
}

const Z_RULES = {
  order: ED25519_ORDER,
  orderName: "the ed25519 group order ℓ",
  littleEndian: true,
  allowZero: true,
} as const;

function fromSignatureBytes(input: unknown): Uint8Array {
  const bytes = copyFixedBytes("EddsaSignature", input, 64, "R ‖ z: a 32-byte point then a 32-byte scalar");
  checkScalar("EddsaSignature", bytes.subarray(32), Z_RULES, "z");
  return bytes;
}

function fromComponents(input: { readonly r?: unknown; readonly z?: unknown }): Uint8Array {
  const r = copyFixedBytes("EddsaSignature", input.r, 32, "a compressed ed25519 point", "r");
  const z = copyValueBytes("EddsaSignature", input.z, "z");
  if (z.length === 0 || z.length > 32) {
    throw valueError(
      "EddsaSignature",
      "byte-length",
      `"z" must be 1 to 32 bytes (a little-endian scalar), got ${z.length} bytes`,
      { argument: "z", details: { got: z.length } },
    );
  }
  // Little-endian: a short z is zero-extended on the high (right) side, as the official parser does.
  const zFull = new Uint8Array(32);
  zFull.set(z);
  checkScalar("EddsaSignature", zFull, Z_RULES, "z");
  return concatBytes(r, zFull);
}

function validate(signature: unknown): Uint8Array {
  if (isBytes(signature)) return fromSignatureBytes(signature);
  if (typeof signature === "object" && signature !== null) return fromComponents(signature);
  throw valueError(
    "EddsaSignature",
    "type",
    `expected 64 signature bytes or an object { r, z } of two Uint8Arrays, got ${describeInput(signature)}`,
    { argument: "signature" },
  );
}

/**
 * An ed25519 signature, R ‖ z (64 bytes), e.g. the output of a threshold EdDSA signing program. Public.
 *
 * Built from the 64 signature bytes or from `{ r, z }` (r: 32 bytes; z: 1 to 32 bytes little-endian,
 * zero-extended). z must be below ℓ. Whether R is a valid curve point is checked by `@nillion/crypto`,
 * not here (this package has no curve arithmetic); the official constructor rejects such an R.
 *
 * @throws {ValueValidationError} rule `type`, `byte-length` or `scalar-range` (z ≥ ℓ).
 *
 * @example
 * ```ts
 * import { EddsaSignature } from "@nillion/types";
 *
 * const signature = new EddsaSignature(new Uint8Array(64));
 * signature.r.length; // 32
 * new EddsaSignature({ r: signature.r, z: signature.z }).equals(signature); // true
 * ```
 */
export class EddsaSignature extends BytesValueBase {
  /** The value kind. */
  static readonly type = "EddsaSignature";
  /** The value kind. */
  readonly type = "EddsaSignature";
  /** Public. */
  readonly secret = false;

  constructor(signature: Uint8Array | EddsaSignatureComponents) {
    super(validate(signature));
  }

  /** A copy of R, the first 32 bytes. */
  get r(): Uint8Array {
    return this.value.slice(0, 32);
  }

  /** A copy of z, the last 32 bytes (little-endian). */
  get z(): Uint8Array {
    return this.value.slice(32);
  }
}
