import { type ComputeId, InternalError, type NadaValue, type NadaValues } from "@nillion/types";

/**
 * The output `name` of a computation's results, which must be a `type`: a built-in program that answers
 * anything else is the cluster's fault, not the caller's.
 *
 * @throws {InternalError} naming the output, the computation and what came instead
 */
export function computationOutput<T extends NadaValue>(
  results: NadaValues,
  name: string,
  type: abstract new (...args: never[]) => T,
  computeId: ComputeId,
): T {
  const output = results[name];
  if (output instanceof type) return output;
  throw new InternalError(
    `computation ${computeId} did not return "${name}" as ${type.name}: got ${
      output === undefined ? "no such output" : output.type
    } (outputs: ${Object.keys(results).join(", ") || "none"})`,
    { details: { computeId: computeId.toString(), output: name } },
  );
}
