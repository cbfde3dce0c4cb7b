// Shared assertions for the value tests.
import { ValueValidationError } from "@nillion/types";
import { expect } from "vitest";

/** Expects `fn` to throw a ValueValidationError of `valueType` breaking `rule`, whose message names the type. */
export function expectValueError(
  fn: () => unknown,
  expected: { valueType: string; rule: string; argument?: string; message?: RegExp },
): ValueValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a throw").toBeInstanceOf(ValueValidationError);
  const error = caught as ValueValidationError;
  expect(error.valueType).toBe(expected.valueType);
  expect(error.rule).toBe(expected.rule);
  expect(error.code).toBe("VALUE_INVALID");
  expect(error.message).toContain(expected.valueType);
  expect(error.message).toContain(`rule: ${expected.rule}`);
  if (expected.argument !== undefined) expect(error.argument).toBe(expected.argument);
  if (expected.message !== undefined) expect(error.message).toMatch(expected.message);
  return error;
}

/** Bytes filled with `byte`. */
export function filled(length: number, byte: number): Uint8Array {
  return new Uint8Array(length).fill(byte);
}
