// Hand-built programs for tests. Every operation gets its own source reference at `test.py:<id + 1>`, so
// messages name a predictable line.
import type {
  FunctionArgument,
  NadaFunction,
  NadaProgram,
  NadaType,
  Operation,
  ProgramInput,
  ProgramOutput,
  SourceRef,
} from "../src/index.js";

type WithoutId<T> = T extends Operation ? Omit<T, "id" | "sourceRefIndex"> : never;

/** Shorthands for types. */
export const T = {
  Int: { kind: "Integer" },
  UInt: { kind: "UnsignedInteger" },
  Bool: { kind: "Boolean" },
  SInt: { kind: "SecretInteger" },
  SUInt: { kind: "SecretUnsignedInteger" },
  SBool: { kind: "SecretBoolean" },
  array: (element: NadaType, size: number): NadaType => ({ kind: "Array", element, size }),
  tuple: (left: NadaType, right: NadaType): NadaType => ({ kind: "Tuple", left, right }),
} as const satisfies Record<string, NadaType | ((...args: never[]) => NadaType)>;

export class ProgramBuilder {
  readonly #parties = new Set<string>(["P"]);
  readonly #inputs: ProgramInput[] = [];
  readonly #literals: { name: string; value: string; type: NadaType }[] = [];
  readonly #outputs: ProgramOutput[] = [];
  readonly #operations: Operation[] = [];
  readonly #functions: NadaFunction[] = [];
  readonly #sourceRefs: SourceRef[] = [];
  #nextId = 0;

  /** Declares a party besides the default `P`. */
  party(name: string): this {
    this.#parties.add(name);
    return this;
  }

  /** Declares an input and adds the operation that loads it; returns that operation's id. */
  input(name: string, type: NadaType, party = "P"): number {
    this.declareInput(name, type, party);
    return this.op({ kind: "inputReference", input: name, type });
  }

  /** Declares an input without loading it. */
  declareInput(name: string, type: NadaType, party = "P"): this {
    this.#inputs.push({ name, type, party, doc: "", sourceRefIndex: this.#ref(900 + this.#inputs.length) });
    return this;
  }

  /** Declares a literal and adds a reference to it; returns the reference's id. */
  literal(value: string, type: NadaType): number {
    const name = `literal-${value}-${type.kind}`;
    if (!this.#literals.some((literal) => literal.name === name)) this.#literals.push({ name, value, type });
    return this.op({ kind: "literalReference", literal: name, type });
  }

  /** Adds an operation with the next id; returns the id. */
  op(operation: WithoutId<Operation>): number {
    const id = this.#nextId;
    this.#nextId += 1;
    this.#operations.push({ ...operation, id, sourceRefIndex: this.#ref(id + 1) } as Operation);
    return id;
  }

  /** Adds an operation with a chosen id (for cycles, duplicates and dangling references). */
  opWithId(id: number, operation: WithoutId<Operation>): number {
    this.#operations.push({ ...operation, id, sourceRefIndex: this.#ref(id + 1) } as Operation);
    this.#nextId = Math.max(this.#nextId, id + 1);
    return id;
  }

  /** Outputs operation `operationId` to `party`, with the operation's type unless `type` is given. */
  output(name: string, operationId: number, party = "P", type?: NadaType): this {
    const operation = this.#operations.find((candidate) => candidate.id === operationId);
    this.#outputs.push({
      name,
      operationId,
      party,
      type: type ?? operation?.type ?? T.Int,
      sourceRefIndex: this.#ref(800 + this.#outputs.length),
    });
    return this;
  }

  /**
   * Declares a function: `body` receives an id allocator for its own operations and the ids of its
   * argument references, and returns the id of the returned operation.
   */
  fn(
    name: string,
    args: readonly { name: string; type: NadaType }[],
    returnType: NadaType,
    body: (op: (operation: WithoutId<Operation>) => number, argIds: readonly number[]) => number,
  ): number {
    const id = this.#nextId;
    this.#nextId += 1;
    const operations: Operation[] = [];
    const op = (operation: WithoutId<Operation>): number => {
      const opId = this.#nextId;
      this.#nextId += 1;
      operations.push({ ...operation, id: opId, sourceRefIndex: this.#ref(opId + 1) } as Operation);
      return opId;
    };
    const argIds = args.map((arg) =>
      op({ kind: "argumentReference", functionId: id, argument: arg.name, type: arg.type }),
    );
    const returnOperationId = body(op, argIds);
    const fnArgs: FunctionArgument[] = args.map((arg) => ({ ...arg, sourceRefIndex: this.#ref(700) }));
    this.#functions.push({
      id,
      name,
      args: fnArgs,
      operations,
      returnOperationId,
      returnType,
      sourceRefIndex: this.#ref(700),
    });
    return id;
  }

  build(): NadaProgram {
    return {
      parties: [...this.#parties].map((name) => ({ name, sourceRefIndex: this.#ref(1000) })),
      inputs: this.#inputs,
      literals: this.#literals,
      outputs: this.#outputs,
      operations: this.#operations,
      functions: this.#functions,
      sourceFiles: { "test.py": "" },
      sourceRefs: this.#sourceRefs,
    };
  }

  // The index of a source reference at test.py:<line>.
  #ref(line: number): number {
    const index = this.#sourceRefs.findIndex((ref) => ref.line === line);
    if (index !== -1) return index;
    this.#sourceRefs.push({ file: "test.py", line, offset: 0, length: 0 });
    return this.#sourceRefs.length - 1;
  }
}
