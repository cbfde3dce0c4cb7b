import { type Code, ConnectError } from "@connectrpc/connect";
import { CODE_NAMES } from "../support/rpc-outcome.js";

/** How a raw call ended: `OK` with its answer, or the gRPC status name and the node's own text. */
export type Outcome<T> =
  | { readonly ok: true; readonly code: "OK"; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly error: ConnectError };

/**
 * Settles `attempt` into an {@link Outcome}. Anything but a gRPC status (a socket torn down, a client
 * bug) is rethrown: an attack must be answered with a status, never by dropping the connection.
 *
 * @example
 * ```ts
 * const outcome = await outcomeOf(node.values.storeValues(request, mallory.auth(node)));
 * if (!outcome.ok) console.log(outcome.code, outcome.message); // FAILED_PRECONDITION nonce already used
 * ```
 */
export async function outcomeOf<T>(attempt: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, code: "OK", value: await attempt };
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error;
    return { ok: false, code: statusName(error.code), message: error.rawMessage, error };
  }
}

/** The code and text of an outcome, the shape the suite's assertions compare. */
export function refusalOf(outcome: Outcome<unknown>): { code: string; message?: string } {
  return outcome.ok ? { code: "OK" } : { code: outcome.code, message: outcome.message };
}

/** `Code.FailedPrecondition` (9) → `"FAILED_PRECONDITION"`, the name gRPC and the wire docs use. */
export function statusName(code: Code | number): string {
  return CODE_NAMES[code] ?? `CODE_${code}`;
}
