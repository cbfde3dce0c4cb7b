// The node compiler's view of types: MIR types plus Shamir-share scalars, with its conversions between
// public, secret and share shapes and its memory-slot counts. Internal to the metadata computation.

import { CompilationFailure } from "./compilation-failure.js";
import type { NadaType, ScalarTypeName } from "./nada-type.js";

type ShareScalar = "ShamirShareInteger" | "ShamirShareUnsignedInteger" | "ShamirShareBoolean";

/** A type as the node's compiler handles it: a MIR type, or a share of an integer or boolean. */
export type VmType =
  | { readonly kind: ScalarTypeName | ShareScalar }
  | { readonly kind: "Array"; readonly element: VmType; readonly size: number }
  | { readonly kind: "Tuple"; readonly left: VmType; readonly right: VmType }
  | { readonly kind: "NTuple"; readonly fields: readonly VmType[] }
  | { readonly kind: "Object"; readonly fields: readonly { readonly name: string; readonly type: VmType }[] };

type Shape = "public" | "secret" | "share";
type Primitive =
  | "Integer"
  | "UnsignedInteger"
  | "Boolean"
  | "EcdsaPrivateKey"
  | "EcdsaDigestMessage"
  | "EcdsaSignature"
  | "EcdsaPublicKey"
  | "EddsaPrivateKey"
  | "EddsaPublicKey"
  | "EddsaMessage"
  | "EddsaSignature";

// (shape, primitive) of every scalar, as the node's type metadata records it.
const SCALARS: Readonly<Record<ScalarTypeName | ShareScalar, readonly [Shape, Primitive]>> = {
  Integer: ["public", "Integer"],
  UnsignedInteger: ["public", "UnsignedInteger"],
  Boolean: ["public", "Boolean"],
  SecretInteger: ["secret", "Integer"],
  SecretUnsignedInteger: ["secret", "UnsignedInteger"],
  SecretBoolean: ["secret", "Boolean"],
  ShamirShareInteger: ["share", "Integer"],
  ShamirShareUnsignedInteger: ["share", "UnsignedInteger"],
  ShamirShareBoolean: ["share", "Boolean"],
  EcdsaPrivateKey: ["secret", "EcdsaPrivateKey"],
  EcdsaDigestMessage: ["public", "EcdsaDigestMessage"],
  EcdsaSignature: ["secret", "EcdsaSignature"],
  EcdsaPublicKey: ["public", "EcdsaPublicKey"],
  EddsaPrivateKey: ["secret", "EddsaPrivateKey"],
  EddsaPublicKey: ["public", "EddsaPublicKey"],
  EddsaMessage: ["public", "EddsaMessage"],
  EddsaSignature: ["public", "EddsaSignature"],
};

const SCALAR_OF = new Map(
  Object.entries(SCALARS).map(([kind, [shape, primitive]]) => [`${shape} ${primitive}`, kind]),
);

// The node's `is_public` lists these leaves only, so public keys count as not public (a quirk that decides
// which adapters exist, so it is kept).
const PUBLIC_LEAVES: ReadonlySet<string> = new Set([
  "Integer",
  "UnsignedInteger",
  "Boolean",
  "EcdsaDigestMessage",
  "EddsaMessage",
  "EddsaSignature",
]);

function isScalarKind(kind: string): kind is ScalarTypeName | ShareScalar {
  return Object.hasOwn(SCALARS, kind);
}

/** The primitive under a scalar (`NadaTypeMetadata::nada_primitive_type`); `undefined` for compounds. */
export function primitiveOf(type: VmType): Primitive | undefined {
  return isScalarKind(type.kind) ? SCALARS[type.kind][1] : undefined;
}

/** Whether a scalar is held secret (secret or share shape); public keys and messages are not. */
export function isPrivate(type: VmType): boolean {
  return isScalarKind(type.kind) && SCALARS[type.kind][0] !== "public";
}

