// The program model: a decoded `ProgramMIR`, immutable, with its operations in dependency order.
import type { NadaType } from "./nada-type.js";
import type { Operation } from "./operation.js";

/**
 * A span of the program's source, for messages: `file:line`, plus the byte range of the expression.
 *
 * @example
 * ```ts
 * import type { SourceRef } from "@nillion/nada";
 *
 * const where: SourceRef = { file: "main.py", line: 7, offset: 120, length: 32 };
 * ```
 */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

/**
 * A party: inputs and outputs name the party that provides or receives them.
 *
 * @example
 * ```ts
 * import type { Party } from "@nillion/nada";
 *
 * const dealer: Party = { name: "Dealer", sourceRefIndex: 0 };
 * ```
 */
export interface Party {
  readonly name: string;
  readonly sourceRefIndex: number;
}

/**
 * A declared input: its name, its type and the party that provides it.
 *
 * @example
 * ```ts
 * import type { ProgramInput } from "@nillion/nada";
 *
 * const a: ProgramInput = { name: "a", type: { kind: "SecretInteger" }, party: "Dealer", doc: "", sourceRefIndex: 1 };
 * ```
 */
export interface ProgramInput {
  readonly name: string;
  readonly type: NadaType;
  readonly party: string;
  readonly doc: string;
  readonly sourceRefIndex: number;
}

/**
 * A constant. `value` is the decimal string for integers and `True`/`False` for booleans, as the Python
 * front end writes it.
 *
 * @example
 * ```ts
 * import type { Literal } from "@nillion/nada";
 *
 * const ten: Literal = { name: "0d1f…", value: "10", type: { kind: "Integer" } };
 * ```
 */
export interface Literal {
  readonly name: string;
  readonly value: string;
  readonly type: NadaType;
}

/**
 * A program output: the value of operation `operationId`, delivered to `party`.
 *
 * @example
 * ```ts
 * import type { ProgramOutput } from "@nillion/nada";
 *
 * const total: ProgramOutput = { name: "total", operationId: 8, party: "Dealer", type: { kind: "SecretInteger" }, sourceRefIndex: 6 };
 * ```
 */
export interface ProgramOutput {
  readonly name: string;
  readonly operationId: number;
  readonly party: string;
  readonly type: NadaType;
  readonly sourceRefIndex: number;
}

/**
 * A function argument.
 *
 * @example
 * ```ts
 * import type { FunctionArgument } from "@nillion/nada";
 *
 * const v: FunctionArgument = { name: "v", type: { kind: "SecretInteger" }, sourceRefIndex: 0 };
 * ```
 */
export interface FunctionArgument {
  readonly name: string;
  readonly type: NadaType;
  readonly sourceRefIndex: number;
}

/**
 * A Nada function, called by `map` and `reduce` operations. Its operations live in their own table;
 * `returnOperationId` names the one whose value the function returns.
 *
 * @example
 * ```ts
 * import type { NadaFunction } from "@nillion/nada";
 *
 * function arity(fn: NadaFunction): number {
 *   return fn.args.length;
 * }
 * ```
 */
export interface NadaFunction {
  readonly id: number;
  readonly name: string;
  readonly args: readonly FunctionArgument[];
  readonly operations: readonly Operation[];
  readonly returnOperationId: number;
  readonly returnType: NadaType;
  readonly sourceRefIndex: number;
}

/**
 * A Nada program, as decoded from a `.nada.bin` file: every part of the `ProgramMIR`, deeply frozen.
 * `operations` lists each operation after the operations it reads (ties broken by id); the wire order
 * (ascending id) is restored when encoding.
 *
 * @example
 * ```ts
 * import { decodeProgram } from "@nillion/nada";
 *
 * const program = decodeProgram(bytes);
 * program.inputs.map((input) => `${input.name} from ${input.party}`);
 * ```
 */
export interface NadaProgram {
  readonly parties: readonly Party[];
  readonly inputs: readonly ProgramInput[];
  readonly literals: readonly Literal[];
  readonly outputs: readonly ProgramOutput[];
  readonly operations: readonly Operation[];
  readonly functions: readonly NadaFunction[];
  /** File name to source text; only used for messages. */
  readonly sourceFiles: Readonly<Record<string, string>>;
  /** The spans the `sourceRefIndex` fields point at. */
  readonly sourceRefs: readonly SourceRef[];
}
