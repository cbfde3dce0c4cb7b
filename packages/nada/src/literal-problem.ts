// Which literal values the node can parse (compiler-backend literal_value.rs).
import type { Literal } from "./nada-program.js";
import { formatNadaType } from "./nada-type.js";

const PATTERNS: Readonly<Record<string, RegExp>> = {
  Integer: /^[+-]?[0-9]+$/,
  UnsignedInteger: /^\+?[0-9]+$/,
  // The node lower-cases the text before parsing it as a Rust bool.
  Boolean: /^(?:true|false)$/i,
};

/** Why the node would reject this literal, or `undefined` if it parses. */
export function literalProblem(literal: Literal): string | undefined {
  const pattern = PATTERNS[literal.type.kind];
  if (pattern === undefined) {
    return `literals of type ${formatNadaType(literal.type)} are not supported (only Integer, UnsignedInteger and Boolean)`;
  }
  return pattern.test(literal.value)
    ? undefined
    : `failed to parse ${JSON.stringify(literal.value)} as a ${formatNadaType(literal.type)} literal value`;
}
