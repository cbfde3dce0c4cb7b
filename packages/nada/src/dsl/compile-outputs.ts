// The program model of a DSL program, as nada_dsl's compiler_frontend builds it from its outputs: the
// operations the outputs reach (function bodies in tables of their own), the inputs, parties and
// literals those operations use, and a source reference for each element.
import { decodeProgram } from "../decode-program.js";
import { encodeProgram } from "../encode-program.js";
import type { NadaFunction, NadaProgram, SourceRef } from "../nada-program.js";
import type { Operation } from "../operation.js";
import { spanOf } from "../source-span.js";
import { type CallSite, formatCallSite } from "./call-site.js";
import {
  type Expression,
  type FunctionDefinition,
  type FunctionHandle,
  type InputDeclaration,
  operandsOfExpression,
  type PartyDeclaration,
} from "./expression.js";
import { type Output, outputExpression } from "./party.js";
import { ProgramSourceError } from "./program-source-error.js";
import { isAbsolutePath, readSourceText } from "./source-text.js";

/** A compiled program: its `.nada.bin` bytes and their model. */
export interface CompiledOutputs {
  readonly bytes: Uint8Array;
  readonly program: NadaProgram;
}

/**
 * Compiles `outputs` into front-end MIR (not lowered, like nada_dsl's): the bytes the Python compiler would
 * write for the same program, up to operation ids, literal names and source references (see the README).
 *
 * @param root the site of the `program()` call: source files are named relative to its directory
 * @throws {ProgramSourceError} for two inputs or outputs of one name, or an input no output uses
 */
export function compileOutputs(outputs: readonly Output[], root: CallSite): CompiledOutputs {
  const tables = operationTables(outputs);
  const ids = numbering(tables);
  const id = (item: { readonly sequence: number }) => ids.get(item.sequence) as number;
  const inputs = usedInputs(tables, outputs);
  const literals = literalNames(tables);
  const refs = new SourceRefs(root);

  const parties = new Map<string, PartyDeclaration>();
  for (const party of [...inputs.map((input) => input.party), ...outputs.map((o) => o.declaration.party)]) {
    const known = parties.get(party.name);
    if (known === undefined || compareSites(party.site, known.site) < 0) parties.set(party.name, party);
  }
  const toOperation = (expression: Expression): Operation => {
    const common = { id: id(expression), type: expression.type, sourceRefIndex: refs.index(expression.site) };
    const operation = expression.operation;
    switch (operation.kind) {
      case "input":
        return { ...common, kind: "inputReference", input: operation.input.name };
      case "literal":
        return {
          ...common,
          kind: "literalReference",
          literal: literals.get(literalKey(expression)) as string,
        };
      case "binary":
        return { ...common, kind: operation.operation, left: id(operation.left), right: id(operation.right) };
      case "unary":
        return { ...common, kind: operation.operation, operand: id(operation.operand) };
      case "ifElse":
        return {
          ...common,
          kind: "ifElse",
          condition: id(operation.condition),
          whenTrue: id(operation.whenTrue),
          whenFalse: id(operation.whenFalse),
        };
      case "random":
        return { ...common, kind: "random" };
      case "new":
        return { ...common, kind: "new", elements: operation.elements.map(id) };
      case "arrayAccessor":
        return { ...common, kind: "arrayAccessor", source: id(operation.source), index: operation.index };
      case "tupleAccessor":
        return { ...common, kind: "tupleAccessor", source: id(operation.source), side: operation.side };
      case "ntupleAccessor":
        return { ...common, kind: "ntupleAccessor", source: id(operation.source), index: operation.index };
      case "objectAccessor":
        return { ...common, kind: "objectAccessor", source: id(operation.source), key: operation.key };
      case "map":
        return { ...common, kind: "map", functionId: id(operation.fn.handle), array: id(operation.array) };
      case "reduce":
        return {
          ...common,
          kind: "reduce",
          functionId: id(operation.fn.handle),
          array: id(operation.array),
          initial: id(operation.initial),
        };
      case "argument":
        return {
          ...common,
          kind: "argumentReference",
          functionId: id(operation.fn),
          argument: operation.name,
        };
    }
  };

  const program: NadaProgram = {
    parties: [...parties.values()]
      .sort((a, b) => compareStrings(a.name, b.name))
      .map((party) => ({ name: party.name, sourceRefIndex: refs.index(party.site) })),
    inputs: inputs.map((input) => ({
      name: input.name,
      type: input.type,
      party: input.party.name,
      doc: input.doc,
      sourceRefIndex: refs.index(input.site),
    })),
    literals: [...literals].map(([key, name]) => {
      const [kind, value] = key.split(":", 2) as [string, string];
      return { name, value, type: { kind } as NadaProgram["literals"][number]["type"] };
    }),
    outputs: outputs.map((output) => ({
      name: output.name,
      operationId: id(outputExpression(output)),
      party: output.party,
      type: outputExpression(output).type,
      sourceRefIndex: refs.index(output.declaration.site),
    })),
    operations: bySequence(tables.main).map(toOperation),
    functions: [...tables.functions.values()]
      .sort((a, b) => a.definition.handle.sequence - b.definition.handle.sequence)
      .map(
        ({ definition, table }): NadaFunction => ({
          id: id(definition.handle),
          name: definition.name,
          args: definition.args.map((arg) => ({
            name: arg.operation.kind === "argument" ? arg.operation.name : "",
            type: arg.type,
            sourceRefIndex: refs.index(arg.site),
          })),
          operations: bySequence(table).map(toOperation),
          returnOperationId: id(definition.body),
          returnType: definition.body.type,
          sourceRefIndex: refs.index(definition.site),
        }),
      ),
    sourceFiles: refs.files(),
    sourceRefs: refs.list(),
  };
  const bytes = encodeProgram(program);
  return { bytes, program: decodeProgram(bytes) };
}

