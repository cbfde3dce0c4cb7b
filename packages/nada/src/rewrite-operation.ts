// One lowering step per high-level operation, with the shapes of the reference pre-processor
// (compiler-backend operation_preprocessors.rs): the same operations, ids drawn in the same order, and
// the results listed in the same order (which decides the order later rewrites draw ids in).
import { inlineCall } from "./inline-call.js";
import type { FunctionCall, LoweringContext, LoweringOperation } from "./lowering-context.js";
import type { NadaType } from "./nada-type.js";
import type {
  ArrayAccessor,
  BinaryOperation,
  BinaryOperationKind,
  NewOperation,
  TupleAccessor,
} from "./operation.js";

/** The operations that replace `operation`, or `undefined` if it is already primitive. */
export function rewriteOperation(
  operation: LoweringOperation,
  context: LoweringContext,
): LoweringOperation[] | undefined {
  const { id, type, sourceRefIndex } = operation;
  const binary = (
    kind: BinaryOperationKind,
    newId: number,
    left: number,
    right: number,
  ): BinaryOperation => ({
    kind,
    id: newId,
    left,
    right,
    type,
    sourceRefIndex,
  });
  switch (operation.kind) {
    case "call":
      return inlineCall(operation, context);
    case "booleanAnd":
      return [binary("multiplication", id, operation.left, operation.right)];
    case "booleanOr": {
      // a | b = (a + b) - a·b
      const sum = context.nextId();
      const product = context.nextId();
      return [
        binary("addition", sum, operation.left, operation.right),
        binary("multiplication", product, operation.left, operation.right),
        binary("subtraction", id, sum, product),
      ];
    }
    case "booleanXor": {
      // a ^ b = (a + b) - (a·b + a·b); doubling by addition avoids multiplying a boolean by an integer.
      const sum = context.nextId();
      const product = context.nextId();
      const doubled = context.nextId();
      return [
        binary("addition", sum, operation.left, operation.right),
        binary("multiplication", product, operation.left, operation.right),
        binary("addition", doubled, product, product),
        binary("subtraction", id, sum, doubled),
      ];
    }
    case "lessOrEqual": {
      // a <= b = not (b < a)
      const lessThan = context.nextId();
      return [
        { kind: "not", id, operand: lessThan, type, sourceRefIndex },
        binary("lessThan", lessThan, operation.right, operation.left),
      ];
    }
    case "greaterOrEqual": {
      // a >= b = not (a < b)
      const lessThan = context.nextId();
      return [
        { kind: "not", id, operand: lessThan, type, sourceRefIndex },
        binary("lessThan", lessThan, operation.left, operation.right),
      ];
    }
    case "greaterThan":
      return [binary("lessThan", id, operation.right, operation.left)];
    case "notEquals": {
      const equals = context.nextId();
      return [
        { kind: "not", id, operand: equals, type, sourceRefIndex },
        binary("equals", equals, operation.left, operation.right),
      ];
    }
    case "zip": {
      const left = context.arrayAccessors(operation.left, operation);
      const right = context.arrayAccessors(operation.right, operation);
      const pairs: NewOperation[] = [];
      for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
        const [first, second] = [left[i], right[i]] as [ArrayAccessor, ArrayAccessor];
        pairs.push({
          kind: "new",
          id: context.nextId(),
          elements: [first.id, second.id],
          type: { kind: "Tuple", left: first.type, right: second.type },
          sourceRefIndex,
        });
      }
      const zipped: NewOperation = {
        kind: "new",
        id,
        elements: pairs.map((pair) => pair.id),
        type,
        sourceRefIndex,
      };
      return [zipped, ...pairs, ...left, ...right];
    }
    case "unzip": {
      if (type.kind !== "Tuple" || type.left.kind !== "Array" || type.right.kind !== "Array") {
        return context.fail(operation, "array-shape", "unzip must produce a tuple of two arrays");
      }
      const [leftType, rightType] = [type.left, type.right];
      const elements = context.arrayAccessors(operation.operand, operation);
      const lefts: TupleAccessor[] = [];
      const rights: TupleAccessor[] = [];
      for (const element of elements) {
        const side = (which: "left" | "right", elementType: NadaType): TupleAccessor => ({
          kind: "tupleAccessor",
          id: context.nextId(),
          source: element.id,
          side: which,
          type: elementType,
          sourceRefIndex,
        });
        lefts.push(side("left", leftType.element));
        rights.push(side("right", rightType.element));
      }
      const leftArray: NewOperation = {
        kind: "new",
        id: context.nextId(),
        elements: lefts.map((accessor) => accessor.id),
        type: leftType,
        sourceRefIndex,
      };
      const rightArray: NewOperation = {
        kind: "new",
        id: context.nextId(),
        elements: rights.map((accessor) => accessor.id),
        type: rightType,
        sourceRefIndex,
      };
      const pair: NewOperation = {
        kind: "new",
        id,
        elements: [leftArray.id, rightArray.id],
        type,
        sourceRefIndex,
      };
      return [pair, leftArray, rightArray, ...lefts, ...rights, ...elements];
    }
    case "map": {
      const elements = context.arrayAccessors(operation.array, operation);
      const calls = elements.map(
        (element): FunctionCall => ({
          kind: "call",
          id: context.nextId(),
          functionId: operation.functionId,
          args: [element.id],
          type,
          sourceRefIndex,
        }),
      );
      const mapped: NewOperation = {
        kind: "new",
        id,
        elements: calls.map((call) => call.id),
        type,
        sourceRefIndex,
      };
      return [mapped, ...elements, ...calls];
    }
    case "reduce": {
      // A left fold; the accumulator is the first argument of every call, and the last call is the result.
      const elements = context.arrayAccessors(operation.array, operation);
      if (elements.length === 0)
        return context.fail(operation, "array-shape", "cannot reduce an empty array");
      const ids = elements.slice(1).map(() => context.nextId());
      ids.push(id);
      let accumulator = operation.initial;
      const calls = elements.map((element, i): FunctionCall => {
        const call: FunctionCall = {
          kind: "call",
          id: ids[i] as number,
          functionId: operation.functionId,
          args: [accumulator, element.id],
          type,
          sourceRefIndex,
        };
        accumulator = call.id;
        return call;
      });
      return [...calls, ...elements];
    }
    default:
      return undefined;
  }
}
