// Why the node's compiler would reject a program. Internal: callers see it as an InvalidProgramError issue.
import type { ProgramInput, ProgramOutput } from "./nada-program.js";
import type { Operation } from "./operation.js";

/** The program element a compilation failure is about. */
export type FailureSite =
  | { readonly operation: Pick<Operation, "id" | "kind" | "sourceRefIndex"> }
  | { readonly input: ProgramInput }
  | { readonly output: ProgramOutput };

/** Thrown inside the compiler model; `site` is filled in by the step that knows which element failed. */
export class CompilationFailure extends Error {
  override name = "CompilationFailure";
  readonly site: FailureSite | undefined;

  constructor(message: string, site?: FailureSite) {
    super(message);
    this.site = site;
  }

  /** This failure, attributed to `site` unless it already names an element. */
  at(site: FailureSite): CompilationFailure {
    return this.site === undefined ? new CompilationFailure(this.message, site) : this;
  }
}
