// A `map` or `reduce` function, traced once with argument placeholders into a Nada function (what
// nada_dsl's create_nada_fn does): its body is the graph the placeholders lead to.
import type { NadaType } from "../nada-type.js";
import type { CallSite } from "./call-site.js";
import { type DslValue, describeArgument, expressionOf, WRAP, type Wrapper } from "./dsl-value.js";
import { expression, type FunctionDefinition, type FunctionHandle, nextSequence } from "./expression.js";
import { ProgramSourceError } from "./program-source-error.js";

/** One parameter of a traced function: its name in the MIR, its type, and how to wrap it. */
export interface Parameter {
  readonly name: string;
  readonly type: NadaType;
  readonly wrapper: Wrapper;
}

/** A traced function and the value its body computes (a placeholder result, not the call's). */
export interface TracedFunction {
  readonly definition: FunctionDefinition;
  readonly result: DslValue;
}

/**
 * Calls `fn` once with a placeholder per parameter and records what it returns. The function is named
 * after `fn.name` (`anonymous` for an arrow function passed inline); its parameters have the names the
 * caller gives, since JavaScript keeps none.
 *
 * @throws {ProgramSourceError} `function`, when `fn` is not a function or returns no Nada value
 */
export function traceFunction(
  method: string,
  fn: unknown,
  parameters: readonly Parameter[],
  site: CallSite,
): TracedFunction {
  if (typeof fn !== "function") {
    throw new ProgramSourceError(
      site,
      "function",
      "fn",
      `${method}: "fn" must be a function, got ${describeArgument(fn)}`,
    );
  }
  const handle: FunctionHandle = Object.freeze({ sequence: nextSequence() });
  const args = parameters.map((parameter) =>
    expression(parameter.type, site, { kind: "argument", fn: handle, name: parameter.name }),
  );
  const result: unknown = fn(...args.map((arg, i) => (parameters[i] as Parameter).wrapper[WRAP](arg)));
  const body = expressionOf(result);
  if (body === undefined) {
    throw new ProgramSourceError(
      site,
      "function",
      "fn",
      `${method}: "fn" must return a Nada value, returned ${describeArgument(result)}`,
    );
  }
  const definition: FunctionDefinition = Object.freeze({
    handle,
    name: typeof fn.name === "string" && fn.name !== "" ? fn.name : "anonymous",
    args,
    body,
    site,
  });
  return { definition, result: result as DslValue };
}
