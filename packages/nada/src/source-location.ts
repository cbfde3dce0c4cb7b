import type { NadaProgram } from "./nada-program.js";

/**
 * `file:line` of a source reference, for messages; `<unknown source>` when the index points nowhere
 * (hand-built programs often carry no source references).
 *
 * @example
 * ```ts
 * import { decodeProgram, sourceLocation } from "@nillion/nada";
 *
 * const program = decodeProgram(bytes);
 * const [first] = program.operations;
 * if (first) sourceLocation(program, first.sourceRefIndex); // e.g. "main.py:5"
 * ```
 */
export function sourceLocation(program: Pick<NadaProgram, "sourceRefs">, sourceRefIndex: number): string {
  const ref = program.sourceRefs[sourceRefIndex];
  return ref === undefined ? "<unknown source>" : `${ref.file}:${ref.line}`;
}
