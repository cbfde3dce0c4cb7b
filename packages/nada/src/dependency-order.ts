// Orders an operation table so that every operation follows the operations it reads.
import { type Operation, operandsOf } from "./operation.js";

/**
 * Depth-first post-order, starting from the operations in ascending id order and visiting operands in
 * operand order, so the result is the same for the same table however it was listed. References to ids
 * that are not in the table are skipped here; validation reports them. `onCycle` is called with the id of
 * an operation that (indirectly) reads itself, and must throw.
 */
export function dependencyOrder(
  operations: readonly Operation[],
  onCycle: (id: number) => never,
): Operation[] {
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const state = new Map<number, "open" | "done">();
  const ordered: Operation[] = [];
  const roots = [...byId.values()].sort((a, b) => a.id - b.id);
  for (const root of roots) {
    if (state.has(root.id)) continue;
    // Iterative, because reduce chains and long expressions nest far deeper than the call stack allows.
    const stack: { operation: Operation; next: number }[] = [{ operation: root, next: 0 }];
    state.set(root.id, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { operation: Operation; next: number };
      const operands = operandsOf(top.operation);
      if (top.next < operands.length) {
        const operand = byId.get(operands[top.next] as number);
        top.next += 1;
        if (operand === undefined) continue;
        const seen = state.get(operand.id);
        if (seen === "open") return onCycle(operand.id);
        if (seen === undefined) {
          state.set(operand.id, "open");
          stack.push({ operation: operand, next: 0 });
        }
        continue;
      }
      stack.pop();
      state.set(top.operation.id, "done");
      ordered.push(top.operation);
    }
  }
  return ordered;
}
