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
