import type { ComputeId, NadaValues } from "@nillion/types";
import { type OperationSpec, type PayableOperation, payableOperation } from "../operation.js";
import type { Session } from "../session.js";
import { invokeRetrieveComputeResults } from "./retrieve-compute-results.js";

/** A computation, and what an operation made of it resolves to. */
export interface ComputationPlan<T> {
  /** What `computeSpec` makes of the computation's arguments. */
  readonly computation: OperationSpec<ComputeId>;
  /** The operation's result, from this user's results; it may throw the SDK's errors. */
  read(results: NadaValues, computeId: ComputeId): T;
}

/**
 * A computation and the fetch of its results as one operation: priced and paid as the computation, and
 * run under one scope, so the caller's signal and deadline cover the quote, the payment, the computation
 * and the wait for its results together.
 *
 * @param name the operation's name, in errors and retry events
 * @param plan checks the caller's arguments (throwing the SDK's errors) and plans the computation; it
 *   runs once, when the operation is first quoted, so a refusal comes before anything is asked or paid
 */
export function computeAndRetrieve<T>(
  session: Session,
  name: string,
  plan: () => ComputationPlan<T>,
): PayableOperation<T> {
  return payableOperation(session, computeAndRetrieveSpec(session, name, plan));
}

/** What {@link computeAndRetrieve} quotes and runs, for operations made of several computations. */
export function computeAndRetrieveSpec<T>(
  session: Session,
  name: string,
  plan: () => ComputationPlan<T>,
): OperationSpec<T> {
  let planned: ComputationPlan<T> | undefined;
  const prepare = () => {
    planned ??= plan();
    return planned;
  };
  return {
    name,
    quoteRequest: () => prepare().computation.quoteRequest(),
    async run(receipt, environment) {
      const { computation, read } = prepare();
      const computeId = await computation.run(receipt, environment);
      return read(await invokeRetrieveComputeResults(session, environment, computeId), computeId);
    },
  };
}
