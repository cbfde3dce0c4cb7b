// Operation <-> nillion.nada.operations.v1.Operation.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  BinaryOperationVariant,
  OperationSchema,
  type Operation as ProtoOperation,
  TupleIndex,
  UnaryOperationVariant,
} from "@nillion/proto/nillion/nada/v1/operations";
import type { BinaryOperationKind, Operation, UnaryOperationKind } from "./operation.js";
import { type DecodeFailure, typeFromProto, typeToProto } from "./type-codec.js";

const BINARY_KINDS: ReadonlyMap<BinaryOperationVariant, BinaryOperationKind> = new Map([
  [BinaryOperationVariant.ADDITION, "addition"],
  [BinaryOperationVariant.SUBTRACTION, "subtraction"],
  [BinaryOperationVariant.MULTIPLICATION, "multiplication"],
  [BinaryOperationVariant.LESS_THAN, "lessThan"],
  [BinaryOperationVariant.LESS_EQ, "lessOrEqual"],
  [BinaryOperationVariant.GREATER_THAN, "greaterThan"],
  [BinaryOperationVariant.GREATER_EQ, "greaterOrEqual"],
  [BinaryOperationVariant.EQUALS_PUBLIC_OUTPUT, "publicOutputEquality"],
  [BinaryOperationVariant.EQUALS, "equals"],
  [BinaryOperationVariant.MODULO, "modulo"],
  [BinaryOperationVariant.POWER, "power"],
  [BinaryOperationVariant.DIVISION, "division"],
  [BinaryOperationVariant.LEFT_SHIFT, "leftShift"],
  [BinaryOperationVariant.RIGHT_SHIFT, "rightShift"],
  [BinaryOperationVariant.TRUNC_PR, "truncPr"],
  [BinaryOperationVariant.NOT_EQUALS, "notEquals"],
  [BinaryOperationVariant.BOOL_AND, "booleanAnd"],
  [BinaryOperationVariant.BOOL_OR, "booleanOr"],
  [BinaryOperationVariant.BOOL_XOR, "booleanXor"],
  [BinaryOperationVariant.ZIP, "zip"],
  [BinaryOperationVariant.INNER_PRODUCT, "innerProduct"],
  [BinaryOperationVariant.ECDSA_SIGN, "ecdsaSign"],
  [BinaryOperationVariant.EDDSA_SIGN, "eddsaSign"],
]);

const UNARY_KINDS: ReadonlyMap<UnaryOperationVariant, UnaryOperationKind> = new Map([
  [UnaryOperationVariant.UNZIP, "unzip"],
  [UnaryOperationVariant.REVEAL, "reveal"],
  [UnaryOperationVariant.NOT, "not"],
  [UnaryOperationVariant.PUBLIC_KEY_DERIVE, "publicKeyDerive"],
]);

const BINARY_VARIANTS = Object.fromEntries(
  [...BINARY_KINDS].map(([variant, kind]) => [kind, variant]),
) as Readonly<Record<BinaryOperationKind, BinaryOperationVariant>>;
const UNARY_VARIANTS = Object.fromEntries(
  [...UNARY_KINDS].map(([variant, kind]) => [kind, variant]),
) as Readonly<Record<UnaryOperationKind, UnaryOperationVariant>>;

/**
 * A protobuf id (uint64) as a number. Ids above 2^53 − 1 would lose precision; no front end comes near.
 */
export function idFromProto(value: bigint, what: string, fail: DecodeFailure): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`${what} ${value} is larger than 2^53 - 1`);
  return Number(value);
}

