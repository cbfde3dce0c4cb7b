import { InvalidArgumentError, isNadaValue, type NadaValues } from "@nillion/types";

/**
 * Throws unless `values` is an object of named value objects (`{ a: new SecretInteger(1n) }`).
 *
 * @param allowEmpty whether no values at all is acceptable (compute-time values may be none)
 * @throws {InvalidArgumentError} naming `argument`, `argument.<name>` for a bad entry, or `argument[""]`
 * for an entry without a name
 */
export function assertNadaValues(
  values: unknown,
  argument: string,
  allowEmpty: boolean,
): asserts values is NadaValues {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new InvalidArgumentError(
      `"${argument}" expected an object of named values, e.g. { age: new SecretInteger(42n) }`,
      { argument },
    );
  }
  const entries = Object.entries(values);
  if (entries.length === 0 && !allowEmpty) {
    throw new InvalidArgumentError(`"${argument}" must hold at least one value`, { argument });
  }
  for (const [name, value] of entries) {
    if (name === "") {
      // Nodes refuse a nameless value ("invalid values: a value has no name"), a program has no such input.
      throw new InvalidArgumentError(`"${argument}[""]": a value's name must not be empty`, {
        argument: `${argument}[""]`,
      });
    }
    if (!isNadaValue(value)) {
      const got = value === null ? "null" : Array.isArray(value) ? "a plain array" : `a ${typeof value}`;
      throw new InvalidArgumentError(
        `"${argument}.${name}" must be a value object such as new SecretInteger(…) or new Integer(…), got ${got}`,
        { argument: `${argument}.${name}` },
      );
    }
  }
}
