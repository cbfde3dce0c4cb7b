// Function inlining, as the reference pre-processor does it (compiler-backend function_preprocessor.rs).
import type { FunctionCall, LoweringContext } from "./lowering-context.js";
import type { Operation } from "./operation.js";
import { renumberOperation } from "./renumber-operation.js";

/**
 * The function body of `call`, copied into the program: argument references become the call's
 * arguments, input and literal references reuse the program's own references where it has one, every
 * other body operation gets a fresh id, and the returned operation takes the call's id so that readers
 * of the call read the result. Body operations are copied in ascending id order (the reference walks a
 * hash map, so its id assignment is not even stable between runs).
 */
export function inlineCall(call: FunctionCall, context: LoweringContext): Operation[] {
  const fn = context.program.functions.find((candidate) => candidate.id === call.functionId);
  if (fn === undefined)
    return context.fail(call, "function", `calls function ${call.functionId}, which does not exist`);
  const argumentIds = new Map(
    fn.args.slice(0, call.args.length).map((arg, i) => [arg.name, call.args[i] as number]),
  );
  const rename = new Map<number, number>();
  const body = [...fn.operations].sort((a, b) => a.id - b.id);
  for (const operation of body) {
    if (operation.kind === "argumentReference") {
      const argument = argumentIds.get(operation.argument);
      if (argument === undefined) {
        return context.fail(
          call,
          "function",
          `function ${fn.name} has no argument ${operation.argument} to bind`,
        );
      }
      rename.set(operation.id, argument);
    } else if (operation.kind === "inputReference") {
      const existing = context.inputReferences.get(operation.input);
      if (existing !== undefined) rename.set(operation.id, existing);
    } else if (operation.kind === "literalReference") {
      const existing = context.literalReferences.get(operation.literal);
      if (existing !== undefined) rename.set(operation.id, existing);
    }
  }
  // A body that returns an argument or a shared reference leaves nothing to carry the call's id.
  if (rename.has(fn.returnOperationId) || !body.some((operation) => operation.id === fn.returnOperationId)) {
    return context.fail(
      call,
      "function",
      `function ${fn.name} must return an operation of its own body to be inlined`,
    );
  }
  const copied = body.filter((operation) => !rename.has(operation.id));
  for (const operation of copied) {
    rename.set(operation.id, operation.id === fn.returnOperationId ? call.id : context.nextId());
  }
  return copied.map((operation) => renumberOperation(operation, rename));
}
