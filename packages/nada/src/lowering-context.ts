// The state of one lowering run: the operation table being rewritten and the id generator.
import { InvalidProgramError } from "./invalid-program-error.js";
import type { NadaProgram } from "./nada-program.js";
import type { NadaType } from "./nada-type.js";
import type { ArrayAccessor, Operation } from "./operation.js";
import { type OperationSite, operationIssue, type ProgramRule } from "./program-issue.js";

/**
 * A call of a function on some arguments. `map` and `reduce` turn into calls, and calls are inlined;
 * the wire format has no call operation, so calls only exist while lowering.
 */
export interface FunctionCall {
  readonly kind: "call";
  readonly id: number;
  readonly functionId: number;
  readonly args: readonly number[];
  readonly type: NadaType;
  readonly sourceRefIndex: number;
}

/** An operation of the table being lowered. */
export type LoweringOperation = Operation | FunctionCall;

/** The table being lowered, with what the rewrites share. */
export class LoweringContext {
  readonly program: NadaProgram;
  readonly operations: Map<number, LoweringOperation>;
  /** The operation that loads each input; calls reuse it, so every input keeps a single reference. */
  readonly inputReferences = new Map<string, number>();
  /**
   * The literal references of the program as given. Like the reference pre-processor, literal references
   * copied out of function bodies are not shared between calls; they cost nothing to compile.
   */
  readonly literalReferences = new Map<string, number>();
  #nextId: number;

  constructor(program: NadaProgram) {
    this.program = program;
    this.operations = new Map(program.operations.map((operation) => [operation.id, operation]));
    for (const operation of [...program.operations].sort((a, b) => a.id - b.id)) {
      if (operation.kind === "inputReference") this.inputReferences.set(operation.input, operation.id);
      if (operation.kind === "literalReference") this.literalReferences.set(operation.literal, operation.id);
    }
    let largest = -1;
    for (const id of this.operations.keys()) largest = Math.max(largest, id);
    this.#nextId = largest + 1;
  }

  /** A fresh operation id, above every id of the program as given. */
  nextId(): number {
    const id = this.#nextId;
    this.#nextId += 1;
    return id;
  }

  /** Stops lowering with an issue about `operation`. */
  fail(operation: OperationSite, rule: ProgramRule, text: string): never {
    throw new InvalidProgramError([operationIssue(this.program, operation, rule, text)]);
  }

  /** One accessor per element of array `arrayId`, located where the array is. */
  arrayAccessors(arrayId: number, user: LoweringOperation): ArrayAccessor[] {
    const array = this.operations.get(arrayId);
    if (array === undefined)
      return this.fail(user, "operation-missing", `reads operation ${arrayId}, which does not exist`);
    const type = array.type;
    if (type.kind !== "Array") return this.fail(user, "array-shape", `expected an array, found ${type.kind}`);
    return Array.from({ length: type.size }, (_, index) => ({
      kind: "arrayAccessor",
      id: this.nextId(),
      source: arrayId,
      index,
      type: type.element,
      sourceRefIndex: array.sourceRefIndex,
    }));
  }
}
