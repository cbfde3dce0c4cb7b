/**
 * Anything that compiles to a Nada program's bytes: a program written with `@nillion/nada/dsl`, or your own
 * front end. `VmClient.storeProgram` takes one wherever it takes `.nada.bin` bytes.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import type { CompilableProgram } from "@nillion/nada";
 *
 * const fromFile: CompilableProgram = { compile: () => readFileSync("main.nada.bin") };
 * ```
 */
export interface CompilableProgram {
  /** The program's MIR bytes, lowered or not. */
  compile(): Uint8Array;
}

/**
 * Whether `value` is a {@link CompilableProgram}. Checked by shape, so a program from another copy of the
 * package is recognised too.
 *
 * @example
 * ```ts
 * import { isCompilableProgram } from "@nillion/nada";
 *
 * isCompilableProgram(new Uint8Array(3)); // false
 * ```
 */
export function isCompilableProgram(value: unknown): value is CompilableProgram {
  return (
    typeof value === "object" &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    typeof (value as { compile?: unknown }).compile === "function"
  );
}
