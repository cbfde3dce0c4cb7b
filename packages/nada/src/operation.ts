// The operations of a program: the `Operation` oneof of nillion.nada.operations.v1, one variant per kind.
import type { NadaType } from "./nada-type.js";

/**
 * What every operation has: its id in the operation table, its result type and the index of its source
 * reference (`program.sourceRefs[sourceRefIndex]`).
 *
 * @example
 * ```ts
 * import type { OperationCommon } from "@nillion/nada";
 *
 * const common: OperationCommon = { id: 3, type: { kind: "SecretInteger" }, sourceRefIndex: 0 };
 * ```
 */
export interface OperationCommon {
  readonly id: number;
  readonly type: NadaType;
  readonly sourceRefIndex: number;
}

/**
 * The kinds of two-operand operations, one per `BinaryOperationVariant`.
 *
 * @example
 * ```ts
 * import type { BinaryOperationKind } from "@nillion/nada";
 *
 * const kind: BinaryOperationKind = "lessThan";
 * ```
 */
export type BinaryOperationKind =
  | "addition"
  | "subtraction"
  | "multiplication"
  | "lessThan"
  | "lessOrEqual"
  | "greaterThan"
  | "greaterOrEqual"
  | "publicOutputEquality"
  | "equals"
  | "modulo"
  | "power"
  | "division"
  | "leftShift"
  | "rightShift"
  | "truncPr"
  | "notEquals"
  | "booleanAnd"
  | "booleanOr"
  | "booleanXor"
  | "zip"
  | "innerProduct"
  | "ecdsaSign"
  | "eddsaSign";

/**
 * `left <op> right`.
 *
 * @example
 * ```ts
 * import type { BinaryOperation } from "@nillion/nada";
 *
 * const sum: BinaryOperation = {
 *   kind: "addition", id: 2, left: 0, right: 1, type: { kind: "SecretInteger" }, sourceRefIndex: 0,
 * };
 * ```
 */
export interface BinaryOperation extends OperationCommon {
  readonly kind: BinaryOperationKind;
  readonly left: number;
  readonly right: number;
}

/**
 * The kinds of one-operand operations, one per `UnaryOperationVariant`.
 *
 * @example
 * ```ts
 * import type { UnaryOperationKind } from "@nillion/nada";
 *
 * const kind: UnaryOperationKind = "reveal";
 * ```
 */
export type UnaryOperationKind = "unzip" | "reveal" | "not" | "publicKeyDerive";

/**
 * `<op> operand`.
 *
 * @example
 * ```ts
 * import type { UnaryOperation } from "@nillion/nada";
 *
 * const opened: UnaryOperation = { kind: "reveal", id: 3, operand: 2, type: { kind: "Integer" }, sourceRefIndex: 0 };
 * ```
 */
export interface UnaryOperation extends OperationCommon {
  readonly kind: UnaryOperationKind;
  readonly operand: number;
}

/**
 * `condition.if_else(whenTrue, whenFalse)`.
 *
 * @example
 * ```ts
 * import type { IfElseOperation } from "@nillion/nada";
 *
 * const pick: IfElseOperation = {
 *   kind: "ifElse", id: 4, condition: 3, whenTrue: 0, whenFalse: 1, type: { kind: "SecretInteger" }, sourceRefIndex: 0,
 * };
 * ```
 */
export interface IfElseOperation extends OperationCommon {
  readonly kind: "ifElse";
  readonly condition: number;
  readonly whenTrue: number;
  readonly whenFalse: number;
}

/**
 * A fresh random value of the operation's type (`SecretInteger.random()` and friends).
 *
 * @example
 * ```ts
 * import type { RandomOperation } from "@nillion/nada";
 *
 * const draw: RandomOperation = { kind: "random", id: 0, type: { kind: "SecretBoolean" }, sourceRefIndex: 0 };
 * ```
 */
export interface RandomOperation extends OperationCommon {
  readonly kind: "random";
}

/**
 * Loads the input named `input`.
 *
 * @example
 * ```ts
 * import type { InputReference } from "@nillion/nada";
 *
 * const a: InputReference = { kind: "inputReference", id: 0, input: "a", type: { kind: "SecretInteger" }, sourceRefIndex: 1 };
 * ```
 */
