// Parsing the inputs of the integer value classes, with the official parser's rules.
import { describeInput, valueError } from "./value-error.js";

/**
 * What the integer value classes accept: a `bigint`, a safe-integer `number`, or a decimal string.
 *
 * @example
 * ```ts
 * import { SecretInteger, type IntegerInput } from "@nillion/types";
 *
 * const inputs: IntegerInput[] = [42n, -7, "123456789012345678901234567890"];
 * const values = inputs.map((input) => new SecretInteger(input));
 * ```
 */
export type IntegerInput = bigint | number | string;

// The official clients parse with num-bigint: an optional sign, then ASCII digits; nothing else.
const SIGNED_DECIMAL = /^[+-]?[0-9]+$/;
const UNSIGNED_DECIMAL = /^\+?[0-9]+$/;

/**
 * Turns an {@link IntegerInput} into a bigint, or throws a ValueValidationError naming `valueType`.
 * Unsigned types reject negative numbers and any leading `-` (even `"-0"`, as the official parser does).
 *
 * @internal
 */
export function parseIntegerInput(valueType: string, input: unknown, unsigned: boolean): bigint {
  const kind = unsigned ? "an unsigned integer" : "an integer";
  let value: bigint;
  if (typeof input === "bigint") {
    value = input;
  } else if (typeof input === "number") {
    if (!Number.isInteger(input)) {
      throw valueError(valueType, "integer", `expected ${kind}, got ${describeInput(input)}`, {
        details: { got: input },
      });
    }
    if (!Number.isSafeInteger(input)) {
      throw valueError(
        valueType,
        "safe-integer",
        `${input} is outside the safe integer range of numbers (±(2^53 - 1)) and may already have lost ` +
          "precision; pass a bigint (e.g. 12345678901234567890n) or a decimal string instead",
        { details: { got: input } },
      );
    }
    value = BigInt(input);
  } else if (typeof input === "string") {
    if (unsigned && input.startsWith("-") && SIGNED_DECIMAL.test(input)) {
      throw valueError(valueType, "unsigned", `expected ${kind}, got ${describeInput(input)} (a "-" sign)`, {
        details: { got: input },
      });
    }
    if (!(unsigned ? UNSIGNED_DECIMAL : SIGNED_DECIMAL).test(input)) {
      const what = input === "" ? "an empty string" : describeInput(input);
      const sign = unsigned ? `an optional leading "+"` : `an optional leading "+" or "-"`;
      throw valueError(
        valueType,
        "integer",
        `expected ${kind} as a decimal string (ASCII digits with ${sign}; no spaces, decimal point, ` +
          `exponent or 0x prefix), got ${what}`,
        { details: { got: input } },
      );
    }
    value = BigInt(input);
  } else {
    throw valueError(valueType, "type", `expected a bigint, number or string, got ${describeInput(input)}`);
  }
  if (unsigned && value < 0n) {
    throw valueError(valueType, "unsigned", `expected ${kind}, got ${describeInput(input)} (negative)`, {
      details: { got: String(input) },
    });
  }
  return value;
}
