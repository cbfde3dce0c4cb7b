import { InvalidArgumentError } from "@nillion/types";
import type { ProgramIssue } from "./program-issue.js";

/**
 * A program breaks rules the node enforces (or would fail at run time): `issues` lists every problem,
 * each naming the operation, input or output and its source line. Its `code` is `INVALID_ARGUMENT`, the
 * code the node answers such an upload with.
 *
 * @example
 * ```ts
 * import { InvalidProgramError, programMetadata } from "@nillion/nada";
 *
 * try {
 *   programMetadata(program);
 * } catch (err) {
 *   if (err instanceof InvalidProgramError) for (const issue of err.issues) console.error(issue.message);
 * }
 * ```
 */
export class InvalidProgramError extends InvalidArgumentError {
  static override readonly brand: string = "@nillion/nada/InvalidProgramError";
  override name = "InvalidProgramError";
  /** Every problem found, in program order. Never empty. */
  readonly issues: readonly ProgramIssue[];

  /**
   * @param issues the problems (at least one)
   * @param argument the argument that held the program (default `"program"`)
   */
  constructor(issues: readonly ProgramIssue[], argument = "program") {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(`invalid program: ${first?.message ?? "no issue given"}${more}`, {
      argument,
      details: { issues: issues.map((issue) => issue.message) },
    });
    this.issues = Object.freeze([...issues]);
  }
}