export interface InputReference extends OperationCommon {
  readonly kind: "inputReference";
  readonly input: string;
}

/**
 * Reads the literal named `literal`.
 *
 * @example
 * ```ts
 * import type { LiteralReference } from "@nillion/nada";
 *
 * const ten: LiteralReference = { kind: "literalReference", id: 7, literal: "0d1f…", type: { kind: "Integer" }, sourceRefIndex: 5 };
 * ```
 */
export interface LiteralReference extends OperationCommon {
  readonly kind: "literalReference";
  readonly literal: string;
}

/**
 * Inside a function body: reads the argument named `argument` of function `functionId`.
 *
 * @example
 * ```ts
 * import type { ArgumentReference } from "@nillion/nada";
 *
 * const v: ArgumentReference = {
 *   kind: "argumentReference", id: 4, functionId: 3, argument: "v", type: { kind: "SecretInteger" }, sourceRefIndex: 0,
 * };
 * ```
 */
export interface ArgumentReference extends OperationCommon {
  readonly kind: "argumentReference";
  readonly functionId: number;
  readonly argument: string;
}

/**
 * `array.map(f)`: applies function `functionId` to every element.
 *
 * @example
 * ```ts
 * import type { MapOperation } from "@nillion/nada";
 *
 * const mapped: MapOperation = {
 *   kind: "map", id: 6, functionId: 3, array: 0,
 *   type: { kind: "Array", element: { kind: "SecretInteger" }, size: 5 }, sourceRefIndex: 0,
 * };
 * ```
 */
export interface MapOperation extends OperationCommon {
  readonly kind: "map";
  readonly functionId: number;
  readonly array: number;
}

/**
 * `array.reduce(f, initial)`: a left fold, `f(accumulator, element)`.
 *
 * @example
 * ```ts
 * import type { ReduceOperation } from "@nillion/nada";
 *
 * const total: ReduceOperation = {
 *   kind: "reduce", id: 11, functionId: 7, array: 0, initial: 2, type: { kind: "SecretInteger" }, sourceRefIndex: 3,
 * };
 * ```
 */
export interface ReduceOperation extends OperationCommon {
  readonly kind: "reduce";
  readonly functionId: number;
  readonly array: number;
  readonly initial: number;
}

/**
 * Builds an array or a tuple (the operation's type says which) from `elements`.
 *
 * @example
 * ```ts
 * import type { NewOperation } from "@nillion/nada";
 *
 * const pair: NewOperation = {
 *   kind: "new", id: 5, elements: [0, 1],
 *   type: { kind: "Tuple", left: { kind: "SecretInteger" }, right: { kind: "SecretInteger" } }, sourceRefIndex: 0,
 * };
 * ```
 */
export interface NewOperation extends OperationCommon {
  readonly kind: "new";
  readonly elements: readonly number[];
}

/**
 * `source[index]`.
 *
 * @example
 * ```ts
 * import type { ArrayAccessor } from "@nillion/nada";
 *
 * const first: ArrayAccessor = { kind: "arrayAccessor", id: 13, source: 0, index: 0, type: { kind: "SecretInteger" }, sourceRefIndex: 1 };
 * ```
 */
export interface ArrayAccessor extends OperationCommon {
  readonly kind: "arrayAccessor";
  readonly source: number;
  readonly index: number;
}

/**
 * `source.left` or `source.right`.
 *
 * @example
 * ```ts
 * import type { TupleAccessor } from "@nillion/nada";
 *
 * const left: TupleAccessor = { kind: "tupleAccessor", id: 5, source: 4, side: "left", type: { kind: "SecretInteger" }, sourceRefIndex: 6 };
 * ```
 */
export interface TupleAccessor extends OperationCommon {
  readonly kind: "tupleAccessor";
  readonly source: number;
  readonly side: "left" | "right";
}

/**
 * Field `index` of an n-tuple. In the schema only: the node rejects it when it decodes a program.
 *
 * @example
 * ```ts
 * import type { NTupleAccessor } from "@nillion/nada";
 *
 * const field: NTupleAccessor = { kind: "ntupleAccessor", id: 2, source: 1, index: 0, type: { kind: "Integer" }, sourceRefIndex: 0 };
 * ```
 */
