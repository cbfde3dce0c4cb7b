import type { Operation } from "./operation.js";

/**
 * A copy of `operation` with its own id and every operand id passed through `rename` (ids it does not
 * know map to themselves). All ids are replaced at once, so a new id that equals an old one is never
 * renamed twice.
 */
export function renumberOperation(operation: Operation, rename: ReadonlyMap<number, number>): Operation {
  const id = (old: number) => rename.get(old) ?? old;
  const common = { id: id(operation.id) };
  switch (operation.kind) {
    case "random":
    case "inputReference":
    case "literalReference":
    case "argumentReference":
      return { ...operation, ...common };
    case "ifElse":
      return {
        ...operation,
        ...common,
        condition: id(operation.condition),
        whenTrue: id(operation.whenTrue),
        whenFalse: id(operation.whenFalse),
      };
    case "map":
      return { ...operation, ...common, array: id(operation.array) };
    case "reduce":
      return { ...operation, ...common, array: id(operation.array), initial: id(operation.initial) };
    case "new":
      return { ...operation, ...common, elements: operation.elements.map(id) };
    case "arrayAccessor":
    case "tupleAccessor":
    case "ntupleAccessor":
    case "objectAccessor":
      return { ...operation, ...common, source: id(operation.source) };
    case "cast":
      return { ...operation, ...common, target: id(operation.target) };
    case "unzip":
    case "reveal":
    case "not":
    case "publicKeyDerive":
      return { ...operation, ...common, operand: id(operation.operand) };
    default:
      return { ...operation, ...common, left: id(operation.left), right: id(operation.right) };
  }
}
