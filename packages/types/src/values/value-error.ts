// Building the {@link ValueValidationError}s of the value classes, with one message style.
import { describeType, isBytes } from "../bytes.js";
import { type ValueRule, ValueValidationError } from "../errors.js";

/**
 * `Invalid <valueType>: <problem> (rule: <rule>)`: the message names the type, says what was wrong with
 * what was given, and ends with the rule id that `err.rule` carries.
 *
 * @internal
 */
export function valueError(
  valueType: string,
  rule: ValueRule,
  problem: string,
  options: { argument?: string; details?: Readonly<Record<string, unknown>> } = {},
): ValueValidationError {
  return new ValueValidationError(`Invalid ${valueType}: ${problem} (rule: ${rule})`, {
    valueType,
    rule,
    ...options,
  });
}

/**
 * How an input appears in a message: strings quoted, bigints with `n`, byte arrays by length.
 *
 * @internal
 */
export function describeInput(input: unknown): string {
  if (typeof input === "string")
    return JSON.stringify(input.length > 80 ? `${input.slice(0, 77)}...` : input);
  if (typeof input === "bigint") return `${input}n`;
  if (typeof input === "number" || typeof input === "boolean") return String(input);
  if (input === undefined) return "undefined";
  if (isBytes(input)) return `Uint8Array(${input.length} bytes)`;
  return describeType(input);
}

/**
 * Checks that `input` is a `Uint8Array` and returns a private copy, so later changes to the caller's
 * array cannot change the value behind its validation.
 *
 * @internal
 */
export function copyValueBytes(valueType: string, input: unknown, argument = "value"): Uint8Array {
  if (!isBytes(input)) {
    throw valueError(valueType, "type", `"${argument}" must be a Uint8Array, got ${describeType(input)}`, {
      argument,
    });
  }
  return Uint8Array.from(input);
}

/**
 * {@link copyValueBytes} plus an exact length.
 *
 * @internal
 */
export function copyFixedBytes(
  valueType: string,
  input: unknown,
  length: number,
  what: string,
  argument = "value",
): Uint8Array {
  const bytes = copyValueBytes(valueType, input, argument);
  if (bytes.length !== length) {
    throw valueError(
      valueType,
      "byte-length",
      `"${argument}" must be exactly ${length} bytes (${what}), got ${bytes.length} bytes`,
      { argument, details: { expected: length, got: bytes.length } },
    );
  }
  return bytes;
}
