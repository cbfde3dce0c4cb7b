// The preprocessing elements of nilvm v0.10, numbered as on the wire.
import { InvalidArgumentError } from "./errors.js";

/**
 * The kinds of preprocessing material nodes generate ahead of computations, with their protobuf numbers
 * (nilvm v0.10; 1 and 6 are reserved). A frozen object: use it like an enum.
 *
 * @example
 * ```ts
 * import { PreprocessingElement } from "@nillion/types";
 *
 * PreprocessingElement.COMPARE; // 2
 * ```
 */
export const PreprocessingElement = /* @__PURE__ */ Object.freeze({
  RANDOM_BOOLEAN: 0,
  COMPARE: 2,
  DIVISION_SECRET_DIVISOR: 3,
  EQUALITY_SECRET_OUTPUT: 4,
  EQUALITY_PUBLIC_OUTPUT: 5,
  MODULO: 7,
  TRUNC: 8,
  TRUNC_PR: 9,
  RANDOM_INTEGER: 10,
} as const);

/**
 * A preprocessing element's number: `0 | 2 | 3 | 4 | 5 | 7 | 8 | 9 | 10`.
 *
 * @example
 * ```ts
 * import { PreprocessingElement } from "@nillion/types";
 *
 * const element: PreprocessingElement = PreprocessingElement.TRUNC_PR;
 * ```
 */
export type PreprocessingElement = (typeof PreprocessingElement)[keyof typeof PreprocessingElement];

/**
 * A preprocessing element's name: `"RANDOM_BOOLEAN" | "COMPARE" | …`.
 *
 * @example
 * ```ts
 * import type { PreprocessingElementName } from "@nillion/types";
 *
 * const name: PreprocessingElementName = "MODULO";
 * ```
 */
export type PreprocessingElementName = keyof typeof PreprocessingElement;

/**
 * The element with this name (exact, upper case), like the seed's `from_string`.
 *
 * @throws {InvalidArgumentError} `argument` `"name"` for an unknown name
 *
 * @example
 * ```ts
 * import { preprocessingElementFromName } from "@nillion/types";
 *
 * preprocessingElementFromName("MODULO"); // 7
 * ```
 */
export function preprocessingElementFromName(name: string): PreprocessingElement {
  if (typeof name === "string" && Object.hasOwn(PreprocessingElement, name)) {
    return PreprocessingElement[name as PreprocessingElementName];
  }
  throw new InvalidArgumentError(
    `"name" is not a preprocessing element: ${JSON.stringify(name)}; expected one of ` +
      Object.keys(PreprocessingElement).join(", "),
    { argument: "name" },
  );
}

/**
 * The element with this number, like the seed's `try_value` (which, unlike this, lets unknown numbers through).
 *
 * @throws {InvalidArgumentError} `argument` `"value"` for a number that is not an element (e.g. the reserved 1 and 6)
 *
 * @example
 * ```ts
 * import { preprocessingElementFromNumber } from "@nillion/types";
 *
 * preprocessingElementFromNumber(9); // 9 (TRUNC_PR)
 * ```
 */
export function preprocessingElementFromNumber(value: number): PreprocessingElement {
  for (const element of Object.values(PreprocessingElement)) if (element === value) return element;
  throw new InvalidArgumentError(
    `"value" is not a preprocessing element number: ${String(value)}; expected one of ` +
      Object.values(PreprocessingElement).join(", "),
    { argument: "value" },
  );
}

/**
 * The name of an element.
 *
 * @throws {InvalidArgumentError} `argument` `"element"` for a number that is not an element
 *
 * @example
 * ```ts
 * import { PreprocessingElement, preprocessingElementName } from "@nillion/types";
 *
 * preprocessingElementName(PreprocessingElement.TRUNC); // "TRUNC"
 * ```
 */
export function preprocessingElementName(element: PreprocessingElement): PreprocessingElementName {
  for (const [name, value] of Object.entries(PreprocessingElement)) {
    if (value === element) return name as PreprocessingElementName;
  }
  throw new InvalidArgumentError(`"element" is not a preprocessing element number: ${String(element)}`, {
    argument: "element",
  });
}
