// What the catalogue's type rules ask of a type: its underlying primitive and whether it is secret.
import type { NadaType, ScalarTypeName } from "./nada-type.js";

/** The primitive under a scalar type, with the secret/public distinction removed. */
export type UnderlyingType = Exclude<ScalarTypeName, `Secret${string}`>;

const UNDERLYING: Readonly<Record<ScalarTypeName, UnderlyingType>> = {
  Integer: "Integer",
  SecretInteger: "Integer",
  UnsignedInteger: "UnsignedInteger",
  SecretUnsignedInteger: "UnsignedInteger",
  Boolean: "Boolean",
  SecretBoolean: "Boolean",
  EcdsaPrivateKey: "EcdsaPrivateKey",
  EcdsaDigestMessage: "EcdsaDigestMessage",
  EcdsaSignature: "EcdsaSignature",
  EcdsaPublicKey: "EcdsaPublicKey",
  EddsaPrivateKey: "EddsaPrivateKey",
  EddsaPublicKey: "EddsaPublicKey",
  EddsaMessage: "EddsaMessage",
  EddsaSignature: "EddsaSignature",
};

// Values a node holds as per-node shares; everything else is the same public value on every node.
const SECRET_SCALARS: ReadonlySet<ScalarTypeName> = new Set<ScalarTypeName>([
  "SecretInteger",
  "SecretUnsignedInteger",
  "SecretBoolean",
  "EcdsaPrivateKey",
  "EcdsaSignature",
  "EddsaPrivateKey",
]);

const PUBLIC_OF: Readonly<Partial<Record<ScalarTypeName, ScalarTypeName>>> = {
  SecretInteger: "Integer",
  SecretUnsignedInteger: "UnsignedInteger",
  SecretBoolean: "Boolean",
};

/** The underlying primitive of a scalar type; `undefined` for arrays, tuples and the other compounds. */
export function underlyingType(type: NadaType): UnderlyingType | undefined {
  return isScalar(type) ? UNDERLYING[type.kind] : undefined;
}

function isScalar(type: NadaType): type is { readonly kind: ScalarTypeName } {
  return Object.hasOwn(UNDERLYING, type.kind);
}

/**
 * Whether the type, or any part of it, is held as shares.
 *
 * @example
 * ```ts
 * isSecretType({ kind: "Array", element: { kind: "SecretInteger" }, size: 3 }); // true
 * isSecretType({ kind: "Integer" }); // false
 * ```
 */
export function isSecretType(type: NadaType): boolean {
  switch (type.kind) {
    case "Array":
      return isSecretType(type.element);
    case "Tuple":
      return isSecretType(type.left) || isSecretType(type.right);
    case "NTuple":
      return type.fields.some(isSecretType);
    case "Object":
      return type.fields.some((field) => isSecretType(field.type));
    default:
      return SECRET_SCALARS.has(type.kind);
  }
}

/** The public type an integer or boolean secret reveals to; `undefined` for other types. */
export function publicCounterpart(type: NadaType): NadaType | undefined {
  const kind = isScalar(type) ? PUBLIC_OF[type.kind] : undefined;
  return kind === undefined ? undefined : { kind };
}
