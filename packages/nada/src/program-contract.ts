// What a program expects and produces, per party: the part of a program a client needs to compute.
import type { NadaProgram } from "./nada-program.js";
import type { NadaType } from "./nada-type.js";

/**
 * An input or an output of a contract.
 *
 * @example
 * ```ts
 * import type { ContractValue } from "@nillion/nada";
 *
 * const a: ContractValue = { name: "a", type: { kind: "SecretInteger" }, party: "Dealer" };
 * ```
 */
export interface ContractValue {
  readonly name: string;
  readonly type: NadaType;
  readonly party: string;
}

/**
 * A program's contract: its parties, which of them provide inputs and receive outputs, and every input
 * and output with its full type (array sizes, tuple sides) and party. This is what the node checks a
 * computation's bindings and values against.
 *
 * @example
 * ```ts
 * import { decodeProgram, programContract } from "@nillion/nada";
 *
 * const contract = programContract(decodeProgram(bytes));
 * contract.inputParties; // ["Dealer"]
 * ```
 */
export interface ProgramContract {
  /** Every declared party, in declaration order. */
  readonly parties: readonly string[];
  /** The parties that provide at least one input, in declaration order. */
  readonly inputParties: readonly string[];
  /** The parties that receive at least one output, in declaration order. */
  readonly outputParties: readonly string[];
  readonly inputs: readonly ContractValue[];
  readonly outputs: readonly ContractValue[];
}

/**
 * The contract of a program (lowered or not: lowering changes neither inputs nor outputs).
 *
 * @example
 * ```ts
 * import { decodeProgram, formatNadaType, programContract } from "@nillion/nada";
 *
 * for (const input of programContract(decodeProgram(bytes)).inputs) {
 *   console.log(`${input.name}: ${formatNadaType(input.type)} from ${input.party}`);
 * }
 * ```
 */
export function programContract(program: NadaProgram): ProgramContract {
  const inputs = program.inputs.map(({ name, type, party }) => Object.freeze({ name, type, party }));
  const outputs = program.outputs.map(({ name, type, party }) => Object.freeze({ name, type, party }));
  const parties = program.parties.map((party) => party.name);
  const owning = (values: readonly ContractValue[]) =>
    Object.freeze(parties.filter((party) => values.some((value) => value.party === party)));
  return Object.freeze({
    parties: Object.freeze(parties),
    inputParties: owning(inputs),
    outputParties: owning(outputs),
    inputs: Object.freeze(inputs),
    outputs: Object.freeze(outputs),
  });
}
