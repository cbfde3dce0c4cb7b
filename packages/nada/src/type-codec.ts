// NadaType <-> nillion.nada.types.v1.NadaType.
import { create } from "@bufbuild/protobuf";
import { NadaTypeSchema, type NadaType as ProtoNadaType } from "@nillion/proto/nillion/nada/v1/types";
import { InvalidArgumentError } from "@nillion/types";
import type { NadaType, ScalarTypeName } from "./nada-type.js";

/** Reports a field the node's decoder would refuse; never returns. */
export type DecodeFailure = (reason: string) => never;

type ScalarCase = Exclude<
  NonNullable<ProtoNadaType["nadaType"]["case"]>,
  "array" | "tuple" | "ntuple" | "object"
>;

// The oneof case names are the type names with a lower-case first letter.
const SCALAR_CASES: Readonly<Record<ScalarCase, ScalarTypeName>> = {
  integer: "Integer",
  unsignedInteger: "UnsignedInteger",
  boolean: "Boolean",
  secretInteger: "SecretInteger",
  secretUnsignedInteger: "SecretUnsignedInteger",
  secretBoolean: "SecretBoolean",
  ecdsaPrivateKey: "EcdsaPrivateKey",
  ecdsaDigestMessage: "EcdsaDigestMessage",
  ecdsaSignature: "EcdsaSignature",
  ecdsaPublicKey: "EcdsaPublicKey",
  eddsaPrivateKey: "EddsaPrivateKey",
  eddsaPublicKey: "EddsaPublicKey",
  eddsaMessage: "EddsaMessage",
  eddsaSignature: "EddsaSignature",
};

const CASE_OF: ReadonlyMap<ScalarTypeName, ScalarCase> = new Map(
  Object.entries(SCALAR_CASES).map(([protoCase, kind]) => [kind, protoCase as ScalarCase]),
);

/** The model type of a protobuf type; `what` names the field in the failure message. */
export function typeFromProto(type: ProtoNadaType | undefined, what: string, fail: DecodeFailure): NadaType {
  const value = type?.nadaType;
  if (value === undefined || value.case === undefined) return fail(`${what}: type not set`);
  switch (value.case) {
    case "array": {
      const element = typeFromProto(value.value.containedType, `${what} (array element)`, fail);
      return Object.freeze({ kind: "Array", element, size: value.value.size });
    }
    case "tuple":
      return Object.freeze({
        kind: "Tuple",
        left: typeFromProto(value.value.left, `${what} (tuple left)`, fail),
        right: typeFromProto(value.value.right, `${what} (tuple right)`, fail),
      });
    case "ntuple":
      return Object.freeze({
        kind: "NTuple",
        fields: Object.freeze(
          value.value.fields.map((field, i) => typeFromProto(field, `${what} (ntuple field ${i})`, fail)),
        ),
      });
    case "object":
      return Object.freeze({
        kind: "Object",
        fields: Object.freeze(
          value.value.fields.map((field) =>
            Object.freeze({
              name: field.name,
              type: typeFromProto(field.type, `${what} (object field ${JSON.stringify(field.name)})`, fail),
            }),
          ),
        ),
      });
    default:
      return Object.freeze({ kind: SCALAR_CASES[value.case] });
  }
}

/** The protobuf form of a model type. */
export function typeToProto(type: NadaType): ProtoNadaType {
  switch (type.kind) {
    case "Array":
      return create(NadaTypeSchema, {
        nadaType: { case: "array", value: { containedType: typeToProto(type.element), size: type.size } },
      });
    case "Tuple":
      return create(NadaTypeSchema, {
        nadaType: { case: "tuple", value: { left: typeToProto(type.left), right: typeToProto(type.right) } },
      });
    case "NTuple":
      return create(NadaTypeSchema, {
        nadaType: { case: "ntuple", value: { fields: type.fields.map(typeToProto) } },
      });
    case "Object":
      return create(NadaTypeSchema, {
        nadaType: {
          case: "object",
          value: {
            fields: type.fields.map((field) => ({ name: field.name, type: typeToProto(field.type) })),
          },
        },
      });
    default: {
      const protoCase = CASE_OF.get(type.kind);
      if (protoCase === undefined) {
        throw new InvalidArgumentError(`not a Nada type: ${JSON.stringify(type.kind)}`, {
          argument: "program",
        });
      }
      return create(NadaTypeSchema, { nadaType: { case: protoCase, value: {} } });
    }
  }
}
