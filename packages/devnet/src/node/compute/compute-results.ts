// A node's stored outcome of a computation, and what each user may read of it.
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import type { WireNamedValue } from "@nillion/crypto";
import { ComputeResultSchema } from "@nillion/proto/nillion/devnet/v1/compute";
import type { NamedValue, NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import { bytesEqual, bytesToHex, type UserId } from "@nillion/types";

/**
 * The stored result of a successful computation: each output user gets this node's pieces of the outputs
 * of every party it is bound to (the union, in the program's party order), as the reference routes them.
 *
 * @example
 * ```ts
 * const bytes = successResult(result.outputs, new Map([["Dealer", [user.bytes]]]));
 * ```
 */
export function successResult(
  outputs: ReadonlyMap<string, readonly WireNamedValue[]>,
  outputUsers: ReadonlyMap<string, readonly Uint8Array[]>,
): Uint8Array {
  const byUser = new Map<string, { user: Uint8Array; values: WireNamedValue[] }>();
  for (const [party, values] of outputs) {
    for (const user of outputUsers.get(party) ?? []) {
      const key = bytesToHex(user);
      const entry = byUser.get(key) ?? { user, values: [] };
      byUser.set(key, entry);
      entry.values.push(...values);
    }
  }
  return toBinary(
    ComputeResultSchema,
    create(ComputeResultSchema, {
      outcome: {
        case: "success",
        value: {
          outputs: [...byUser.values()].map(({ user, values }) => ({
            user: { contents: user },
            values: values as MessageInitShape<typeof NamedValueSchema>[],
          })),
        },
      },
    }),
  );
}

/**
 * The stored result of a failed computation, which every user retrieving it sees.
 *
 * @example
 * ```ts
 * const bytes = errorResult("division by zero");
 * ```
 */
export function errorResult(reason: string): Uint8Array {
  return toBinary(
    ComputeResultSchema,
    create(ComputeResultSchema, { outcome: { case: "error", value: reason } }),
  );
}

/**
 * What `user` reads of a stored result: its values, the failure, or `"unauthorized"` when the
 * computation succeeded and the user is bound to no output party.
 *
 * @example
 * ```ts
 * const answer = resultFor(stored.result, caller);
 * if (answer === "unauthorized") throw new ConnectError("user is not authorized to fetch result", Code.PermissionDenied);
 * ```
 */
export function resultFor(
  bytes: Uint8Array,
  user: UserId,
): { readonly values: NamedValue[] } | { readonly error: string } | "unauthorized" {
  const { outcome } = fromBinary(ComputeResultSchema, bytes);
  if (outcome.case === "error") return { error: outcome.value };
  const entry = outcome.value?.outputs.find((output) =>
    bytesEqual(output.user?.contents ?? new Uint8Array(), user.bytes),
  );
  return entry === undefined ? "unauthorized" : { values: entry.values };
}
