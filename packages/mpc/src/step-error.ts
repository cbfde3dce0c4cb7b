// Errors about one step of a computation, located like @nillion/nada's program issues.
import { InvalidArgumentError } from "@nillion/types";
import type { PlannedStep } from "./execution-plan.js";

/**
 * `<file>:<line>: operation <id> (<kind>): <problem>`, as an InvalidArgumentError (argument `inputs`: the
 * input values make the computation fail, e.g. a public division by zero) whose details name the
 * operation, its location and its protocol.
 */
export function stepError(step: PlannedStep, problem: string): InvalidArgumentError {
  const { operation, location, protocol } = step;
  return new InvalidArgumentError(`${location}: operation ${operation.id} (${operation.kind}): ${problem}`, {
    argument: "inputs",
    details: { operation: operation.id, location, protocol },
  });
}
