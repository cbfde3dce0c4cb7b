// The shared body of Integer, UnsignedInteger, SecretInteger and SecretUnsignedInteger.
import { parseIntegerInput } from "./integer-input.js";
import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";

/**
 * An integer value: validated once at construction, immutable afterwards.
 *
 * @internal
 */
export abstract class IntegerValueBase extends NadaValueBase {
  /** The integer. */
  readonly value: bigint;

  protected constructor(valueType: string, input: unknown, unsigned: boolean) {
    super();
    this.value = parseIntegerInput(valueType, input, unsigned);
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
