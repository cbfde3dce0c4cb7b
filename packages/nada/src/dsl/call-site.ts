// Where in the user's source an operation was written, read from the JavaScript call stack (what Python's
// nada_dsl reads from its interpreter frames).

/**
 * A position in a program's source: the file as the runtime names it (a path, or a URL in a browser), and
 * the 1-based line and column.
 *
 * @example
 * ```ts
 * import type { CallSite } from "@nillion/nada/dsl";
 *
 * const site: CallSite = { file: "/home/me/prog.ts", line: 7, column: 16 };
 * ```
 */
export interface CallSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Where nothing better is known: a runtime without readable stacks, or a stack cut short. */
const UNKNOWN_SITE: CallSite = Object.freeze({ file: "<unknown>", line: 0, column: 0 });

// One frame of a stack trace, in V8's form (`    at f (file:1:2)`, `    at file:1:2`) or SpiderMonkey's and
// JavaScriptCore's (`f@file:1:2`).
const FRAME = /(?:^\s*at (?:.*? \()?|@)(.+?):(\d+):(\d+)\)?\s*$/;

/**
 * The site of the call into the public DSL function that calls this one: frame 0 is this function, frame
 * 1 the DSL entry point, frame 2 its caller. Entry points call it first thing and pass the site down, so
 * helper depth never matters; a program's own helper functions are reported where they call the DSL, as
 * in Python.
 */
export function apiCallSite(): CallSite {
  const frames = (new Error().stack ?? "")
    .split("\n")
    .map((line) => FRAME.exec(line))
    .filter((match) => match !== null);
  const caller = frames[2];
  if (caller === undefined) return UNKNOWN_SITE;
  return Object.freeze({
    file: pathOf(caller[1] as string),
    line: Number(caller[2]),
    column: Number(caller[3]),
  });
}

// ESM stack frames without source maps name file URLs; messages and source keys want paths.
function pathOf(file: string): string {
  if (!file.startsWith("file://")) return file;
  const pathname = decodeURIComponent(new URL(file).pathname);
  return /^\/[A-Za-z]:\//.test(pathname) ? pathname.slice(1) : pathname;
}

/** `file:line:col`, for messages: `/home/me/prog.ts:7:16`. */
export function formatCallSite(site: CallSite): string {
  return `${site.file}:${site.line}:${site.column}`;
}
