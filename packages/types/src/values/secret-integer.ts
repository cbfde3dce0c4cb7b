// The `SecretInteger` value class.
import type { IntegerInput } from "./integer-input.js";
import { IntegerValueBase } from "./integer-value-base.js";

/**
 * A secret integer: Shamir-shared between the nodes, none of which learns it.
 *
 * Accepts a `bigint`, a `number` that is a safe integer, or a decimal string (optional leading `+` or `-`).
 * Whether the value fits the cluster's prime is checked when it is masked, not here.
 *
 * @throws {ValueValidationError} rule `type`, `integer` or `safe-integer` for anything else.
 *
 * @example
 * ```ts
 * import { SecretInteger } from "@nillion/types";
 *
 * const a = new SecretInteger(1);
 * const b = new SecretInteger(2);
 * a.equals(b); // false
 * String(new SecretInteger(42)); // "SecretInteger(42)"
 * ```
 */
export class SecretInteger extends IntegerValueBase {
  /** The value kind. */
  static readonly type = "SecretInteger";
  /** The value kind. */
  readonly type = "SecretInteger";
  /** Secret: the value is secret-shared. */
  readonly secret = true;

  constructor(value: IntegerInput) {
    super("SecretInteger", value, false);
  }
}
