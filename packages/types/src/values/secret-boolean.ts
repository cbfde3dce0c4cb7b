// The `SecretBoolean` value class.
import { BooleanValueBase } from "./boolean-value-base.js";

/**
 * A secret boolean: Shamir-shared between the nodes as 0 or 1.
 *
 * @throws {ValueValidationError} rule `type` unless given `true` or `false`.
 *
 * @example
 * ```ts
 * import { SecretBoolean } from "@nillion/types";
 *
 * new SecretBoolean(true).equals(new SecretBoolean(false)); // false
 * ```
 */
export class SecretBoolean extends BooleanValueBase {
  /** The value kind. */
  static readonly type = "SecretBoolean";
  /** The value kind. */
  readonly type = "SecretBoolean";
  /** Secret: the value is secret-shared. */
  readonly secret = true;

  constructor(value: boolean) {
    super("SecretBoolean", value);
  }
}