/** The operations each table holds: the program's, and each function's. */
interface Tables {
  readonly main: ReadonlySet<Expression>;
  readonly functions: ReadonlyMap<FunctionHandle, { definition: FunctionDefinition; table: Set<Expression> }>;
}

// What Python's traverse_and_process_operations collects: everything an output reaches, not entering the
// functions `map` and `reduce` call; then, per function found, everything its body reaches (the values it
// closes over included), finding the functions it calls in turn.
function operationTables(outputs: readonly Output[]): Tables {
  const functions = new Map<FunctionHandle, { definition: FunctionDefinition; table: Set<Expression> }>();
  const pending: FunctionDefinition[] = [];
  const collect = (roots: readonly Expression[]): Set<Expression> => {
    const table = new Set<Expression>();
    const stack = [...roots];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (table.has(next)) continue;
      table.add(next);
      const operation = next.operation;
      if ((operation.kind === "map" || operation.kind === "reduce") && !functions.has(operation.fn.handle)) {
        functions.set(operation.fn.handle, { definition: operation.fn, table: new Set() });
        pending.push(operation.fn);
      }
      stack.push(...operandsOfExpression(next));
    }
    return table;
  };
  const main = collect(outputs.map(outputExpression));
  for (let fn = pending.pop(); fn !== undefined; fn = pending.pop()) {
    const entry = functions.get(fn.handle);
    if (entry !== undefined) entry.table = collect([fn.body]);
  }
  return { main, functions };
}

// Operations and functions numbered 0, 1, … in creation order, which is a dependency order.
function numbering(tables: Tables): Map<number, number> {
  const sequences = new Set<number>();
  for (const expression of tables.main) sequences.add(expression.sequence);
  for (const { definition, table } of tables.functions.values()) {
    sequences.add(definition.handle.sequence);
    for (const expression of table) sequences.add(expression.sequence);
    // An argument the body never reads still belongs to the function's signature.
    for (const arg of definition.args) sequences.add(arg.sequence);
  }
  return new Map([...sequences].sort((a, b) => a - b).map((sequence, index) => [sequence, index]));
}

