// A party's input shares for a computation, matched against the program's declared inputs.
import { PrimeField, type PrimeName, type WireNamedValueInput } from "@nillion/crypto";
import type { NadaProgram } from "@nillion/nada";
import { InvalidArgumentError } from "@nillion/types";
import { readWireValue, type ShareValue } from "./share-values.js";
import type { PartyPosition } from "./threshold/threshold-values.js";

/**
 * Reads every program input from `values` (stored and compute-time values merged, as a node holds
 * them), by name. Key shares must be the share of the party at `position`, when it is given.
 *
 * @throws {InvalidArgumentError} (argument `inputs`) for a name given twice (`duplicate value key`), names
 * the program does not declare (`unexpected values`), inputs without a value (`missing values`), and
 * values of the wrong type, shape or width (`invalid values`)
 */
export function readProgramInputs(
  program: NadaProgram,
  values: readonly WireNamedValueInput[],
  field: PrimeField,
  position?: PartyPosition,
): Map<string, ShareValue> {
  const byName = new Map<string, WireNamedValueInput>();
  for (const value of values) {
    if (byName.has(value.name)) {
      throw new InvalidArgumentError(`duplicate value key: ${value.name}`, { argument: "inputs" });
    }
    byName.set(value.name, value);
  }
  const declared = new Set(program.inputs.map((input) => input.name));
  const unexpected = [...byName.keys()].filter((name) => !declared.has(name));
  if (unexpected.length > 0) {
    throw new InvalidArgumentError(`unexpected values: ${unexpected.join(", ")}`, { argument: "inputs" });
  }
  const missing = program.inputs.filter((input) => !byName.has(input.name)).map((input) => input.name);
  if (missing.length > 0) {
    throw new InvalidArgumentError(`missing values: ${missing.join(", ")}`, { argument: "inputs" });
  }
  return new Map(
    program.inputs.map((input) => [
      input.name,
      readWireValue(
        byName.get(input.name)?.value?.value,
        input.type,
        field,
        `input "${input.name}"`,
        position,
      ),
    ]),
  );
}

/**
 * Checks one party's inputs against a program as `executeProgram` does before it sends anything:
 * every declared input given exactly once, nothing else, each of the declared type, shape and element
 * width, and ECDSA/EdDSA key shares valid (index, public shares, points), and this party's when
 * `position` names it. A node runs it while it accepts a computation, so a mismatch is refused at once.
 *
 * @throws {InvalidArgumentError} (argument `inputs`) `duplicate value key: …`, `unexpected values: …`,
 * `missing values: …` or `invalid values: …`
 *
 * @example
 * ```ts
 * import { checkProgramInputs } from "@nillion/mpc";
 *
 * checkProgramInputs(plan.program, [...storedValues, ...computeTimeValues], "SAFE_256_BITS", {
 *   parties: 3,
 *   party: myRank,
 * });
 * ```
 */
export function checkProgramInputs(
  program: NadaProgram,
  values: readonly WireNamedValueInput[],
  prime: PrimeName | number,
  position?: PartyPosition,
): void {
  readProgramInputs(program, values, PrimeField.of(prime), position);
}
