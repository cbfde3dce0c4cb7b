import type { NadaProgram } from "./nada-program.js";
import { columnOf } from "./source-span.js";

/**
 * `file:line` of a source reference, for messages, or `file:line:col` when the reference starts inside its
 * line (the TypeScript front end records the column of each call; Python's references cover whole lines)
 * and the program carries the file's text. `<unknown source>` when the index points nowhere (hand-built
 * programs often carry no source references).
 *
 * @example
 * ```ts
 * import { decodeProgram, sourceLocation } from "@nillion/nada";
 *
 * const program = decodeProgram(bytes);
 * const [first] = program.operations;
 * if (first) sourceLocation(program, first.sourceRefIndex); // e.g. "main.py:5", or "main.ts:7:16"
 * ```
 */
export function sourceLocation(
  program: Pick<NadaProgram, "sourceRefs"> & Partial<Pick<NadaProgram, "sourceFiles">>,
  sourceRefIndex: number,
): string {
  const ref = program.sourceRefs[sourceRefIndex];
  if (ref === undefined) return "<unknown source>";
  const text = program.sourceFiles?.[ref.file];
  const column = text === undefined ? undefined : columnOf(text, ref.line, ref.offset);
  return column === undefined || column === 1
    ? `${ref.file}:${ref.line}`
    : `${ref.file}:${ref.line}:${column}`;
}
