// The node's compiler, MIR to protocols, as far as its audit and quote need it.

import { CompilationFailure } from "./compilation-failure.js";
import { compileBytecode } from "./compile-bytecode.js";
import { type CompiledProgram, compileProtocols } from "./compile-protocols.js";
import type { NadaProgram } from "./nada-program.js";
import { elementIssue, operationIssue, type ProgramIssue } from "./program-issue.js";

/**
 * Compiles a lowered program the way the node does, or returns the issue it would reject it with. A
 * program without a single protocol is rejected too: its outputs would just be its inputs.
 */
export function compileProgram(program: NadaProgram): CompiledProgram | ProgramIssue {
  let compiled: CompiledProgram;
  try {
    compiled = compileProtocols(program, compileBytecode(program));
  } catch (error) {
    if (!(error instanceof CompilationFailure)) throw error;
    return failureIssue(program, error);
  }
  if (compiled.protocols.length === 0) {
    return elementIssue(
      program,
      undefined,
      "program",
      "no-protocols",
      "the program compiles to no protocols, so it would only leak its inputs",
    );
  }
  return compiled;
}

function failureIssue(program: NadaProgram, failure: CompilationFailure): ProgramIssue {
  const text = `the node's compiler rejects it: ${failure.message}`;
  const site = failure.site;
  if (site === undefined) return elementIssue(program, undefined, "program", "compilation", text);
  if ("operation" in site) return operationIssue(program, site.operation, "compilation", text);
  if ("input" in site)
    return elementIssue(
      program,
      site.input.sourceRefIndex,
      `input "${site.input.name}"`,
      "compilation",
      text,
    );
  return elementIssue(
    program,
    site.output.sourceRefIndex,
    `output "${site.output.name}"`,
    "compilation",
    text,
  );
}
