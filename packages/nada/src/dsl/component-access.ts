// Reading one component of a compound value (an array element, a tuple side, an n-tuple or object field).
import type { NadaType } from "../nada-type.js";
import type { CallSite } from "./call-site.js";
import { type DslValue, WRAP, type Wrapper } from "./dsl-value.js";
import { type ExpressionOperation, expression } from "./expression.js";
import { ProgramSourceError } from "./program-source-error.js";
import { isLiteralClass } from "./scalar-values.js";

/**
 * The value of a component of type `type`, read by `operation`. A component of a literal type is refused,
 * as Python refuses it: a literal is folded into the program and has no operation to read (use the
 * literal itself).
 */
export function component<V extends DslValue>(
  method: string,
  type: NadaType,
  wrapper: Wrapper<V>,
  operation: ExpressionOperation,
  site: CallSite,
): V {
  if (isLiteralClass(wrapper)) {
    throw new ProgramSourceError(
      site,
      "index",
      "this",
      `${method}: literals in a compound value cannot be read back; use the literal itself`,
    );
  }
  return wrapper[WRAP](expression(type, site, operation));
}

/** Checks that `index` is an integer in `[0, size)`. */
export function checkIndex(method: string, index: unknown, size: number, site: CallSite): number {
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= size) {
    throw new ProgramSourceError(
      site,
      "index",
      "index",
      `${method}: "index" must be an integer from 0 to ${size - 1}, got ${String(index)}`,
    );
  }
  return index;
}
