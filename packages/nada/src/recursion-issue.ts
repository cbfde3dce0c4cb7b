// Functions call other functions through `map` and `reduce`; inlining needs that graph to be acyclic.
import type { NadaFunction, NadaProgram } from "./nada-program.js";
import { elementIssue, type ProgramIssue } from "./program-issue.js";

/**
 * The issue to report if some function calls itself, directly or through others (`f -> g -> f`);
 * `undefined` when the call graph is acyclic. Calls to functions that do not exist are ignored here.
 */
export function recursionIssue(program: NadaProgram): ProgramIssue | undefined {
  const cycle = findCycle(program);
  const [first] = cycle ?? [];
  if (cycle === undefined || first === undefined) return undefined;
  return elementIssue(
    program,
    first.sourceRefIndex,
    `function ${first.id} (${first.name})`,
    "recursion",
    `recursion is not allowed: ${cycle.map((fn) => fn.name).join(" -> ")}`,
  );
}

function findCycle(program: NadaProgram): readonly NadaFunction[] | undefined {
  const byId = new Map(program.functions.map((fn) => [fn.id, fn]));
  const callees = (fn: NadaFunction): NadaFunction[] =>
    fn.operations.flatMap((operation) => {
      if (operation.kind !== "map" && operation.kind !== "reduce") return [];
      const callee = byId.get(operation.functionId);
      return callee === undefined ? [] : [callee];
    });
  const done = new Set<number>();
  const visit = (fn: NadaFunction, path: readonly NadaFunction[]): NadaFunction[] | undefined => {
    const start = path.findIndex((candidate) => candidate.id === fn.id);
    if (start !== -1) return [...path.slice(start), fn];
    if (done.has(fn.id)) return undefined;
    for (const callee of callees(fn)) {
      const cycle = visit(callee, [...path, fn]);
      if (cycle !== undefined) return cycle;
    }
    done.add(fn.id);
    return undefined;
  };
  for (const fn of program.functions) {
    const cycle = visit(fn, []);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}
