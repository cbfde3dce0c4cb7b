// Typed access to a step's operands and result type. A validated program guarantees the shapes, so a
// mismatch here is an engine bug, reported as such.
import { InternalError } from "@nillion/types";
import type { StepInput } from "./protocol-implementation.js";
import { type ArithmeticTypeName, isArithmeticType, type ScalarShare } from "./share-values.js";
import type { ThresholdCase, ThresholdPayload } from "./threshold/threshold-values.js";

/** Operand `index`, which must be a scalar. */
export function scalarOperand(input: StepInput, index: number): ScalarShare {
  const value = input.operands[index];
  if (value?.kind !== "scalar") throw shapeError(input, `operand ${index} is not a scalar`);
  return value;
}

/** Operand `index`, which must be an array of scalars. */
export function scalarArrayOperand(input: StepInput, index: number): readonly ScalarShare[] {
  const value = input.operands[index];
  if (value?.kind !== "array") throw shapeError(input, `operand ${index} is not an array`);
  return value.elements.map((element, i) => {
    if (element.kind !== "scalar")
      throw shapeError(input, `element ${i} of operand ${index} is not a scalar`);
    return element;
  });
}

/** Operand `index`, which must be a threshold-signature value travelling as `wireCase`. */
export function thresholdOperand<C extends ThresholdCase>(
  input: StepInput,
  index: number,
  wireCase: C,
): ThresholdPayload<C> {
  const value = input.operands[index];
  if (value?.kind !== "threshold" || value.wire.case !== wireCase) {
    throw shapeError(input, `operand ${index} is not a ${wireCase}`);
  }
  return value.wire.value as ThresholdPayload<C>;
}

/** The step's result type, which must be an arithmetic scalar. */
export function scalarResultType(input: StepInput): { readonly kind: ArithmeticTypeName } {
  const type = input.step.operation.type;
  if (type.kind === "Array" || type.kind === "Tuple" || type.kind === "NTuple" || type.kind === "Object") {
    throw shapeError(input, `its result type ${type.kind} is not a scalar`);
  }
  if (!isArithmeticType(type)) throw shapeError(input, `its result type ${type.kind} is not arithmetic`);
  return type;
}

function shapeError(input: StepInput, problem: string): InternalError {
  const { operation } = input.step;
  return new InternalError(
    `operation ${operation.id} (${operation.kind}): ${problem}; validate the program first`,
  );
}
