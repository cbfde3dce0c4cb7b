// The program a DSL run builds: an immutable graph of expressions, each the future MIR operation that
// computes a value. Values (SecretInteger, Array…) wrap one expression each; compiling walks the graph
// from the outputs, as the Python front end walks its operation table.
import type { NadaType } from "../nada-type.js";
import type { BinaryOperationKind, UnaryOperationKind } from "../operation.js";
import type { CallSite } from "./call-site.js";

/** A declared party. Inputs record themselves here, so unused ones can be reported. */
export interface PartyDeclaration {
  readonly name: string;
  readonly site: CallSite;
  readonly inputs: InputDeclaration[];
}

/** A declared input. */
export interface InputDeclaration {
  readonly name: string;
  readonly party: PartyDeclaration;
  readonly type: NadaType;
  readonly doc: string;
  readonly site: CallSite;
  /** The expression that loads it. */
  readonly reference: Expression;
}

/** A function `map` or `reduce` calls: its argument expressions and the expression it returns. */
export interface FunctionDefinition {
  readonly handle: FunctionHandle;
  readonly name: string;
  readonly args: readonly Expression[];
  readonly body: Expression;
  readonly site: CallSite;
}

/**
 * The identity of a function, made before its body is traced so that argument expressions can name it.
 * Functions share the operations' numbering, as in the Python front end.
 */
export interface FunctionHandle {
  readonly sequence: number;
}

/** What an expression computes: one MIR operation. */
export type ExpressionOperation =
  | { readonly kind: "input"; readonly input: InputDeclaration }
  | { readonly kind: "literal"; readonly value: string }
  | {
      readonly kind: "binary";
      readonly operation: BinaryOperationKind;
      readonly left: Expression;
      readonly right: Expression;
    }
  | { readonly kind: "unary"; readonly operation: UnaryOperationKind; readonly operand: Expression }
  | {
      readonly kind: "ifElse";
      readonly condition: Expression;
      readonly whenTrue: Expression;
      readonly whenFalse: Expression;
    }
  | { readonly kind: "random" }
  | { readonly kind: "new"; readonly elements: readonly Expression[] }
  | { readonly kind: "arrayAccessor"; readonly source: Expression; readonly index: number }
  | { readonly kind: "tupleAccessor"; readonly source: Expression; readonly side: "left" | "right" }
  | { readonly kind: "ntupleAccessor"; readonly source: Expression; readonly index: number }
  | { readonly kind: "objectAccessor"; readonly source: Expression; readonly key: string }
  | { readonly kind: "map"; readonly fn: FunctionDefinition; readonly array: Expression }
  | {
      readonly kind: "reduce";
      readonly fn: FunctionDefinition;
      readonly array: Expression;
      readonly initial: Expression;
    }
  | { readonly kind: "argument"; readonly fn: FunctionHandle; readonly name: string };

/**
 * One node of the graph. `sequence` orders creation: operands are always created before their users, so
 * it is a dependency order, and compiling numbers operations in it, as Python numbers them by creation.
 */
export interface Expression {
  readonly sequence: number;
  readonly type: NadaType;
  readonly site: CallSite;
  readonly operation: ExpressionOperation;
}

let created = 0;

/** The next creation number, for expressions and function handles. */
export function nextSequence(): number {
  created += 1;
  return created;
}

/** A new expression. */
export function expression(type: NadaType, site: CallSite, operation: ExpressionOperation): Expression {
  return Object.freeze({ sequence: nextSequence(), type, site, operation });
}

/** The expressions `expression` reads directly (a function body is not read: it is called). */
export function operandsOfExpression(expression: Expression): readonly Expression[] {
  const operation = expression.operation;
  switch (operation.kind) {
    case "input":
    case "literal":
    case "random":
    case "argument":
      return [];
    case "binary":
      return [operation.left, operation.right];
    case "unary":
      return [operation.operand];
    case "ifElse":
      return [operation.condition, operation.whenTrue, operation.whenFalse];
    case "new":
      return operation.elements;
    case "map":
      return [operation.array];
    case "reduce":
      return [operation.array, operation.initial];
    default:
      return [operation.source];
  }
}
