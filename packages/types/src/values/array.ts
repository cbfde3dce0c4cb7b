// The `Array` value class (exported as `Array` and `NadaArray`).

import { isNadaValueObject, NadaValueBase, shapeOfValue } from "./nada-value-base.js";
import { describeInput, valueError } from "./value-error.js";

function checkElements(values: unknown): readonly NadaValueBase[] {
  if (!Array.isArray(values)) {
    throw valueError("Array", "type", `expected an array of values, got ${describeInput(values)}`, {
      argument: "values",
    });
  }
  if (values.length === 0) {
    throw valueError(
      "Array",
      "non-empty",
      "an array needs at least one element, so that its element type is known",
      {
        argument: "values",
      },
    );
  }
  values.forEach((element: unknown, index) => {
    if (!isNadaValueObject(element)) {
      throw valueError(
        "Array",
        "type",
        `element ${index} is not a value object (got ${describeInput(element)}); wrap it, e.g. new SecretInteger(1)`,
        { argument: `values[${index}]`, details: { index } },
      );
    }
  });
  const elements = values as readonly NadaValueBase[];
  const shapes = elements.map(shapeOfValue);
  const expected = shapes[0] ?? "";
  const index = shapes.findIndex((shape) => shape !== expected);
  if (index === -1) return elements;

  const got = shapes[index] ?? "";
  const publicIndex = elements.findIndex((element) => !element.secret);
  const secretIndex = elements.findIndex((element) => element.secret);
  if (publicIndex !== -1 && secretIndex !== -1) {
    throw valueError(
      "Array",
      "element-type",
      `invalid secret type: public element ${shapes[publicIndex]} at index ${publicIndex} inside a secret array ` +
        `(element ${secretIndex} is ${shapes[secretIndex]}); all elements of an array must have the same type`,
      {
        argument: `values[${publicIndex}]`,
        details: { index: publicIndex, expected: shapes[secretIndex], got: shapes[publicIndex] },
      },
    );
  }
  throw valueError(
    "Array",
    "element-type",
    `element ${index} is ${got} but element 0 is ${expected}; all elements of an array must have the same ` +
      "type (nested arrays: the same element type and length; tuples: the same left and right types)",
    { argument: `values[${index}]`, details: { index, expected, got } },
  );
}

/**
 * A fixed-length array of values that all have the same type shape (the same `type`; for nested arrays the
 * same element shape and length; for tuples the same left and right shapes). Exported as `Array` (the
 * seed's name) and as `NadaArray` for modules that also need the global `Array`.
 *
 * The array is secret when its elements are. It needs at least one element, so that its element type is
 * known. The list is copied; the elements themselves are not (they are shared with the caller).
 *
 * @throws {ValueValidationError} rule `type` (not an array, or an element that is not a value),
 * `non-empty`, or `element-type` (elements of different shapes, e.g. a public element inside a secret array).
 *
 * @example
 * ```ts
 * import { Array, SecretInteger } from "@nillion/types";
 *
 * const array = new Array([new SecretInteger(1), new SecretInteger(2)]);
 * array.length; // 2
 * String(array); // "Array([SecretInteger(1), SecretInteger(2)])"
 * ```
 */
export class NadaArray<T extends NadaValueBase = NadaValueBase> extends NadaValueBase {
  /** The value kind. */
  static readonly type = "Array";
  /** The value kind. */
  readonly type = "Array";
  /** Whether the elements are secret. */
  readonly secret: boolean;
  readonly #values: readonly T[];

  constructor(values: readonly T[]) {
    super();
    const elements = checkElements(values) as readonly T[];
    this.#values = Object.freeze([...elements]);
    this.secret = elements.some((element) => element.secret);
  }

  /** The elements, as a frozen array (the seed's `value`). */
  get value(): readonly T[] {
    return this.#values;
  }

  /** The number of elements (the seed's `len()`). */
  get length(): number {
    return this.#values.length;
  }

  equals(other: unknown): boolean {
    if (!isNadaValueObject(other) || other.type !== this.type) return false;
    const theirs = (other as NadaArray).value;
    return theirs.length === this.#values.length && this.#values.every((value, i) => value.equals(theirs[i]));
  }

  toString(): string {
    return `Array([${this.#values.map(String).join(", ")}])`;
  }
}
