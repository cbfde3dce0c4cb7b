// Errors about one step of a computation, located like @nillion/nada's program issues.
import { InvalidArgumentError } from "@nillion/types";
import type { PlannedStep } from "./execution-plan.js";

/**
 * `<file>:<line>: operation <id> (<kind>): <problem>`, as an InvalidArgumentError whose details name the
 * operation, its location and (for unsupported operations) the protocol.
 *
 * @param argument what made the step fail: `program` for an operation the engine cannot run, `inputs`
 * for a computation the input values make fail (a public division by zero)
 */
export function stepError(
  step: PlannedStep,
  problem: string,
  argument: "program" | "inputs",
): InvalidArgumentError {
  const { operation, location, protocol } = step;
  return new InvalidArgumentError(stepMessage(step, problem), {
    argument,
    details: { operation: operation.id, location, protocol },
  });
}

/** `<file>:<line>: operation <id> (<kind>): <problem>`. */
export function stepMessage(step: PlannedStep, problem: string): string {
  return `${step.location}: operation ${step.operation.id} (${step.operation.kind}): ${problem}`;
}