export interface NTupleAccessor extends OperationCommon {
  readonly kind: "ntupleAccessor";
  readonly source: number;
  readonly index: number;
}

/**
 * Field `key` of an object. In the schema only: the node rejects it when it decodes a program.
 *
 * @example
 * ```ts
 * import type { ObjectAccessor } from "@nillion/nada";
 *
 * const x: ObjectAccessor = { kind: "objectAccessor", id: 2, source: 1, key: "x", type: { kind: "Integer" }, sourceRefIndex: 0 };
 * ```
 */
export interface ObjectAccessor extends OperationCommon {
  readonly kind: "objectAccessor";
  readonly source: number;
  readonly key: string;
}

/**
 * Converts `target` to `castTo`. In the schema only: the node's compiler rejects it.
 *
 * @example
 * ```ts
 * import type { CastOperation } from "@nillion/nada";
 *
 * const cast: CastOperation = {
 *   kind: "cast", id: 2, target: 0, castTo: { kind: "SecretInteger" }, type: { kind: "SecretInteger" }, sourceRefIndex: 0,
 * };
 * ```
 */
export interface CastOperation extends OperationCommon {
  readonly kind: "cast";
  readonly target: number;
  readonly castTo: NadaType | undefined;
}

/**
 * Any operation of a program or of a function body. Narrow it with `kind`.
 *
 * @example
 * ```ts
 * import { operandsOf, type Operation } from "@nillion/nada";
 *
 * function describe(operation: Operation): string {
 *   return `${operation.id} = ${operation.kind}(${operandsOf(operation).join(", ")})`;
 * }
 * ```
 */
export type Operation =
  | BinaryOperation
  | UnaryOperation
  | IfElseOperation
  | RandomOperation
  | InputReference
  | LiteralReference
  | ArgumentReference
  | MapOperation
  | ReduceOperation
  | NewOperation
  | ArrayAccessor
  | TupleAccessor
  | NTupleAccessor
  | ObjectAccessor
  | CastOperation;

/**
 * The kind of any operation.
 *
 * @example
 * ```ts
 * import type { OperationKind } from "@nillion/nada";
 *
 * const kind: OperationKind = "arrayAccessor";
 * ```
 */
export type OperationKind = Operation["kind"];

/**
 * The operations the Python front end emits but the node does not run: the pre-processor rewrites them
 * into primitive operations (see `lowerProgram`).
 *
 * @example
 * ```ts
 * import { HIGH_LEVEL_OPERATION_KINDS } from "@nillion/nada";
 *
 * HIGH_LEVEL_OPERATION_KINDS.has("zip"); // true
 * ```
 */
export const HIGH_LEVEL_OPERATION_KINDS: ReadonlySet<OperationKind> = /* @__PURE__ */ new Set<OperationKind>([
  "lessOrEqual",
  "greaterThan",
  "greaterOrEqual",
  "notEquals",
  "booleanAnd",
  "booleanOr",
  "booleanXor",
  "zip",
  "unzip",
  "map",
  "reduce",
]);

/**
 * The ids of the operations `operation` reads, in operand order (for `reduce`: the array, then the
 * initial accumulator).
 *
 * @example
 * ```ts
 * import { operandsOf } from "@nillion/nada";
 *
 * operandsOf({ kind: "ifElse", id: 4, condition: 3, whenTrue: 0, whenFalse: 1, type: { kind: "Integer" }, sourceRefIndex: 0 });
 * // [3, 0, 1]
 * ```
 */
export function operandsOf(operation: Operation): readonly number[] {
  switch (operation.kind) {
    case "random":
    case "inputReference":
    case "literalReference":
    case "argumentReference":
      return [];
    case "ifElse":
      return [operation.condition, operation.whenTrue, operation.whenFalse];
    case "map":
      return [operation.array];
    case "reduce":
      return [operation.array, operation.initial];
    case "new":
      return operation.elements;
    case "arrayAccessor":
    case "tupleAccessor":
    case "ntupleAccessor":
    case "objectAccessor":
      return [operation.source];
    case "cast":
      return [operation.target];
    case "unzip":
    case "reveal":
    case "not":
    case "publicKeyDerive":
      return [operation.operand];
    default:
      return [operation.left, operation.right];
  }
}
