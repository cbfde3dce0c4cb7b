// The `Integer` value class.
import type { IntegerInput } from "./integer-input.js";
import { IntegerValueBase } from "./integer-value-base.js";

/**
 * A public integer: stored as the same field element on every node, visible to them.
 *
 * Accepts a `bigint`, a `number` that is a safe integer, or a decimal string (optional leading `+` or `-`).
 * Whether the value fits the cluster's prime is checked when it is masked, not here.
 *
 * @throws {ValueValidationError} rule `type`, `integer` or `safe-integer` for anything else.
 *
 * @example
 * ```ts
 * import { Integer } from "@nillion/types";
 *
 * const a = new Integer(1);
 * const b = new Integer("2");
 * a.equals(b); // false
 * new Integer(-5n).toString(); // "Integer(-5)"
 * ```
 */
export class Integer extends IntegerValueBase {
  /** The value kind. */
  static readonly type = "Integer";
  /** The value kind. */
  readonly type = "Integer";
  /** Public: every node sees the value. */
  readonly secret = false;

  constructor(value: IntegerInput) {
    super("Integer", value, false);
  }
}
