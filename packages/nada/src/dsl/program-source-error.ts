import { InvalidArgumentError } from "@nillion/types";
import { type CallSite, formatCallSite } from "./call-site.js";

/**
 * The rules a program's source can break while it is built, by id:
 *
 * - `operand-type`: an operand of the wrong base type or mode for the operation (what the type checker
 *   rejects, checked again for JavaScript callers);
 * - `literal`: a literal that is not a valid value, or a constant expression that cannot be folded
 *   (division by zero, a negative unsigned result, a negative exponent);
 * - `size`: arrays of different sizes where the operation needs equal ones, or an empty array;
 * - `index`: an index outside an array or n-tuple, a missing object field, an accessor on literals;
 * - `input`: an input declared twice, or declared and never used by any output;
 * - `output`: an output that is not a Nada value, or two outputs with one name;
 * - `function`: a `map` or `reduce` function that does not return a Nada value of the right type;
 * - `name`: an empty party, input or output name;
 * - `program`: a program function that does not return its outputs.
 *
 * @example
 * ```ts
 * import type { ProgramSourceRule } from "@nillion/nada/dsl";
 *
 * const rule: ProgramSourceRule = "operand-type";
 * ```
 */
export type ProgramSourceRule =
  | "operand-type"
  | "literal"
  | "size"
  | "index"
  | "input"
  | "output"
  | "function"
  | "name"
  | "program";

/**
 * A mistake in a Nada program's source, found while the program is built: the message starts with the
 * `file:line:col` of the offending call, then names the operation, the argument, the rule and the value,
 * e.g. `/home/me/prog.ts:9:14: add: "other" must be an Integer, got a SecretUnsignedInteger`.
 *
 * @example
 * ```ts
 * import { ProgramSourceError } from "@nillion/nada/dsl";
 *
 * try {
 *   await import("./my-program.js");
 * } catch (err) {
 *   if (err instanceof ProgramSourceError) console.error(err.location, err.rule, err.message);
 * }
 * ```
 */
export class ProgramSourceError extends InvalidArgumentError {
  static override readonly brand: string = "@nillion/nada/ProgramSourceError";
  override name = "ProgramSourceError";
  /** Which rule was broken. */
  readonly rule: ProgramSourceRule;
  /** `file:line:col` of the call that broke it. */
  readonly location: string;

  /**
   * @param site the call that broke the rule
   * @param rule the rule
   * @param argument the offending argument, e.g. `"other"`
   * @param text what is wrong, starting with the operation's name
   */
  constructor(site: CallSite, rule: ProgramSourceRule, argument: string, text: string) {
    const location = formatCallSite(site);
    super(`${location}: ${text}`, { argument, details: { rule, location } });
    this.rule = rule;
    this.location = location;
  }
}
