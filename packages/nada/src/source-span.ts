// Source positions as the MIR stores them: `offset` and `length` count code points of the file's text
// (Python's and the node's string indices), while JavaScript stacks count columns in UTF-16 units.

/**
 * The span of a source reference for a call at `line`:`column` (1-based, the column in UTF-16 units): from
 * the call to the end of its line, in code points.
 */
export function spanOf(text: string, line: number, column: number): { offset: number; length: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const target = lines[line - 1];
  if (target === undefined) return { offset: 0, length: 0 };
  const start = Math.min(Math.max(column - 1, 0), target.length);
  return {
    offset: lineOffset(lines, line) + codePoints(target.slice(0, start)),
    length: codePoints(target.slice(start)),
  };
}

/**
 * The 1-based column (in UTF-16 units) where a span starting at `offset` begins on `line`, or `undefined`
 * when it does not start on that line of `text`.
 */
export function columnOf(text: string, line: number, offset: number): number | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const target = lines[line - 1];
  if (target === undefined) return undefined;
  const into = offset - lineOffset(lines, line);
  const characters = [...target];
  if (into < 0 || into > characters.length) return undefined;
  return characters.slice(0, into).join("").length + 1;
}

// The code-point offset of the start of `line` (1-based); each line ending counts as one character, as
// Python's offsets count it.
function lineOffset(lines: readonly string[], line: number): number {
  let offset = 0;
  for (let i = 0; i < line - 1; i += 1) offset += codePoints(lines[i] as string) + 1;
  return offset;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