// The inputs the tables load, sorted by party and name as Python's SortedDict keeps them; refuses two
// inputs of one name, and inputs declared by the program's parties that no output depends on.
function usedInputs(tables: Tables, outputs: readonly Output[]): InputDeclaration[] {
  const used = new Map<string, InputDeclaration>();
  const all = [tables.main, ...[...tables.functions.values()].map((entry) => entry.table)];
  for (const expression of all.flatMap((table) => bySequence(table))) {
    if (expression.operation.kind !== "input") continue;
    const input = expression.operation.input;
    const known = used.get(input.name);
    if (known !== undefined && known !== input) {
      const [first, second] = compareSites(known.site, input.site) <= 0 ? [known, input] : [input, known];
      throw new ProgramSourceError(
        second.site,
        "input",
        "name",
        `input: "${input.name}" is already declared at ${formatCallSite(first.site)}; input names are unique in a program`,
      );
    }
    used.set(input.name, input);
  }
  const parties = new Set<PartyDeclaration>([
    ...[...used.values()].map((input) => input.party),
    ...outputs.map((output) => output.declaration.party),
  ]);
  for (const party of parties) {
    for (const input of party.inputs) {
      if (used.get(input.name) !== input) {
        throw new ProgramSourceError(
          input.site,
          "input",
          "name",
          `input: "${input.name}" of party "${party.name}" is declared but no output depends on it`,
        );
      }
    }
  }
  const names = new Map<string, Output>();
  for (const output of outputs) {
    const known = names.get(output.name);
    if (known !== undefined) {
      throw new ProgramSourceError(
        output.declaration.site,
        "output",
        "name",
        `output: "${output.name}" is already an output (${formatCallSite(known.declaration.site)}); output names are unique in a program`,
      );
    }
    names.set(output.name, output);
  }
  return [...used.values()].sort(
    (a, b) => compareStrings(a.party.name, b.party.name) || compareStrings(a.name, b.name),
  );
}

// Literal names: 0, 1, … per distinct type and value, in creation order (as Python numbers them, though
// Python counts every literal it ever made, folded ones included).
function literalNames(tables: Tables): Map<string, string> {
  const names = new Map<string, string>();
  const all = [tables.main, ...[...tables.functions.values()].map((entry) => entry.table)];
  const literals = all.flatMap((table) => [...table]).filter((e) => e.operation.kind === "literal");
  for (const expression of literals.sort((a, b) => a.sequence - b.sequence)) {
    const key = literalKey(expression);
    if (!names.has(key)) names.set(key, String(names.size));
  }
  return names;
}

function literalKey(expression: Expression): string {
  const operation = expression.operation;
  return `${expression.type.kind}:${operation.kind === "literal" ? operation.value : ""}`;
}

function bySequence(table: ReadonlySet<Expression>): Expression[] {
  return [...table].sort((a, b) => a.sequence - b.sequence);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSites(a: CallSite, b: CallSite): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/** Source references, one per distinct span, and the text of the files they point into. */
class SourceRefs {
  readonly #root: string;
  readonly #refs: SourceRef[] = [];
  readonly #indices = new Map<string, number>();
  readonly #texts = new Map<string, string | undefined>();
  readonly #files: Record<string, string> = {};

  constructor(root: CallSite) {
    this.#root = directoryOf(root.file);
  }

  index(site: CallSite): number {
    const file = this.#key(site.file);
    const text = this.#text(site.file);
    const { offset, length } =
      text === undefined ? { offset: 0, length: 0 } : spanOf(text, site.line, site.column);
    if (text !== undefined) this.#files[file] = text;
    const key = `${file}\n${site.line}\n${offset}\n${length}`;
    const known = this.#indices.get(key);
    if (known !== undefined) return known;
    this.#refs.push({ file, line: site.line, offset, length });
    this.#indices.set(key, this.#refs.length - 1);
    return this.#refs.length - 1;
  }

  list(): SourceRef[] {
    return this.#refs;
  }

  files(): Record<string, string> {
    return this.#files;
  }

  #text(file: string): string | undefined {
    if (!this.#texts.has(file)) this.#texts.set(file, readSourceText(file));
    return this.#texts.get(file);
  }

  // Relative to the program file's directory, so the bytes do not depend on where the project lives.
  #key(file: string): string {
    const normalized = file.replaceAll("\\", "/");
    if (!isAbsolutePath(normalized) || this.#root === "")
      return normalized.slice(normalized.lastIndexOf("/") + 1);
    const from = this.#root.split("/").filter(Boolean);
    const to = normalized.split("/").filter(Boolean);
    let common = 0;
    while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
    return [...Array(from.length - common).fill(".."), ...to.slice(common)].join("/");
  }
}

function directoryOf(file: string): string {
  const normalized = file.replaceAll("\\", "/");
  return isAbsolutePath(normalized) ? normalized.slice(0, normalized.lastIndexOf("/")) : "";
}
