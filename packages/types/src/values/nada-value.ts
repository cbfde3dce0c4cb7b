// The union of all value classes, and the guard for it.
import type { NadaArray } from "./array.js";
import type { NadaBoolean } from "./boolean.js";
import type { EcdsaDigestMessage } from "./ecdsa-digest-message.js";
import type { EcdsaPrivateKey } from "./ecdsa-private-key.js";
import type { EcdsaPublicKey } from "./ecdsa-public-key.js";
import type { EcdsaSignature } from "./ecdsa-signature.js";
import type { EddsaMessage } from "./eddsa-message.js";
import type { EddsaPrivateKey } from "./eddsa-private-key.js";
import type { EddsaPublicKey } from "./eddsa-public-key.js";
import type { EddsaSignature } from "./eddsa-signature.js";
import type { Integer } from "./integer.js";
import { isNadaValueObject } from "./nada-value-base.js";
import type { SecretBlob } from "./secret-blob.js";
import type { SecretBoolean } from "./secret-boolean.js";
import type { SecretInteger } from "./secret-integer.js";
import type { SecretUnsignedInteger } from "./secret-unsigned-integer.js";
import type { StoreId } from "./store-id.js";
import type { NadaTuple } from "./tuple.js";
import type { UnsignedInteger } from "./unsigned-integer.js";

/**
 * Any value of protocol v0.10. Narrow it with its `type` discriminant.
 *
 * @example
 * ```ts
 * import type { NadaValue } from "@nillion/types";
 *
 * function describe(value: NadaValue): string {
 *   switch (value.type) {
 *     case "SecretInteger":
 *       return `a secret ${value.value}`;
 *     case "Array":
 *       return `${value.length} elements`;
 *     default:
 *       return value.toString();
 *   }
 * }
 * ```
 */
export type NadaValue =
  | Integer
  | UnsignedInteger
  | NadaBoolean
  | SecretInteger
  | SecretUnsignedInteger
  | SecretBoolean
  | SecretBlob
  | NadaArray<NadaValue>
  | NadaTuple<NadaValue, NadaValue>
  | EcdsaPrivateKey
  | EcdsaDigestMessage
  | EcdsaSignature
  | EcdsaPublicKey
  | StoreId
  | EddsaPrivateKey
  | EddsaMessage
  | EddsaSignature
  | EddsaPublicKey;

/**
 * The `type` discriminant of a value: `"Integer"`, `"SecretBlob"`, `"Array"`, ….
 *
 * @example
 * ```ts
 * import type { NadaValueType } from "@nillion/types";
 *
 * const kind: NadaValueType = "SecretUnsignedInteger";
 * ```
 */
export type NadaValueType = NadaValue["type"];

/**
 * Named values, as stored together under one values id or passed to a computation.
 *
 * @example
 * ```ts
 * import { Integer, SecretInteger, type NadaValues } from "@nillion/types";
 *
 * const values: NadaValues = { foo: new SecretInteger(42), bar: new Integer(1337) };
 * ```
 */
export type NadaValues = Record<string, NadaValue>;

const TYPES: ReadonlySet<string> = /* @__PURE__ */ new Set<NadaValueType>([
  "Integer",
  "UnsignedInteger",
  "Boolean",
  "SecretInteger",
  "SecretUnsignedInteger",
  "SecretBoolean",
  "SecretBlob",
  "Array",
  "Tuple",
  "EcdsaPrivateKey",
  "EcdsaDigestMessage",
  "EcdsaSignature",
  "EcdsaPublicKey",
  "StoreId",
  "EddsaPrivateKey",
  "EddsaMessage",
  "EddsaSignature",
  "EddsaPublicKey",
]);

/**
 * Whether `value` is a value object (from this copy of the package or another one, e.g. its CommonJS
 * build).
 *
 * @example
 * ```ts
 * import { isNadaValue, SecretInteger } from "@nillion/types";
 *
 * isNadaValue(new SecretInteger(1)); // true
 * isNadaValue({ type: "SecretInteger", value: 1n }); // false
 * ```
 */
export function isNadaValue(value: unknown): value is NadaValue {
  return isNadaValueObject(value) && TYPES.has(value.type);
}
