// The `UnsignedInteger` value class.
import type { IntegerInput } from "./integer-input.js";
import { IntegerValueBase } from "./integer-value-base.js";

/**
 * A public unsigned integer: stored as the same field element on every node, visible to them.
 *
 * Accepts a `bigint`, a `number` that is a safe integer, or a decimal string (optional leading `+`).
 * Whether the value fits the cluster's prime is checked when it is masked, not here.
 *
 * @throws {ValueValidationError} rule `unsigned` for a negative value or a `-` sign (even `"-0"`); `type`, `integer` or `safe-integer` otherwise.
 *
 * @example
 * ```ts
 * import { UnsignedInteger } from "@nillion/types";
 *
 * new UnsignedInteger(1).equals(new UnsignedInteger(2)); // false
 * new UnsignedInteger("+5").value; // 5n
 * ```
 */
export class UnsignedInteger extends IntegerValueBase {
  /** The value kind. */
  static readonly type = "UnsignedInteger";
  /** The value kind. */
  readonly type = "UnsignedInteger";
  /** Public: every node sees the value. */
  readonly secret = false;

  constructor(value: IntegerInput) {
    super("UnsignedInteger", value, true);
  }
}
