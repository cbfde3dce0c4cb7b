// What every value class shares: the discriminant, the secret flag, equality, a readable form, and a brand
// that identifies values across copies of this package.

import { setInspect } from "../inspect.js";

// A global symbol, so a value built by the ESM copy of this package is recognised by the CJS copy.
const NADA_VALUE: unique symbol = /* @__PURE__ */ Symbol.for("@nillion/types/nada-value");

function inspectValue(this: NadaValueBase): string {
  return this.toString();
}

/**
 * Base class of the value classes. Not exported from the package: use the {@link NadaValue} union.
 *
 * @internal
 */
export abstract class NadaValueBase {
  /** The value kind, equal to the class's seed name (`"SecretInteger"`, `"Array"`, …). */
  abstract readonly type: string;
  /** Whether the value (or any part of it) is secret-shared when stored. */
  abstract readonly secret: boolean;

  /** Same kind and same value (deep for arrays and tuples, byte-wise for bytes). */
  abstract equals(other: unknown): boolean;

  /** A readable form such as `SecretInteger(42)`; private keys are never printed. */
  abstract toString(): string;

  constructor() {
    // Set per instance: a computed class member would keep bundlers from tree-shaking the value classes.
    Object.defineProperty(this, NADA_VALUE, { value: true });
    // console.log shows the same text as toString(), so a private key stays hidden there too.
    setInspect(this, inspectValue);
  }
}

/**
 * Whether `value` is a value object from any copy of this package.
 *
 * @internal
 */
export function isNadaValueObject(value: unknown): value is NadaValueBase {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [NADA_VALUE]?: unknown })[NADA_VALUE] === true &&
    typeof (value as { type?: unknown }).type === "string"
  );
}

/**
 * The type shape of a value, e.g. `SecretInteger`, `Array<SecretInteger, 3>`, `Tuple<Integer, Boolean>`.
 *
 * @internal
 */
export function shapeOfValue(value: NadaValueBase): string {
  // Read through the public surface, so values from another copy of the package work too.
  if (value.type === "Array") {
    const elements = (value as unknown as { readonly value: readonly NadaValueBase[] }).value;
    const first = elements[0];
    return `Array<${first === undefined ? "?" : shapeOfValue(first)}, ${elements.length}>`;
  }
  if (value.type === "Tuple") {
    const { left, right } = value as unknown as {
      readonly left: NadaValueBase;
      readonly right: NadaValueBase;
    };
    return `Tuple<${shapeOfValue(left)}, ${shapeOfValue(right)}>`;
  }
  return value.type;
}
