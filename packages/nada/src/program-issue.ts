// One problem found in a program, located in the Python source it came from.
import type { NadaProgram } from "./nada-program.js";
import { sourceLocation } from "./source-location.js";

/**
 * Stable ids of the rules `validateProgram` checks (see the README for each rule and its origin).
 *
 * @example
 * ```ts
 * import type { ProgramRule } from "@nillion/nada";
 *
 * const rule: ProgramRule = "input-not-used";
 * ```
 */
export type ProgramRule =
  | "no-operations"
  | "operation-missing"
  | "party-undeclared"
  | "input-repeated"
  | "input-not-used"
  | "input-undefined"
  | "input-loaded-twice"
  | "input-type"
  | "literal-undefined"
  | "literal-value"
  | "output-type"
  | "operand-type"
  | "result-type"
  | "array-shape"
  | "tuple-shape"
  | "accessor"
  | "function"
  | "recursion"
  | "unsupported"
  | "compilation"
  | "no-protocols";

/**
 * A problem in a program. `message` reads `<file>:<line>: <subject>: <what is wrong>`, where the subject
 * names the operation (`operation 5 (division)`), input, output or function.
 *
 * @example
 * ```ts
 * import { validateProgram } from "@nillion/nada";
 *
 * for (const issue of validateProgram(program)) console.error(issue.message);
 * // e.g. "main.py:9: operation 5 (division): operands must be integers, found Boolean"
 * ```
 */
export interface ProgramIssue {
  readonly rule: ProgramRule;
  readonly message: string;
  /** `file:line` of the offending element, or `<unknown source>`. */
  readonly location: string;
  /** What the issue is about, e.g. `operation 5 (division)` or `input "a"`. */
  readonly subject: string;
  /** The operation at fault, if the issue is about one. */
  readonly operationId: number | undefined;
}

/** What an issue needs to know about the operation it is about. */
export interface OperationSite {
  readonly id: number;
  readonly kind: string;
  readonly sourceRefIndex: number;
}

// The subject of an issue about `operation`, e.g. `operation 5 (division)`.
function operationSubject(operation: Pick<OperationSite, "id" | "kind">): string {
  return `operation ${operation.id} (${operation.kind})`;
}

/** Builds an issue about an operation. */
export function operationIssue(
  program: Pick<NadaProgram, "sourceRefs"> & Partial<Pick<NadaProgram, "sourceFiles">>,
  operation: OperationSite,
  rule: ProgramRule,
  text: string,
): ProgramIssue {
  const location = sourceLocation(program, operation.sourceRefIndex);
  const subject = operationSubject(operation);
  return Object.freeze({
    rule,
    message: `${location}: ${subject}: ${text}`,
    location,
    subject,
    operationId: operation.id,
  });
}

/** Builds an issue about something other than an operation (an input, an output, the whole program). */
export function elementIssue(
  program: Pick<NadaProgram, "sourceRefs"> & Partial<Pick<NadaProgram, "sourceFiles">>,
  sourceRefIndex: number | undefined,
  subject: string,
  rule: ProgramRule,
  text: string,
): ProgramIssue {
  const location = sourceRefIndex === undefined ? "<program>" : sourceLocation(program, sourceRefIndex);
  return Object.freeze({
    rule,
    message: `${location}: ${subject}: ${text}`,
    location,
    subject,
    operationId: undefined,
  });
}
