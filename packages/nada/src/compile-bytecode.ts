// The node's first compilation step (jit-compiler mir2bytecode): orders the lowered operations and lays
// them out in a flat bytecode heap. Only what decides protocol counts and memory is kept: the entry kinds,
// their MIR types and which heap address each operand resolves to.
import { CompilationFailure, type FailureSite } from "./compilation-failure.js";
import { literalProblem } from "./literal-problem.js";
import type { Literal, NadaProgram, ProgramInput, ProgramOutput } from "./nada-program.js";
import type { NadaType } from "./nada-type.js";
import { type Operation, operandsOf } from "./operation.js";

/** One heap entry. `operation` entries become protocols; the others only shape memory and links. */
export type BytecodeEntry =
  | { readonly kind: "load"; readonly type: NadaType; readonly input: ProgramInput }
  | { readonly kind: "literal"; readonly type: NadaType; readonly literal: Literal }
  | { readonly kind: "new"; readonly type: NadaType }
  | { readonly kind: "get"; readonly type: NadaType; readonly source: number }
  | {
      readonly kind: "operation";
      readonly type: NadaType;
      readonly operation: Operation;
      /** Heap addresses of the operands, in operand order. */
      readonly operands: readonly number[];
    };

/** The bytecode of a program: its heap and, per output, the heap address of its value. */
export interface Bytecode {
  readonly heap: readonly BytecodeEntry[];
  readonly outputs: readonly { readonly output: ProgramOutput; readonly address: number }[];
}

// Operation kinds the bytecode has an instruction for; the pre-processor removes the others.
const INSTRUCTIONS: ReadonlySet<Operation["kind"]> = new Set<Operation["kind"]>([
  "addition",
  "subtraction",
  "multiplication",
  "lessThan",
  "publicOutputEquality",
  "equals",
  "modulo",
  "power",
  "division",
  "leftShift",
  "rightShift",
  "truncPr",
  "innerProduct",
  "ecdsaSign",
  "eddsaSign",
  "not",
  "reveal",
  "publicKeyDerive",
  "ifElse",
  "random",
]);

