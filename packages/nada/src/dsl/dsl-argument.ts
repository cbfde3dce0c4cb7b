// Checks of arguments that must be DSL values or DSL types, for JavaScript callers.
import type { CallSite } from "./call-site.js";
import { type DslType, DslValue, describeArgument, isDslType } from "./dsl-value.js";
import { ProgramSourceError, type ProgramSourceRule } from "./program-source-error.js";

/** `value` as a DSL value. */
export function valueArgument(
  value: unknown,
  method: string,
  argument: string,
  site: CallSite,
  rule: ProgramSourceRule = "operand-type",
): DslValue {
  if (value instanceof DslValue) return value;
  throw new ProgramSourceError(
    site,
    rule,
    argument,
    `${method}: "${argument}" must be a Nada value, got ${describeArgument(value)}`,
  );
}

/** `type` as a DSL type (a value class such as `SecretInteger`, or `Array.type(…)`). */
export function typeArgument(type: unknown, method: string, argument: string, site: CallSite): DslType {
  if (isDslType(type)) return type;
  throw new ProgramSourceError(
    site,
    "operand-type",
    argument,
    `${method}: "${argument}" must be a Nada type (SecretInteger, PublicBoolean, Array.type(…)…), got ${describeArgument(type)}`,
  );
}
