// The `Tuple` value class (exported as `Tuple` and `NadaTuple`).

import { isNadaValueObject, NadaValueBase } from "./nada-value-base.js";
import { describeInput, valueError } from "./value-error.js";

function checkElement(value: unknown, side: "left" | "right"): void {
  if (!isNadaValueObject(value)) {
    throw valueError(
      "Tuple",
      "type",
      `"${side}" is not a value object (got ${describeInput(value)}); wrap it, e.g. new SecretInteger(1)`,
      { argument: side },
    );
  }
}

/**
 * A pair of values of any types. Exported as `Tuple` and as `NadaTuple`. Secret when either side is.
 * The two values are shared with the caller, not copied.
 *
 * @throws {ValueValidationError} rule `type` if either side is not a value.
 *
 * @example
 * ```ts
 * import { Integer, SecretInteger, Tuple } from "@nillion/types";
 *
 * const pair = new Tuple(new SecretInteger(1), new Integer(2));
 * pair.value; // [SecretInteger(1), Integer(2)]
 * String(pair); // "Tuple(SecretInteger(1), Integer(2))"
 * ```
 */
export class NadaTuple<
  L extends NadaValueBase = NadaValueBase,
  R extends NadaValueBase = NadaValueBase,
> extends NadaValueBase {
  /** The value kind. */
  static readonly type = "Tuple";
  /** The value kind. */
  readonly type = "Tuple";
  /** Whether either side is secret. */
  readonly secret: boolean;
  /** The first value. */
  readonly left: L;
  /** The second value. */
  readonly right: R;

  constructor(left: L, right: R) {
    super();
    checkElement(left, "left");
    checkElement(right, "right");
    this.left = left;
    this.right = right;
    this.secret = left.secret || right.secret;
  }

  /** Both values, `[left, right]`. */
  get value(): readonly [L, R] {
    return [this.left, this.right];
  }

  equals(other: unknown): boolean {
    if (!isNadaValueObject(other) || other.type !== this.type) return false;
    const theirs = other as NadaTuple;
    return this.left.equals(theirs.left) && this.right.equals(theirs.right);
  }

  toString(): string {
    return `Tuple(${this.left}, ${this.right})`;
  }
}
