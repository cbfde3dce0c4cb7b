// Rules about the program's declarations: parties, inputs, literals and outputs (the node's MIR
// validator `validate_inputs`/`validate_outputs`, plus what its compiler requires of them).
import { literalProblem } from "./literal-problem.js";
import type { NadaProgram } from "./nada-program.js";
import { formatNadaType, type NadaType, nadaTypesEqual } from "./nada-type.js";
import type { Operation } from "./operation.js";
import { elementIssue, operationIssue, type ProgramIssue } from "./program-issue.js";

/** Every declaration rule the program breaks, in declaration order. */
export function declarationIssues(program: NadaProgram): ProgramIssue[] {
  const issues: ProgramIssue[] = [];
  if (program.operations.length === 0) {
    issues.push(
      elementIssue(
        program,
        undefined,
        "program",
        "no-operations",
        "the program has no operations in it; to hand values to another party, store them instead",
      ),
    );
  }
  const parties = new Set(program.parties.map((party) => party.name));
  const references = inputReferences(program);
  const seen = new Map<string, number>();
  const last = new Map<string, number>();
  for (const [index, input] of program.inputs.entries()) {
    seen.set(input.name, (seen.get(input.name) ?? 0) + 1);
    last.set(input.name, index);
  }

  for (const [index, input] of program.inputs.entries()) {
    const issue = (rule: ProgramIssue["rule"], text: string) =>
      issues.push(elementIssue(program, input.sourceRefIndex, `input "${input.name}"`, rule, text));
    if (!parties.has(input.party)) issue("party-undeclared", `party ${input.party} is not declared`);
    // The node reports a repeated input once, at its last declaration.
    const count = seen.get(input.name) ?? 0;
    if (count > 1 && last.get(input.name) === index) {
      issue("input-repeated", `input ${input.name} is repeated ${count} times`);
    }
    if (!references.has(input.name)) issue("input-not-used", `input ${input.name} is not used`);
    const unloadable = unloadablePart(input.type);
    if (unloadable !== undefined)
      issue("unsupported", `inputs containing ${unloadable} cannot be loaded by the node`);
  }

  const loaded = new Map<string, Operation>();
  for (const operation of [...program.operations].sort((a, b) => a.id - b.id)) {
    if (operation.kind !== "inputReference") continue;
    const first = loaded.get(operation.input);
    if (first === undefined) loaded.set(operation.input, operation);
    else {
      issues.push(
        operationIssue(
          program,
          operation,
          "input-loaded-twice",
          `input ${operation.input} is already loaded by operation ${first.id}; the node allows one reference per input`,
        ),
      );
    }
  }

  for (const literal of program.literals) {
    const problem = literalProblem(literal);
    if (problem !== undefined) {
      issues.push(elementIssue(program, undefined, `literal "${literal.name}"`, "literal-value", problem));
    }
  }

  const operations = new Map(program.operations.map((operation) => [operation.id, operation]));
  for (const output of program.outputs) {
    const issue = (rule: ProgramIssue["rule"], text: string) =>
      issues.push(elementIssue(program, output.sourceRefIndex, `output "${output.name}"`, rule, text));
    if (!parties.has(output.party)) issue("party-undeclared", `party ${output.party} is not declared`);
    const operation = operations.get(output.operationId);
    if (operation === undefined) {
      issue("operation-missing", `outputs operation ${output.operationId}, which does not exist`);
    } else if (!nadaTypesEqual(operation.type, output.type)) {
      issue(
        "output-type",
        `expected ${formatNadaType(output.type)}, found ${formatNadaType(operation.type)} (the type of operation ${operation.id})`,
      );
    }
  }
  return issues;
}

// The names of inputs read anywhere, function bodies included, as the node counts uses.
function inputReferences(program: NadaProgram): Set<string> {
  const names = new Set<string>();
  for (const operation of [...program.operations, ...program.functions.flatMap((fn) => fn.operations)]) {
    if (operation.kind === "inputReference") names.add(operation.input);
  }
  return names;
}

// The first part of an input type the node's loader cannot place (n-tuples and objects), if any.
function unloadablePart(type: NadaType): string | undefined {
  switch (type.kind) {
    case "NTuple":
    case "Object":
      return formatNadaType(type);
    case "Array":
      return unloadablePart(type.element);
    case "Tuple":
      return unloadablePart(type.left) ?? unloadablePart(type.right);
    default:
      return undefined;
  }
}
