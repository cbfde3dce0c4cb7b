// Validation with the node's rules: its MIR validator, its compiler, its zero-protocol check, and the
// catalogue rules its VM only enforces by failing at run time.
import { compileProgram } from "./compile-program.js";
import type { CompiledProgram } from "./compile-protocols.js";
import { declarationIssues } from "./declaration-issues.js";
import { InvalidProgramError } from "./invalid-program-error.js";
import { lowerProgram } from "./lower-program.js";
import type { NadaFunction, NadaProgram } from "./nada-program.js";
import { formatNadaType, nadaTypesEqual } from "./nada-type.js";
import { type OperationScope, operationProblems } from "./operation-problems.js";
import { elementIssue, operationIssue, type ProgramIssue } from "./program-issue.js";
import { recursionIssue } from "./recursion-issue.js";

/** The outcome of checking a program, with the compiled (lowered) program when it is valid. */
export interface ProgramCheck {
  readonly issues: readonly ProgramIssue[];
  readonly compiled: CompiledProgram | undefined;
}

/**
 * Every problem that would make the node reject the program at upload, or its VM fail it at run time;
 * empty for a valid program. Programs straight from the Python front end are checked as they are (their
 * `map`, `zip`, `>=`… and function bodies included) and then as the lowered program the node compiles.
 * Each issue names the operation, input or output and its source `file:line`; see the README for the
 * full list of rules.
 *
 * @example
 * ```ts
 * import { decodeProgram, validateProgram } from "@nillion/nada";
 *
 * const issues = validateProgram(decodeProgram(bytes));
 * for (const issue of issues) console.error(issue.message);
 * // "main.py:12: operation 9 (truncPr): trunc_pr needs a secret integer (use >> on public values), found Integer"
 * ```
 */
export function validateProgram(program: NadaProgram): readonly ProgramIssue[] {
  return checkProgram(program).issues;
}

/**
 * Throws unless {@link validateProgram} finds nothing.
 *
 * @throws {InvalidProgramError} listing every issue
 *
 * @example
 * ```ts
 * import { assertValidProgram, decodeProgram } from "@nillion/nada";
 *
 * assertValidProgram(decodeProgram(bytes));
 * ```
 */
export function assertValidProgram(program: NadaProgram): void {
  const { issues } = checkProgram(program);
  if (issues.length > 0) throw new InvalidProgramError(issues);
}

/** Validates `program` and, when it is valid, compiles it (lowered first if it needs to be). */
export function checkProgram(program: NadaProgram): ProgramCheck {
  const issues = [...declarationIssues(program), ...operationIssues(program), ...functionIssues(program)];
  if (issues.length > 0) return { issues, compiled: undefined };
  let lowered: NadaProgram;
  try {
    lowered = lowerProgram(program);
  } catch (error) {
    if (error instanceof InvalidProgramError) return { issues: error.issues, compiled: undefined };
    throw error;
  }
  const compiled = compileProgram(lowered);
  return "protocols" in compiled ? { issues: [], compiled } : { issues: [compiled], compiled: undefined };
}

function operationIssues(program: NadaProgram): ProgramIssue[] {
  const scope: OperationScope = {
    program,
    operations: new Map(program.operations.map((operation) => [operation.id, operation])),
    fn: undefined,
  };
  return program.operations.flatMap((operation) =>
    operationProblems(operation, scope).map((problem) =>
      operationIssue(program, operation, problem.rule, problem.text),
    ),
  );
}

function functionIssues(program: NadaProgram): ProgramIssue[] {
  const issues = program.functions.flatMap((fn) => bodyIssues(program, fn));
  const recursion = recursionIssue(program);
  if (recursion !== undefined) issues.push(recursion);
  return issues;
}

function bodyIssues(program: NadaProgram, fn: NadaFunction): ProgramIssue[] {
  const scope: OperationScope = {
    program,
    operations: new Map(fn.operations.map((operation) => [operation.id, operation])),
    fn,
  };
  const issues = fn.operations.flatMap((operation) =>
    operationProblems(operation, scope).map((problem) =>
      operationIssue(program, operation, problem.rule, `in function ${fn.name}: ${problem.text}`),
    ),
  );
  const returned = scope.operations.get(fn.returnOperationId);
  if (returned === undefined) {
    issues.push(
      elementIssue(
        program,
        fn.sourceRefIndex,
        functionSubject(fn),
        "function",
        `returns operation ${fn.returnOperationId}, which does not exist`,
      ),
    );
  } else if (!nadaTypesEqual(returned.type, fn.returnType)) {
    issues.push(
      elementIssue(
        program,
        fn.sourceRefIndex,
        functionSubject(fn),
        "function",
        `declares return type ${formatNadaType(fn.returnType)} but returns ${formatNadaType(returned.type)}`,
      ),
    );
  }
  return issues;
}

function functionSubject(fn: NadaFunction): string {
  return `function ${fn.id} (${fn.name})`;
}
