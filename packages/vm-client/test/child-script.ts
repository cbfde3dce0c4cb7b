// Runs a script in a fresh Node.js inside the package. Some failures are visible only in how a process
// ends: an unhandled 'error' event kills it, a forgotten handle keeps it running. A test cannot see
// either from inside its own worker.
import { execFile } from "node:child_process";
import path from "node:path";

const packageDir = path.resolve(import.meta.dirname, "..");

/** How the script's process ended. */
export interface ScriptOutcome {
  /** The exit code; null when the process was killed (e.g. for outliving `killAfterMs`). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `code` (an ES module) with `args` as `process.argv.slice(1)`, without blocking this process's
 * event loop: the servers it calls may live here. The process is killed after `killAfterMs`.
 */
export function runScript(
  code: string,
  args: readonly string[],
  killAfterMs: number,
): Promise<ScriptOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", code, ...args],
      { cwd: packageDir, encoding: "utf8", timeout: killAfterMs, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
