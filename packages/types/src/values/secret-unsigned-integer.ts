// The `SecretUnsignedInteger` value class.
import type { IntegerInput } from "./integer-input.js";
import { IntegerValueBase } from "./integer-value-base.js";

/**
 * A secret unsigned integer: Shamir-shared between the nodes, none of which learns it.
 *
 * Accepts a `bigint`, a `number` that is a safe integer, or a decimal string (optional leading `+`).
 * Whether the value fits the cluster's prime is checked when it is masked, not here.
 *
 * @throws {ValueValidationError} rule `unsigned` for a negative value or a `-` sign (even `"-0"`); `type`, `integer` or `safe-integer` otherwise.
 *
 * @example
 * ```ts
 * import { SecretUnsignedInteger } from "@nillion/types";
 *
 * new SecretUnsignedInteger(1).equals(new SecretUnsignedInteger(2)); // false
 * new SecretUnsignedInteger(-1); // throws ValueValidationError (rule "unsigned")
 * ```
 */
export class SecretUnsignedInteger extends IntegerValueBase {
  /** The value kind. */
  static readonly type = "SecretUnsignedInteger";
  /** The value kind. */
  readonly type = "SecretUnsignedInteger";
  /** Secret: the value is secret-shared. */
  readonly secret = true;

  constructor(value: IntegerInput) {
    super("SecretUnsignedInteger", value, true);
  }
}