/** The model of a protobuf operation; `fail` reports what the node's decoder would refuse. */
export function operationFromProto(operation: ProtoOperation, fail: DecodeFailure): Operation {
  const id = idFromProto(operation.id, "operation id", fail);
  const what = `operation ${id}`;
  const ref = (value: bigint) => idFromProto(value, `${what}: operand id`, fail);
  const common = {
    id,
    type: typeFromProto(operation.type, what, fail),
    sourceRefIndex: idFromProto(operation.sourceRefIndex, `${what}: source_ref_index`, fail),
  };
  const value = operation.operation;
  switch (value.case) {
    case "binary": {
      const kind = BINARY_KINDS.get(value.value.variant);
      if (kind === undefined) return fail(`${what}: unknown binary variant ${value.value.variant}`);
      return { kind, ...common, left: ref(value.value.left), right: ref(value.value.right) };
    }
    case "unary": {
      const kind = UNARY_KINDS.get(value.value.variant);
      if (kind === undefined) return fail(`${what}: unknown unary variant ${value.value.variant}`);
      return { kind, ...common, operand: ref(value.value.this) };
    }
    case "ifelse":
      return {
        kind: "ifElse",
        ...common,
        condition: ref(value.value.cond),
        whenTrue: ref(value.value.first),
        whenFalse: ref(value.value.second),
      };
    case "random":
      return { kind: "random", ...common };
    case "inputRef":
      return { kind: "inputReference", ...common, input: value.value.refersTo };
    case "literalRef":
      return { kind: "literalReference", ...common, literal: value.value.refersTo };
    case "argRef":
      return {
        kind: "argumentReference",
        ...common,
        functionId: idFromProto(value.value.functionId, `${what}: function id`, fail),
        argument: value.value.refersTo,
      };
    case "map":
      return {
        kind: "map",
        ...common,
        functionId: idFromProto(value.value.fn, `${what}: function id`, fail),
        array: ref(value.value.child),
      };
    case "reduce":
      return {
        kind: "reduce",
        ...common,
        functionId: idFromProto(value.value.fn, `${what}: function id`, fail),
        array: ref(value.value.child),
        initial: ref(value.value.initial),
      };
    case "new":
      return { kind: "new", ...common, elements: Object.freeze(value.value.elements.map(ref)) };
    case "arrayAccessor":
      return { kind: "arrayAccessor", ...common, source: ref(value.value.source), index: value.value.index };
    case "tupleAccessor": {
      const { index } = value.value;
      if (index !== TupleIndex.LEFT && index !== TupleIndex.RIGHT)
        return fail(`${what}: invalid tuple index ${index}`);
      const side = index === TupleIndex.LEFT ? "left" : "right";
      return { kind: "tupleAccessor", ...common, source: ref(value.value.source), side };
    }
    case "ntupleAccessor":
      return { kind: "ntupleAccessor", ...common, source: ref(value.value.source), index: value.value.index };
    case "objectAccessor":
      return { kind: "objectAccessor", ...common, source: ref(value.value.source), key: value.value.key };
    case "cast": {
      const { castTo } = value.value;
      return {
        kind: "cast",
        ...common,
        target: ref(value.value.target),
        castTo: castTo === undefined ? undefined : typeFromProto(castTo, `${what}: cast_to`, fail),
      };
    }
    default:
      return fail(`${what}: operation not set`);
  }
}

/** The protobuf form of a model operation. */
export function operationToProto(operation: Operation): ProtoOperation {
  return create(OperationSchema, {
    id: BigInt(operation.id),
    type: typeToProto(operation.type),
    sourceRefIndex: BigInt(operation.sourceRefIndex),
    operation: variantInit(operation),
  });
}

type VariantInit = NonNullable<MessageInitShape<typeof OperationSchema>["operation"]>;

function variantInit(operation: Operation): VariantInit {
  const id = BigInt;
  switch (operation.kind) {
    case "unzip":
    case "reveal":
    case "not":
    case "publicKeyDerive":
      return {
        case: "unary",
        value: { variant: UNARY_VARIANTS[operation.kind], this: id(operation.operand) },
      };
    case "ifElse":
      return {
        case: "ifelse",
        value: {
          cond: id(operation.condition),
          first: id(operation.whenTrue),
          second: id(operation.whenFalse),
        },
      };
    case "random":
      return { case: "random", value: {} };
    case "inputReference":
      return { case: "inputRef", value: { refersTo: operation.input } };
    case "literalReference":
      return { case: "literalRef", value: { refersTo: operation.literal } };
    case "argumentReference":
      return {
        case: "argRef",
        value: { functionId: id(operation.functionId), refersTo: operation.argument },
      };
    case "map":
      return { case: "map", value: { fn: id(operation.functionId), child: id(operation.array) } };
    case "reduce":
      return {
        case: "reduce",
        value: { fn: id(operation.functionId), child: id(operation.array), initial: id(operation.initial) },
      };
    case "new":
      return { case: "new", value: { elements: operation.elements.map(id) } };
    case "arrayAccessor":
      return { case: "arrayAccessor", value: { index: operation.index, source: id(operation.source) } };
    case "tupleAccessor":
      return {
        case: "tupleAccessor",
        value: {
          index: operation.side === "left" ? TupleIndex.LEFT : TupleIndex.RIGHT,
          source: id(operation.source),
        },
      };
    case "ntupleAccessor":
      return { case: "ntupleAccessor", value: { index: operation.index, source: id(operation.source) } };
    case "objectAccessor":
      return { case: "objectAccessor", value: { key: operation.key, source: id(operation.source) } };
    case "cast":
      return {
        case: "cast",
        value: {
          target: id(operation.target),
          ...(operation.castTo === undefined ? {} : { castTo: typeToProto(operation.castTo) }),
        },
      };
    default:
      return {
        case: "binary",
        value: {
          variant: BINARY_VARIANTS[operation.kind],
          left: id(operation.left),
          right: id(operation.right),
        },
      };
  }
}
