// The shared body of Boolean and SecretBoolean.

import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { describeInput, valueError } from "./value-error.js";

/**
 * A boolean value: validated once at construction, immutable afterwards.
 *
 * @internal
 */
export abstract class BooleanValueBase extends NadaValueBase {
  /** The boolean. */
  readonly value: boolean;

  protected constructor(valueType: string, input: unknown) {
    super();
    // Truthiness would turn "false" and 0 into values nobody meant; only real booleans are accepted.
    if (typeof input !== "boolean") {
      throw valueError(valueType, "type", `expected a boolean (true or false), got ${describeInput(input)}`);
    }
    this.value = input;
  }

  equals(other: unknown): boolean {
    return (
      isNadaValueObject(other) &&
      other.type === this.type &&
      (other as { value?: unknown }).value === this.value
    );
  }

  toString(): string {
    return `${this.type}(${this.value})`;
  }
}
