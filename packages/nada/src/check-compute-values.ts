// Client-side checks of a computation against a program contract, before anything is paid for.
import {
  type InputPartyBinding,
  InvalidArgumentError,
  isNadaValue,
  type NadaValues,
  type OutputPartyBinding,
  shapeOf,
  ValueValidationError,
} from "@nillion/types";
import { formatNadaType } from "./nada-type.js";
import type { ContractValue, ProgramContract } from "./program-contract.js";

/**
 * Options of {@link checkComputeValues}.
 *
 * @example
 * ```ts
 * import type { CheckComputeValuesOptions } from "@nillion/nada";
 *
 * const options: CheckComputeValuesOptions = { storedValueNames: ["b"] };
 * ```
 */
export interface CheckComputeValuesOptions {
  /** Names of the values the computation reads from stored value sets (`value_ids`), if any. */
  readonly storedValueNames?: Iterable<string>;
}

/**
 * Checks compute-time values against the program's inputs: every value must be an input of the program,
 * have the input's exact type (array sizes and tuple sides included), and not repeat a stored value's
 * name; and every input must be given, here or in a stored value set. The node checks the same names
 * (and, more loosely, the types) only after the computation is paid for.
 *
 * @throws {ValueValidationError} `argument` `values.<name>` (rule `"type"`) for a value of the wrong type
 * @throws {InvalidArgumentError} `argument` `"values"` for values the program does not take, names given
 * twice, or inputs that have no value (all of them are named)
 *
 * @example
 * ```ts
 * import { SecretInteger } from "@nillion/types";
 * import { checkComputeValues, programContract } from "@nillion/nada";
 *
 * const contract = programContract(program);
 * checkComputeValues(contract, { a: new SecretInteger(2n) }, { storedValueNames: ["b"] });
 * ```
 */
export function checkComputeValues(
  contract: ProgramContract,
  values: NadaValues,
  options: CheckComputeValuesOptions = {},
): void {
  const stored = new Set(options.storedValueNames ?? []);
  const inputs = new Map(contract.inputs.map((input) => [input.name, input]));
  const names = Object.keys(values);
  const unexpected = names.filter((name) => !inputs.has(name));
  if (unexpected.length > 0) {
    throw new InvalidArgumentError(
      `"values" has ${list(unexpected)}, which the program does not take; its inputs are ${describe(contract.inputs)}`,
      { argument: "values", details: { unexpected } },
    );
  }
  const twice = names.filter((name) => stored.has(name));
  if (twice.length > 0) {
    throw new InvalidArgumentError(`"values" repeats ${list(twice)}, already given by a stored value set`, {
      argument: "values",
      details: { duplicates: twice },
    });
  }
  for (const name of names)
    checkValue(inputs.get(name) as ContractValue, values[name], "input", `values.${name}`);
  const missing = contract.inputs.filter(
    (input) => !Object.hasOwn(values, input.name) && !stored.has(input.name),
  );
  if (missing.length > 0) {
    throw new InvalidArgumentError(`missing values for ${describe(missing)}`, {
      argument: "values",
      details: { missing: missing.map((input) => input.name) },
    });
  }
}

/**
 * Checks a computation's party bindings: the bound input parties must be exactly the program's input
 * parties, and likewise for output parties, as the node requires.
 *
 * @throws {InvalidArgumentError} `argument` `"inputBindings"` or `"outputBindings"`, naming the parties
 * that are not in the program or not bound
 *
 * @example
 * ```ts
 * import { InputPartyBinding, OutputPartyBinding } from "@nillion/types";
 * import { checkComputeBindings, programContract } from "@nillion/nada";
 *
 * checkComputeBindings(programContract(program), [new InputPartyBinding("Dealer", me)], [new OutputPartyBinding("Dealer", [me])]);
 * ```
 */
export function checkComputeBindings(
  contract: ProgramContract,
  inputBindings: readonly InputPartyBinding[],
  outputBindings: readonly OutputPartyBinding[],
): void {
  checkParties("inputBindings", "input", contract.inputParties, inputBindings);
  checkParties("outputBindings", "output", contract.outputParties, outputBindings);
}

/**
 * Checks the results of a computation, as one user retrieved them: every value must be an output of the
 * program with the output's exact type. With `parties` (the output parties the user is bound to), the
 * results must hold exactly those parties' outputs.
 *
 * @throws {ValueValidationError} `argument` `results.<name>` (rule `"type"`) for a result of the wrong type
 * @throws {InvalidArgumentError} `argument` `"results"` for results the program does not produce, or
 * outputs of `parties` that are missing
 *
 * @example
 * ```ts
 * import { checkComputeResults, programContract } from "@nillion/nada";
 *
 * checkComputeResults(programContract(program), results, ["Dealer"]);
 * ```
 */
export function checkComputeResults(
  contract: ProgramContract,
  results: NadaValues,
  parties?: readonly string[],
): void {
  const outputs = new Map(contract.outputs.map((output) => [output.name, output]));
  const unexpected = Object.keys(results).filter((name) => !outputs.has(name));
  if (unexpected.length > 0) {
    throw new InvalidArgumentError(`"results" has ${list(unexpected)}, which the program does not output`, {
      argument: "results",
      details: { unexpected },
    });
  }
  for (const [name, value] of Object.entries(results)) {
    checkValue(outputs.get(name) as ContractValue, value, "output", `results.${name}`);
  }
  if (parties === undefined) return;
  const missing = contract.outputs.filter(
    (output) => parties.includes(output.party) && !Object.hasOwn(results, output.name),
  );
  if (missing.length > 0) {
    throw new InvalidArgumentError(`"results" lacks ${describe(missing)}`, {
      argument: "results",
      details: { missing: missing.map((output) => output.name) },
    });
  }
}

function checkValue(
  expected: ContractValue,
  value: unknown,
  role: "input" | "output",
  argument: string,
): void {
  const type = formatNadaType(expected.type);
  const got = isNadaValue(value) ? shapeOf(value) : describeInput(value);
  if (got === type) return;
  const direction = role === "input" ? "from" : "for";
  throw new ValueValidationError(
    `${role} "${expected.name}" (${direction} party ${expected.party}) must be ${type}, got ${got}`,
    { valueType: type, rule: "type", argument },
  );
}

function checkParties(
  argument: string,
  role: "input" | "output",
  expected: readonly string[],
  bindings: readonly { readonly partyName: string }[],
): void {
  const bound = new Set(bindings.map((binding) => binding.partyName));
  const unknown = [...bound].filter((party) => !expected.includes(party));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `${role} ${unknown.length === 1 ? "party" : "parties"} ${list(unknown)} ${unknown.length === 1 ? "is" : "are"} not defined in program; its ${role} parties are ${list(expected)}`,
      { argument, details: { unknown } },
    );
  }
  const unbound = expected.filter((party) => !bound.has(party));
  if (unbound.length > 0) {
    throw new InvalidArgumentError(`${role} parties ${list(unbound)} not bound`, {
      argument,
      details: { unbound },
    });
  }
}

function describe(values: readonly ContractValue[]): string {
  return values.length === 0
    ? "none"
    : values.map((value) => `${value.name} (${formatNadaType(value.type)}, party ${value.party})`).join(", ");
}

function list(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.map((name) => JSON.stringify(name)).join(", ");
}

function describeInput(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object")
    return `a plain ${Array.isArray(value) ? "array" : "object"} (not a value object)`;
  return `a ${typeof value}`;
}
