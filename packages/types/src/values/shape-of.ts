// The type shape of a value, as used in error messages.
import type { NadaValue } from "./nada-value.js";
import { isNadaValueObject, shapeOfValue } from "./nada-value-base.js";
import { describeInput, valueError } from "./value-error.js";

/**
 * The type shape of a value: its `type`, with element shape and length for arrays and both sides for
 * tuples. Two values can sit in the same array exactly when their shapes are equal.
 *
 * @example
 * ```ts
 * import { Array, Integer, SecretInteger, Tuple, shapeOf } from "@nillion/types";
 *
 * shapeOf(new Array([new SecretInteger(1), new SecretInteger(2), new SecretInteger(3)])); // "Array<SecretInteger, 3>"
 * shapeOf(new Tuple(new SecretInteger(1), new Integer(2))); // "Tuple<SecretInteger, Integer>"
 * ```
 */
export function shapeOf(value: NadaValue): string {
  if (!isNadaValueObject(value)) {
    throw valueError("NadaValue", "type", `expected a value object, got ${describeInput(value)}`);
  }
  return shapeOfValue(value);
}
