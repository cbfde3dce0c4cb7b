// Steps without a protocol: loading inputs and literals, building arrays and tuples, reading their
// elements. They only move values around, on every party alike.
import type { PrimeField } from "@nillion/crypto";
import type { NadaProgram } from "@nillion/nada";
import { InternalError } from "@nillion/types";
import type { PlannedStep } from "./execution-plan.js";
import { isArithmeticType, type ShareValue, scalarShare } from "./share-values.js";

/**
 * The value of a structural step from its operands' values (`inputs` holds the party's loaded inputs
 * by name).
 */
export function structuralValue(
  step: PlannedStep,
  operands: readonly ShareValue[],
  inputs: ReadonlyMap<string, ShareValue>,
  program: NadaProgram,
  field: PrimeField,
): ShareValue {
  const { operation } = step;
  switch (operation.kind) {
    case "inputReference":
      return found(inputs.get(operation.input), `input ${operation.input}`);
    case "literalReference": {
      const literal = program.literals.find((candidate) => candidate.name === operation.literal);
      if (literal === undefined || !isArithmeticType(literal.type)) {
        throw new InternalError(`literal ${operation.literal} is missing or not a number or boolean`);
      }
      // Integer literals may be negative ("-5" is p − 5); booleans are "True"/"False" in any case.
      const element =
        literal.type.kind === "Boolean"
          ? literal.value.toLowerCase() === "true"
            ? 1n
            : 0n
          : field.reduce(BigInt(literal.value));
      return scalarShare(literal.type, element);
    }
    case "new": {
      const { type } = operation;
      if (type.kind === "Array") return { kind: "array", type, elements: operands };
      if (type.kind === "Tuple") {
        const [left, right] = operands;
        return {
          kind: "tuple",
          type,
          left: found(left, "left element"),
          right: found(right, "right element"),
        };
      }
      throw new InternalError(`operation ${operation.id} builds a ${type.kind}, which the node cannot build`);
    }
    case "arrayAccessor": {
      const [source] = operands;
      if (source?.kind !== "array") throw new InternalError(`operation ${operation.id} indexes a non-array`);
      return found(source.elements[operation.index], `element ${operation.index}`);
    }
    case "tupleAccessor": {
      const [source] = operands;
      if (source?.kind !== "tuple")
        throw new InternalError(`operation ${operation.id} reads a side of a non-tuple`);
      return operation.side === "left" ? source.left : source.right;
    }
    default:
      throw new InternalError(`operation ${operation.id} (${operation.kind}) needs a protocol`);
  }
}

function found(value: ShareValue | undefined, what: string): ShareValue {
  if (value === undefined) throw new InternalError(`${what} has no value`);
  return value;
}
