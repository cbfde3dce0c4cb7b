// Values as one party holds them during a computation, and their conversion from and to the wire shape
// nodes store (`nillion.values.v1.value.Value`, as @nillion/crypto's masker writes it).
import type { PrimeField, WireValue, WireValueCase, WireValueType } from "@nillion/crypto";
import type { ArrayType, NadaType, TupleType } from "@nillion/nada";
import { formatNadaType } from "@nillion/nada";
import { InternalError, InvalidArgumentError } from "@nillion/types";
import {
  isThresholdType,
  type PartyPosition,
  readThresholdValue,
  THRESHOLD_CASES,
  type ThresholdValue,
} from "./threshold/threshold-values.js";

/** The scalar types the arithmetic engine computes on. */
export type ArithmeticTypeName =
  | "Integer"
  | "UnsignedInteger"
  | "Boolean"
  | "SecretInteger"
  | "SecretUnsignedInteger"
  | "SecretBoolean";

/**
 * A scalar as one party holds it: a public value in the clear, or this party's Shamir share of a secret
 * (the type says which). Either way a canonical field element.
 */
export interface ScalarShare {
  readonly kind: "scalar";
  readonly type: { readonly kind: ArithmeticTypeName };
  readonly element: bigint;
}

/** An array, element by element. */
export interface ArrayShare {
  readonly kind: "array";
  readonly type: ArrayType;
  readonly elements: readonly ShareValue[];
}

/** A tuple. */
export interface TupleShare {
  readonly kind: "tuple";
  readonly type: TupleType;
  readonly left: ShareValue;
  readonly right: ShareValue;
}

/** Any value as one party holds it. */
export type ShareValue = ScalarShare | ArrayShare | TupleShare | ThresholdValue;

type ElementCase = Extract<WireValueCase, { readonly value: { readonly value: Uint8Array } }>["case"];

const CASE_OF: Readonly<Record<ArithmeticTypeName, ElementCase>> = {
  Integer: "publicInteger",
  UnsignedInteger: "publicUnsignedInteger",
  Boolean: "publicBoolean",
  SecretInteger: "shamirShareInteger",
  SecretUnsignedInteger: "shamirShareUnsignedInteger",
  SecretBoolean: "shamirShareBoolean",
};

/** Whether the engine computes on values of this scalar type. */
export function isArithmeticType(type: NadaType): type is { readonly kind: ArithmeticTypeName } {
  return Object.hasOwn(CASE_OF, type.kind);
}

/** A scalar of `type` holding `element`. */
export function scalarShare(type: { readonly kind: ArithmeticTypeName }, element: bigint): ScalarShare {
  return { kind: "scalar", type, element };
}

/** The received form of a wire value: protobuf-es messages may leave oneofs and fields unset. */
type WireInput = { readonly case: string | undefined; readonly value?: unknown } | undefined;

/**
 * Reads a party's stored piece of a value of type `type`, checking that its shape is the type's (array
 * sizes and tuple sides included), that every element has the field's width, and that threshold-signature
 * values are well formed (a key share must be valid, and the reading party's when `position` is given).
 *
 * @param path names the value in error messages, e.g. `input "xs"`
 * @throws {InvalidArgumentError} `invalid values: …` (argument `inputs`) for any mismatch
 */
export function readWireValue(
  wire: WireInput,
  type: NadaType,
  field: PrimeField,
  path: string,
  position?: PartyPosition,
): ShareValue {
  const mismatch = (): never => {
    throw invalidValues(`${path} must be ${formatNadaType(type)}, got ${wire?.case ?? "no value"}`);
  };
  switch (type.kind) {
    case "Array": {
      if (wire?.case !== "array") return mismatch();
      const values = (wire.value as { readonly values?: readonly WireValue[] } | undefined)?.values ?? [];
      if (values.length !== type.size) {
        throw invalidValues(`${path} must have ${type.size} elements, got ${values.length}`);
      }
      const elements = values.map((element, i) =>
        readWireValue(element?.value, type.element, field, `${path}[${i}]`, position),
      );
      return { kind: "array", type, elements };
    }
    case "Tuple": {
      if (wire?.case !== "tuple") return mismatch();
      const sides = wire.value as { readonly left?: WireValue; readonly right?: WireValue } | undefined;
      return {
        kind: "tuple",
        type,
        left: readWireValue(sides?.left?.value, type.left, field, `${path}.left`, position),
        right: readWireValue(sides?.right?.value, type.right, field, `${path}.right`, position),
      };
    }
    default: {
      if (isThresholdType(type)) {
        const read = readThresholdValue(wire, type, position);
        if (typeof read === "string") throw invalidValues(`${path} ${read}`);
        return read;
      }
      if (!isArithmeticType(type)) {
        throw invalidValues(`${path}: values of type ${formatNadaType(type)} are not supported yet`);
      }
      if (wire?.case !== CASE_OF[type.kind]) return mismatch();
      const bytes = (wire.value as { readonly value?: Uint8Array } | undefined)?.value ?? new Uint8Array();
      if (bytes.length !== field.byteLength) {
        throw invalidValues(
          `${path} has ${bytes.length} bytes, the ${field.prime} field needs ${field.byteLength}`,
        );
      }
      return scalarShare(type, field.decode(bytes));
    }
  }
}

/**
 * The wire form of a value this party holds: shares as `shamirShare*`, public values as `public*`,
 * arrays with their element type, as a node returns them in `RetrieveResults`.
 */
export function writeWireValue(value: ShareValue, field: PrimeField): WireValue {
  switch (value.kind) {
    case "scalar":
      return { value: { case: CASE_OF[value.type.kind], value: { value: field.encode(value.element) } } };
    case "array":
      return {
        value: {
          case: "array",
          value: {
            values: value.elements.map((element) => writeWireValue(element, field)),
            innerType: wireValueType(value.type.element),
          },
        },
      };
    case "tuple":
      return {
        value: {
          case: "tuple",
          value: { left: writeWireValue(value.left, field), right: writeWireValue(value.right, field) },
        },
      };
    case "threshold":
      return { value: value.wire };
  }
}

function wireValueType(type: NadaType): WireValueType {
  switch (type.kind) {
    case "Array":
      return {
        valueType: {
          case: "array",
          value: { innerType: wireValueType(type.element), size: BigInt(type.size) },
        },
      };
    case "Tuple":
      return {
        valueType: {
          case: "tuple",
          value: { left: wireValueType(type.left), right: wireValueType(type.right) },
        },
      };
    default:
      if (isThresholdType(type)) return { valueType: { case: THRESHOLD_CASES[type.kind], value: {} } };
      // Only arithmetic and threshold values are ever computed, so only they are ever written.
      if (!isArithmeticType(type))
        throw new InternalError(`values of type ${formatNadaType(type)} cannot be written`);
      return { valueType: { case: CASE_OF[type.kind], value: {} } };
  }
}

function invalidValues(problem: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid values: ${problem}`, { argument: "inputs" });
}