/** The node's `is_public`: every leaf is a public scalar. */
export function isVmPublic(type: VmType): boolean {
  switch (type.kind) {
    case "Array":
      return isVmPublic(type.element);
    case "Tuple":
      return isVmPublic(type.left) && isVmPublic(type.right);
    case "NTuple":
      return type.fields.every(isVmPublic);
    case "Object":
      return type.fields.every((field) => isVmPublic(field.type));
    default:
      return PUBLIC_LEAVES.has(type.kind);
  }
}

/**
 * `type` with every scalar that satisfies `when` changed to `shape` (`with_shape_if`). Combinations the
 * node leaves unimplemented (a public private key, a shared digest…) fail compilation as they do there.
 */
export function withShape(type: VmType, shape: Shape, when: (type: VmType) => boolean = () => true): VmType {
  switch (type.kind) {
    case "Array":
      return { kind: "Array", element: withShape(type.element, shape, when), size: type.size };
    case "Tuple":
      return {
        kind: "Tuple",
        left: withShape(type.left, shape, when),
        right: withShape(type.right, shape, when),
      };
    case "NTuple":
      return { kind: "NTuple", fields: type.fields.map((field) => withShape(field, shape, when)) };
    case "Object":
      return {
        kind: "Object",
        fields: type.fields.map((field) => ({ name: field.name, type: withShape(field.type, shape, when) })),
      };
    default: {
      if (!when(type)) return type;
      const primitive = SCALARS[type.kind][1];
      const kind = SCALAR_OF.get(`${shape} ${primitive}`);
      if (kind === undefined) throw new CompilationFailure(`${shape} ${primitive} is unimplemented`);
      return { kind: kind as VmType["kind"] } as VmType;
    }
  }
}

/** The node's `as_public`. */
export function asPublic(type: VmType): VmType {
  return withShape(type, "public");
}

/** The node's `as_shamir_share`. */
export function asShare(type: VmType): VmType {
  return withShape(type, "share");
}

/** The node's `to_internal_type`: how a loaded input is held (secret integers and booleans as shares). */
export function toInternal(type: NadaType): VmType {
  return withShape(type, "share", (scalar) => /^Secret(Integer|UnsignedInteger|Boolean)$/.test(scalar.kind));
}

/** A string that is equal for equal types, for use as a map key. */
export function vmTypeKey(type: VmType): string {
  switch (type.kind) {
    case "Array":
      return `[${vmTypeKey(type.element)};${type.size}]`;
    case "Tuple":
      return `(${vmTypeKey(type.left)},${vmTypeKey(type.right)})`;
    case "NTuple":
      return `(${type.fields.map(vmTypeKey).join(",")})n`;
    case "Object":
      return `{${type.fields.map((field) => `${field.name}:${vmTypeKey(field.type)}`).join(",")}}`;
    default:
      return type.kind;
  }
}

/**
 * Memory slots a protocol result (or an input) of this type takes: one, plus one per element of an array
 * or tuple, whose elements are pointers. Other compounds cannot be placed.
 */
export function resultSlots(type: VmType): number {
  switch (type.kind) {
    case "Array":
      return type.size + 1;
    case "Tuple":
      return 3;
    case "NTuple":
    case "Object":
      throw new CompilationFailure("unsupported compound type");
    default:
      return 1;
  }
}

/** Bytecode addresses a value of this type spans when laid out in full (`address_count`). */
export function addressCount(type: VmType): number {
  switch (type.kind) {
    case "Array":
      return 1 + type.size * addressCount(type.element);
    case "Tuple":
      return 1 + addressCount(type.left) + addressCount(type.right);
    case "NTuple":
      return 1 + type.fields.reduce((sum, field) => sum + addressCount(field), 0);
    case "Object":
      return 1 + type.fields.reduce((sum, field) => sum + addressCount(field.type), 0);
    default:
      return 1;
  }
}
