// The MIR pre-processor `pynadac` runs before writing a .nada.bin: the node only compiles lowered MIR.
import { InternalError } from "@nillion/types";
import { deepFreeze } from "./deep-freeze.js";
import { dependencyOrder } from "./dependency-order.js";
import { InvalidProgramError } from "./invalid-program-error.js";
import { LoweringContext, type LoweringOperation } from "./lowering-context.js";
import type { NadaProgram } from "./nada-program.js";
import { HIGH_LEVEL_OPERATION_KINDS, type Operation } from "./operation.js";
import { recursionIssue } from "./recursion-issue.js";
import { rewriteOperation } from "./rewrite-operation.js";

/**
 * Whether the program's operations are all primitive, i.e. the node can compile it as it is. The
 * function table does not count: the node never reads it.
 *
 * @example
 * ```ts
 * import { decodeProgram, isLowered } from "@nillion/nada";
 *
 * isLowered(decodeProgram(bytes)); // false for a file straight from nada_dsl that uses map, zip, >=…
 * ```
 */
export function isLowered(program: NadaProgram): boolean {
  return program.operations.every((operation) => !HIGH_LEVEL_OPERATION_KINDS.has(operation.kind));
}

/**
 * Lowers a program exactly as the reference pre-processor does: `a <= b` → `not(b < a)`, `a > b` →
 * `b < a`, `a >= b` → `not(a < b)`, `a != b` → `not(a == b)`, `a & b` → `a·b`, `a | b` → `(a + b) − a·b`,
 * `a ^ b` → `(a + b) − (a·b + a·b)`, `zip`/`unzip` → element accessors and `new` arrays and tuples, `map`
 * → one inlined call per element, `reduce` → a left fold of inlined calls with the accumulator as first
 * argument. New operations get ids above the program's largest id and carry the source reference of the
 * operation they replace. Once every call is inlined the function table is dropped (the reference keeps
 * it, unused). A program that is already lowered is returned as it is, so lowering is idempotent.
 *
 * @throws {InvalidProgramError} if a function calls itself (directly or not), or if the program is too
 * broken to rewrite (a `map` over something that is not an array, a missing function…); `validateProgram`
 * reports such programs in full
 *
 * @example
 * ```ts
 * import { decodeProgram, encodeProgram, lowerProgram } from "@nillion/nada";
 *
 * const upload = encodeProgram(lowerProgram(decodeProgram(frontEndBytes)));
 * ```
 */
export function lowerProgram(program: NadaProgram): NadaProgram {
  if (isLowered(program)) return program;
  const recursion = recursionIssue(program);
  if (recursion !== undefined) throw new InvalidProgramError([recursion]);
  const context = new LoweringContext(program);
  // Last in, first out from the highest id down, as the reference visits its table; rewritten operations
  // are visited again (in their listed order), so nested high-level operations are lowered too.
  const pending = [...context.operations.keys()].sort((a, b) => a - b);
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    // Every pending id is in the table: an id leaves it only while its own operation is rewritten.
    const operation = context.operations.get(id) as LoweringOperation;
    const replacement = rewriteOperation(operation, context);
    if (replacement === undefined) continue;
    context.operations.delete(id);
    for (const rewritten of replacement) {
      if (rewritten.kind === "inputReference") context.inputReferences.set(rewritten.input, rewritten.id);
      context.operations.set(rewritten.id, rewritten);
    }
    pending.push(...replacement.map((rewritten) => rewritten.id).reverse());
  }
  // Every call was pushed when it was created and inlined when it was popped, so none is left.
  const operations = dependencyOrder([...context.operations.values()] as Operation[], (id) => {
    throw new InternalError(`lowering produced a cycle through operation ${id}`);
  });
  return deepFreeze({ ...program, operations, functions: [] });
}
