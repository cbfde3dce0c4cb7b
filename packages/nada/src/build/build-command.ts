// `nada build`: TypeScript (or JavaScript) programs in, `.nada.bin` files out, with each program's contract
// and cost, or the `file:line:col` of each mistake.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NillionError } from "@nillion/types";
import { decodeProgram } from "../decode-program.js";
import { inspectReport } from "../inspect-report.js";
import { validateProgram } from "../validate-program.js";
import { loadProgram } from "./load-program.js";

/** Where the command writes: its report on stdout, its errors on stderr. */
export interface BuildOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * Builds each of `files` into `<outDir or the file's directory>/<name>.nada.bin`, the front-end MIR that
 * `nada inspect`, `nada lower` and `VmClient.storeProgram` take. Resolves to whether every file built.
 */
export async function buildPrograms(
  files: readonly string[],
  outDir: string | undefined,
  output: BuildOutput,
): Promise<boolean> {
  let ok = true;
  for (const file of files) {
    try {
      ok = (await buildProgram(file, outDir, output)) && ok;
    } catch (error) {
      output.err(`nada: ${describeFailure(error, file)}\n`);
      ok = false;
    }
  }
  return ok;
}

async function buildProgram(file: string, outDir: string | undefined, output: BuildOutput): Promise<boolean> {
  const bytes = (await loadProgram(file)).compile();
  const program = decodeProgram(bytes);
  const issues = validateProgram(program);
  if (issues.length > 0) {
    output.err(
      `nada: ${file} is not a valid program:\n${issues.map((issue) => `  ${issue.message}\n`).join("")}`,
    );
    return false;
  }
  const target = path.join(
    outDir ?? path.dirname(file),
    `${path.basename(file).replace(/\.[cm]?[jt]s$/, "")}.nada.bin`,
  );
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, bytes);
  output.out(`${file} -> ${target}\n${inspectReport(target, bytes, program).text}`);
  return true;
}

// This package's directory: frames there (in dist/, or in src/ through the source map) are the command's.
const PACKAGE_DIRECTORY = `${path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")}${path.sep}`;

// A stack frame's position in a file: `at f (/path/file.ts:1:2)`, `at file:///path/file.js:1:2`; not
// Node's own `node:internal/…` frames.
const FRAME = /^at (?:.*? \()?((?:\/|[A-Za-z]:[\\/]|file:\/\/)[^()]*?):(\d+):(\d+)\)?$/;

// A failure as one line (or one per syntax error): the message of the program's own errors already starts
// with `file:line:col`; anything else gets the position of the innermost frame of the program's code (not
// a dependency's, not this command's), or the program's file.
function describeFailure(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `${path.resolve(file)}: ${String(error)}`;
  if (/^\S+:\d+:\d+: /.test(error.message)) return error.message;
  const where = programFrame(error.stack ?? "") ?? path.resolve(file);
  // The SDK's errors say what went wrong in their message; JavaScript's need their name (TypeError…).
  const named = error instanceof NillionError || error.name === "Error" ? "" : `${error.name}: `;
  return `${where}: ${named}${error.message}`;
}

function programFrame(stack: string): string | undefined {
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line.trim());
    if (match === null) continue;
    const [, location = "", row, column] = match;
    const where = location.startsWith("file://") ? fileURLToPath(location) : location;
    if (!where.includes("node_modules") && !where.startsWith(PACKAGE_DIRECTORY))
      return `${where}:${row}:${column}`;
  }
  return undefined;
}
