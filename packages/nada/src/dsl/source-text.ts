// The text of a program's source files, embedded in the MIR as the Python front end embeds its own: the
// node's messages quote it, and `offset`/`length` of a source reference index into it. The library also
// runs in browsers, so it reaches `node:fs` through `process.getBuiltinModule` instead of an import.

/** The text of `file`, when it is a readable local path; `undefined` otherwise (browsers, bundles). */
export function readSourceText(file: string): string | undefined {
  if (!isAbsolutePath(file)) return undefined;
  const fs = globalThis.process?.getBuiltinModule?.("node:fs");
  if (fs === undefined) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // A file moved or deleted since it ran: the program is still whole, only without its text.
    return undefined;
  }
}

/** Whether `file` is an absolute POSIX or Windows path. */
export function isAbsolutePath(file: string): boolean {
  return file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file);
}

/**
 * The span of a source reference for a call at `line`:`column` (1-based, column in UTF-16 units as stacks
 * count): from the call to the end of its line, in code points, as the node's snippets count.
 */
export function spanOf(text: string, line: number, column: number): { offset: number; length: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const target = lines[line - 1];
  if (target === undefined) return { offset: 0, length: 0 };
  let offset = 0;
  for (let i = 0; i < line - 1; i += 1) offset += codePoints(lines[i] as string) + 1;
  const start = Math.min(Math.max(column - 1, 0), target.length);
  return { offset: offset + codePoints(target.slice(0, start)), length: codePoints(target.slice(start)) };
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
