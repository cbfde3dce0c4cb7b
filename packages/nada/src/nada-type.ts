// The Nada type model: the `NadaType` oneof of nillion.nada.types.v1, as an immutable tagged union.

/**
 * The names of the scalar Nada types. They are spelled like the `type` discriminant of the
 * `@nillion/types` value classes, so a value and the type it must have compare by name.
 *
 * @example
 * ```ts
 * import type { ScalarTypeName } from "@nillion/nada";
 *
 * const name: ScalarTypeName = "SecretUnsignedInteger";
 * ```
 */
export type ScalarTypeName =
  | "Integer"
  | "UnsignedInteger"
  | "Boolean"
  | "SecretInteger"
  | "SecretUnsignedInteger"
  | "SecretBoolean"
  | "EcdsaPrivateKey"
  | "EcdsaDigestMessage"
  | "EcdsaSignature"
  | "EcdsaPublicKey"
  | "EddsaPrivateKey"
  | "EddsaPublicKey"
  | "EddsaMessage"
  | "EddsaSignature";

/**
 * A scalar type: `{ kind: "SecretInteger" }`.
 *
 * @example
 * ```ts
 * import type { ScalarType } from "@nillion/nada";
 *
 * const secret: ScalarType = { kind: "SecretInteger" };
 * ```
 */
export interface ScalarType {
  readonly kind: ScalarTypeName;
}

/**
 * A fixed-size array whose elements all have type `element`.
 *
 * @example
 * ```ts
 * import type { ArrayType } from "@nillion/nada";
 *
 * const three: ArrayType = { kind: "Array", element: { kind: "SecretInteger" }, size: 3 };
 * ```
 */
export interface ArrayType {
  readonly kind: "Array";
  readonly element: NadaType;
  readonly size: number;
}

/**
 * A pair of values.
 *
 * @example
 * ```ts
 * import type { TupleType } from "@nillion/nada";
 *
 * const pair: TupleType = { kind: "Tuple", left: { kind: "Integer" }, right: { kind: "SecretBoolean" } };
 * ```
 */
export interface TupleType {
  readonly kind: "Tuple";
  readonly left: NadaType;
  readonly right: NadaType;
}

/**
 * A tuple of any length. The schema has it, but the node can neither load nor access one.
 *
 * @example
 * ```ts
 * import type { NTupleType } from "@nillion/nada";
 *
 * const triple: NTupleType = { kind: "NTuple", fields: [{ kind: "Integer" }, { kind: "Integer" }, { kind: "Boolean" }] };
 * ```
 */
export interface NTupleType {
  readonly kind: "NTuple";
  readonly fields: readonly NadaType[];
}

/**
 * A record of named fields. The schema has it, but the node can neither load nor access one.
 *
 * @example
 * ```ts
 * import type { ObjectType } from "@nillion/nada";
 *
 * const point: ObjectType = { kind: "Object", fields: [{ name: "x", type: { kind: "Integer" } }] };
 * ```
 */
export interface ObjectType {
  readonly kind: "Object";
  readonly fields: readonly { readonly name: string; readonly type: NadaType }[];
}

/**
 * Any Nada type.
 *
 * @example
 * ```ts
 * import { formatNadaType, type NadaType } from "@nillion/nada";
 *
 * const type: NadaType = { kind: "Array", element: { kind: "SecretInteger" }, size: 3 };
 * formatNadaType(type); // "Array<SecretInteger, 3>"
 * ```
 */
export type NadaType = ScalarType | ArrayType | TupleType | NTupleType | ObjectType;

/**
 * The readable form of a type. Arrays and tuples are written like `shapeOf` in `@nillion/types` writes a
 * value's shape (`Array<SecretInteger, 3>`, `Tuple<Integer, Boolean>`), so a value has the right type
 * exactly when `shapeOf(value) === formatNadaType(type)`.
 *
 * @example
 * ```ts
 * import { formatNadaType } from "@nillion/nada";
 *
 * formatNadaType({ kind: "Tuple", left: { kind: "Integer" }, right: { kind: "Boolean" } }); // "Tuple<Integer, Boolean>"
 * ```
 */
export function formatNadaType(type: NadaType): string {
  switch (type.kind) {
    case "Array":
      return `Array<${formatNadaType(type.element)}, ${type.size}>`;
    case "Tuple":
      return `Tuple<${formatNadaType(type.left)}, ${formatNadaType(type.right)}>`;
    case "NTuple":
      return `NTuple<${type.fields.map(formatNadaType).join(", ")}>`;
    case "Object":
      return `Object<${type.fields.map((field) => `${field.name}: ${formatNadaType(field.type)}`).join(", ")}>`;
    default:
      return type.kind;
  }
}

/**
 * Whether two types are the same type (deep, including array sizes and field names).
 *
 * @example
 * ```ts
 * import { nadaTypesEqual } from "@nillion/nada";
 *
 * nadaTypesEqual({ kind: "Integer" }, { kind: "Integer" }); // true
 * ```
 */
export function nadaTypesEqual(a: NadaType, b: NadaType): boolean {
  return formatNadaType(a) === formatNadaType(b);
}
