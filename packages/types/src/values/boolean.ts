// The `Boolean` value class (exported as `Boolean` and `NadaBoolean`).
import { BooleanValueBase } from "./boolean-value-base.js";

/**
 * A public boolean, visible to the nodes. Exported as `Boolean` (the seed's name) and as `NadaBoolean`
 * for modules that also need the global `Boolean`.
 *
 * @throws {ValueValidationError} rule `type` unless given `true` or `false`.
 *
 * @example
 * ```ts
 * import { Boolean } from "@nillion/types";
 *
 * new Boolean(true).equals(new Boolean(false)); // false
 * String(new Boolean(true)); // "Boolean(true)"
 * ```
 */
export class NadaBoolean extends BooleanValueBase {
  /** The value kind. */
  static readonly type = "Boolean";
  /** The value kind. */
  readonly type = "Boolean";
  /** Public: every node sees the value. */
  readonly secret = false;

  constructor(value: boolean) {
    super("Boolean", value);
  }
}