/** Compiles a lowered program to bytecode, failing where the node's compiler fails. */
export function compileBytecode(program: NadaProgram): Bytecode {
  for (const literal of program.literals) {
    const problem = literalProblem(literal);
    if (problem !== undefined) throw new CompilationFailure(`literal ${literal.name}: ${problem}`);
  }
  const heap: BytecodeEntry[] = [];
  const addresses = new Map<number, number>();

  const resolve = (id: number): number => {
    let address = addresses.get(id);
    // Arrays and tuples built by `new` hold `get` entries that point at the real values.
    for (;;) {
      const entry = address === undefined ? undefined : heap[address];
      if (address === undefined || entry === undefined)
        throw new CompilationFailure(`operation ${id} was not found`);
      if (entry.kind !== "get") return address;
      address = entry.source;
    }
  };

  for (const operation of plan(program)) {
    if (addresses.has(operation.id)) continue;
    try {
      layOut(operation);
    } catch (error) {
      throw error instanceof CompilationFailure ? error.at({ operation }) : error;
    }
  }

  function layOut(operation: Operation): void {
    switch (operation.kind) {
      case "inputReference":
        loadInput(
          operation.id,
          operation.type,
          program.inputs.find((input) => input.name === operation.input),
        );
        return;
      case "literalReference": {
        const literal = program.literals.find((candidate) => candidate.name === operation.literal);
        if (literal === undefined) throw new CompilationFailure(`literal ${operation.literal} was not found`);
        place(operation.id, { kind: "literal", type: operation.type, literal });
        return;
      }
      case "arrayAccessor":
        // The element sits after the array's header; this is exact only for arrays of scalars, as in the node.
        addresses.set(operation.id, resolve(operation.source) + operation.index + 1);
        return;
      case "tupleAccessor":
        addresses.set(operation.id, resolve(operation.source) + (operation.side === "left" ? 1 : 2));
        return;
      case "new": {
        place(operation.id, { kind: "new", type: operation.type });
        for (const element of operation.elements) {
          const source = resolve(element);
          const type = (heap[source] as BytecodeEntry).type;
          heap.push({ kind: "get", type, source });
        }
        return;
      }
      default:
        if (!INSTRUCTIONS.has(operation.kind)) {
          throw new CompilationFailure(
            `${operation.kind} is not supported by the node's compiler; lower the program first`,
          );
        }
        place(operation.id, {
          kind: "operation",
          type: operation.type,
          operation,
          operands: operandsOf(operation).map(resolve),
        });
    }
  }

  function place(id: number, entry: BytecodeEntry): void {
    if (!addresses.has(id)) addresses.set(id, heap.length);
    heap.push(entry);
  }

  // A compound input is loaded element by element, depth first, behind one `new` header per compound.
  function loadInput(id: number, type: NadaType, input: ProgramInput | undefined): void {
    if (input === undefined) throw new CompilationFailure(`input of operation ${id} was not found`);
    const pending: NadaType[] = [type];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (next.kind === "Array") {
        place(id, { kind: "new", type: next });
        for (let i = 0; i < next.size; i += 1) pending.push(next.element);
      } else if (next.kind === "Tuple") {
        place(id, { kind: "new", type: next });
        pending.push(next.right, next.left);
      } else if (next.kind === "NTuple" || next.kind === "Object") {
        throw new CompilationFailure(`input ${input.name}: inputs of type ${next.kind} cannot be loaded`, {
          input,
        });
      } else {
        place(id, { kind: "load", type: next, input });
      }
    }
  }

  const outputs = program.outputs.map((output) => {
    if (!program.parties.some((party) => party.name === output.party)) {
      throw new CompilationFailure(`party ${output.party} was not found`, { output });
    }
    try {
      return { output, address: resolve(output.operationId) };
    } catch (error) {
      throw error instanceof CompilationFailure ? error.at({ output }) : error;
    }
  });
  return { heap, outputs };
}

/**
 * The order the node compiles operations in: every input reference first (in declaration order, and
 * exactly one per input), then the operations the outputs need, depth first from the first output.
 */
function plan(program: NadaProgram): Operation[] {
  const byId = new Map(program.operations.map((operation) => [operation.id, operation]));
  const references = new Map<string, Operation>();
  const planned = new Set<number>();
  for (const operation of [...program.operations].sort((a, b) => a.id - b.id)) {
    if (operation.kind !== "inputReference") continue;
    if (references.has(operation.input)) {
      throw new CompilationFailure(`input ${operation.input} is loaded multiple times`, { operation });
    }
    references.set(operation.input, operation);
    planned.add(operation.id);
  }
  const order: Operation[] = [];
  for (const input of program.inputs) {
    if (!program.parties.some((party) => party.name === input.party)) {
      throw new CompilationFailure(`party ${input.party} was not found`, { input });
    }
    const reference = references.get(input.name);
    if (reference === undefined) throw new CompilationFailure(`input ${input.name} is not used`, { input });
    references.delete(input.name);
    order.push(reference);
  }
  const [stray] = references.entries();
  if (stray !== undefined) {
    const [name, operation] = stray;
    throw new CompilationFailure(`input ${name} does not exist`, { operation });
  }
  const find = (id: number, site: FailureSite): Operation => {
    const operation = byId.get(id);
    if (operation === undefined) throw new CompilationFailure(`operation ${id} was not found`, site);
    return operation;
  };
  const pending = program.outputs
    .filter((output) => !planned.has(output.operationId))
    .map((output) => find(output.operationId, { output }))
    .reverse();
  for (let operation = pending.pop(); operation !== undefined; operation = pending.pop()) {
    const site = { operation };
    const incoming = operandsOf(operation)
      .filter((id) => !planned.has(id))
      .map((id) => find(id, site))
      .reverse();
    if (incoming.length > 0) {
      pending.push(operation, ...incoming);
    } else {
      planned.add(operation.id);
      order.push(operation);
    }
  }
  return order;
}
