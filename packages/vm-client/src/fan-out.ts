import { InternalError } from "@nillion/types";

/**
 * Runs `call` on every node at once and waits for all of them: a node that answers fast never hides a
 * slower node's failure, and nothing is left running when this settles. Rejects with the failure of the
 * first failing node in cluster order.
 */
export async function onEveryNode<N, T>(nodes: readonly N[], call: (node: N) => Promise<T>): Promise<T[]> {
  const settled = await Promise.allSettled(nodes.map(call));
  const values: T[] = [];
  for (const outcome of settled) {
    if (outcome.status === "rejected") throw outcome.reason;
    values.push(outcome.value);
  }
  return values;
}

/**
 * The one answer every node gave. Nodes act on the same receipt, so they must agree; when they do not,
 * the cluster is broken and the error says who answered what.
 *
 * @param what the answer, for the error, e.g. "the values id"
 * @param describe how to show an answer in the error
 */
export function agreed<T>(
  answers: readonly { readonly node: string; readonly value: T }[],
  equal: (a: T, b: T) => boolean,
  what: string,
  describe: (value: T) => string = String,
): T {
  const [first, ...rest] = answers;
  if (first === undefined) throw new InternalError(`no node answered with ${what}`);
  const odd = rest.find((answer) => !equal(answer.value, first.value));
  if (odd !== undefined) {
    throw new InternalError(
      `nodes disagree on ${what}: ${first.node} answered ${describe(first.value)}, ${odd.node} answered ${describe(odd.value)}`,
      { details: { nodes: answers.map((answer) => answer.node) } },
    );
  }
  return first.value;
}
