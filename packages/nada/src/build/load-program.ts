// Loading a program from its TypeScript (or JavaScript) source at run time: no separate build step.
import { existsSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError } from "@nillion/types";
import { type CompilableProgram, isCompilableProgram } from "../compilable-program.js";

let hooked = false;

/**
 * Imports the module at `file` — TypeScript (`.ts`, `.mts`, transpiled on import by esbuild, nothing
 * type-checked) or JavaScript — and returns its default export, a program (`export default
 * program(() => …)`). Relative imports between `.ts` files work as `tsc` writes them (`./helper.js`).
 *
 * For the process, it turns on source maps in stack traces (so the DSL's source locations and error
 * positions are the TypeScript ones) and registers the loader hooks that transpile TypeScript.
 *
 * @throws {InvalidArgumentError} (`argument: "file"`) when the file does not exist or its default export is
 * not a program; errors of
 * the program itself (a `ProgramSourceError`, a syntax error) are thrown as they are
 *
 * @example
 * ```ts
 * import { loadProgram } from "@nillion/nada/build";
 *
 * const program = await loadProgram("programs/main.ts");
 * const programId = await client.storeProgram("main", program).invoke();
 * ```
 */
export async function loadProgram(file: string): Promise<CompilableProgram> {
  if (!hooked) {
    process.setSourceMapsEnabled(true);
    register(new URL("./typescript-hooks.js", import.meta.url));
    hooked = true;
  }
  const resolved = path.resolve(file);
  // Node's own message names the importing module (this package), not the caller's argument.
  if (!existsSync(resolved)) {
    throw new InvalidArgumentError(`the file ${file} does not exist`, {
      argument: "file",
      details: { file, resolved },
    });
  }
  const module: { default?: unknown } = await import(pathToFileURL(resolved).href);
  const program = module.default;
  if (!isCompilableProgram(program)) {
    throw new InvalidArgumentError(
      `the default export of ${file} must be a program (export default program(() => …)), got ${program === undefined ? "none" : typeof program}`,
      { argument: "file" },
    );
  }
  return program;
}
