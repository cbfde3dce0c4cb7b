import type { DualRequestHandler } from "./one-port-server.js";

/** The longest wait a Node timer can hold (about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

// grpc-timeout (gRPC, gRPC-web): up to 8 digits and a unit; connect-timeout-ms (Connect): up to 10 digits.
const GRPC_UNIT_MS: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  m: 1,
  u: 1e-3,
  n: 1e-6,
};

function deadlineMs(name: string, value: string): number | undefined {
  if (name === "connect-timeout-ms") return /^\d{1,10}$/.test(value) ? Number(value) : undefined;
  const parts = /^(\d{1,8})([HMSmun])$/.exec(value);
  return parts ? Number(parts[1]) * (GRPC_UNIT_MS[parts[2] as string] as number) : undefined;
}

/**
 * Wraps a handler so that a deadline longer than a Node timer can wait is treated as no deadline, as
 * tonic treats it. connect-es would arm a timer for it that fires at once (a TimeoutOverflowWarning and a
 * call cancelled after 1 ms) even when told to refuse it. Malformed values are left for connect to refuse.
 *
 * @example
 * ```ts
 * await listenOnePort({ handler: withoutUnreachableDeadlines(connectNodeAdapter({ routes })) });
 * ```
 */
export function withoutUnreachableDeadlines(handler: DualRequestHandler): DualRequestHandler {
  return (request, response) => {
    for (const name of ["grpc-timeout", "connect-timeout-ms"]) {
      const value = request.headers[name];
      if (typeof value === "string" && (deadlineMs(name, value) ?? 0) > MAX_TIMER_MS) {
        delete request.headers[name];
      }
    }
    handler(request, response);
  };
}
