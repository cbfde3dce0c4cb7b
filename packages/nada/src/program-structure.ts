// What a program computes, written without what front ends choose freely: operation ids, literal names,
// function and argument names, source references. Two front ends compile one program alike exactly when
// their structures are equal.
import type { NadaFunction, NadaProgram } from "./nada-program.js";
import { formatNadaType } from "./nada-type.js";
import { type Operation, operandsOf } from "./operation.js";

/**
 * A program's structure: its parties, inputs and outputs in program order, and its operations numbered
 * `#0, #1, …` in the order a walk from the outputs meets them (operands first, in operand order), so
 * that equal structures mean the same operations, types, literals and dependency structure.
 *
 * @example
 * ```ts
 * import { programStructure } from "@nillion/nada";
 *
 * programStructure(program).operations;
 * // ["#0 SecretInteger = inputReference a", "#1 SecretInteger = inputReference b", "#2 SecretInteger = multiplication(#0, #1)", …]
 * ```
 */
export interface ProgramStructure {
  /** Party names. */
  readonly parties: readonly string[];
  /** `name: Type from Party`, with the doc when there is one. */
  readonly inputs: readonly string[];
  /** `name: Type to Party = #n`. */
  readonly outputs: readonly string[];
  /** `#n Type = kind(#operands…) detail` (`#n Type = kind detail` without operands), in walk order. */
  readonly operations: readonly string[];
  /** The functions `map` and `reduce` call, numbered `fn0, fn1, …` as the walk meets them. */
  readonly functions: readonly FunctionStructure[];
}

/** A function's structure: `(Type, …) -> Type` and its body, numbered from its returned operation. */
export interface FunctionStructure {
  readonly signature: string;
  readonly operations: readonly string[];
}

/**
 * The structure of `program`. Compare the structures of two programs (lowered, to compare what nodes
 * run) to check that they compute the same thing the same way.
 *
 * @example
 * ```ts
 * import { decodeProgram, lowerProgram, programStructure } from "@nillion/nada";
 * import { isDeepStrictEqual } from "node:util";
 *
 * const same = isDeepStrictEqual(
 *   programStructure(lowerProgram(decodeProgram(fromPython))),
 *   programStructure(lowerProgram(decodeProgram(fromTypeScript))),
 * );
 * ```
 */
export function programStructure(program: NadaProgram): ProgramStructure {
  const functionNumbers = new Map<number, number>();
  const functionsById = new Map(program.functions.map((fn) => [fn.id, fn]));
  const literals = new Map(program.literals.map((literal) => [literal.name, literal]));
  const order: NadaFunction[] = [];
  const functionNumber = (id: number): string => {
    let number = functionNumbers.get(id);
    if (number === undefined) {
      number = functionNumbers.size;
      functionNumbers.set(id, number);
      const fn = functionsById.get(id);
      if (fn !== undefined) order.push(fn);
    }
    return `fn${number}`;
  };
  const describe = (operations: readonly Operation[], roots: readonly number[], fn?: NadaFunction) => {
    const byId = new Map(operations.map((operation) => [operation.id, operation]));
    const numbers = new Map<number, number>();
    const lines: string[] = [];
    const visit = (id: number): string => {
      const known = numbers.get(id);
      if (known !== undefined) return `#${known}`;
      const operation = byId.get(id);
      if (operation === undefined) return `missing(${id})`;
      const operands = operandsOf(operation).map(visit);
      numbers.set(id, numbers.size);
      const detail = detailOf(operation, literals, functionNumber, fn);
      const call = operands.length === 0 ? operation.kind : `${operation.kind}(${operands.join(", ")})`;
      lines.push(`#${numbers.size - 1} ${formatNadaType(operation.type)} = ${call}${detail}`);
      return `#${numbers.size - 1}`;
    };
    const rootNames = roots.map(visit);
    for (const operation of [...operations].sort((a, b) => a.id - b.id)) visit(operation.id);
    return { lines, rootNames };
  };

  const main = describe(
    program.operations,
    program.outputs.map((output) => output.operationId),
  );
  const functions: FunctionStructure[] = [];
  for (let i = 0; i < order.length; i += 1) {
    const fn = order[i] as NadaFunction;
    const body = describe(fn.operations, [fn.returnOperationId], fn);
    functions.push({
      signature: `(${fn.args.map((arg) => formatNadaType(arg.type)).join(", ")}) -> ${formatNadaType(fn.returnType)} = ${body.rootNames[0]}`,
      operations: body.lines,
    });
  }
  return {
    parties: program.parties.map((party) => party.name),
    inputs: program.inputs.map(
      (input) =>
        `${input.name}: ${formatNadaType(input.type)} from ${input.party}${input.doc === "" ? "" : ` (${input.doc})`}`,
    ),
    outputs: program.outputs.map(
      (output, i) =>
        `${output.name}: ${formatNadaType(output.type)} to ${output.party} = ${main.rootNames[i]}`,
    ),
    operations: main.lines,
    functions,
  };
}

function detailOf(
  operation: Operation,
  literals: ReadonlyMap<string, NadaProgram["literals"][number]>,
  functionNumber: (id: number) => string,
  fn: NadaFunction | undefined,
): string {
  switch (operation.kind) {
    case "inputReference":
      return ` ${operation.input}`;
    case "literalReference": {
      const literal = literals.get(operation.literal);
      return literal === undefined
        ? ` missing literal ${operation.literal}`
        : ` ${formatNadaType(literal.type)} ${literal.value}`;
    }
    case "argumentReference": {
      const position = fn?.args.findIndex((arg) => arg.name === operation.argument) ?? -1;
      const owner = fn?.id === operation.functionId ? "" : ` of ${functionNumber(operation.functionId)}`;
      return ` ${position === -1 ? operation.argument : `argument ${position}`}${owner}`;
    }
    case "arrayAccessor":
    case "ntupleAccessor":
      return ` [${operation.index}]`;
    case "tupleAccessor":
      return ` .${operation.side}`;
    case "objectAccessor":
      return ` .${operation.key}`;
    case "map":
    case "reduce":
      return ` ${functionNumber(operation.functionId)}`;
    case "cast":
      return ` to ${operation.castTo === undefined ? "?" : formatNadaType(operation.castTo)}`;
    default:
      return "";
  }
}
