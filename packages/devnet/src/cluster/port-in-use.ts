import { UnavailableError } from "@nillion/types";

/**
 * The error for a port another process holds, naming the `Devnet` option that chose it (in `details`,
 * for a command line to name its own flag), or `undefined` when `error` is not EADDRINUSE.
 *
 * @example
 * ```ts
 * throw portInUse(error, "the nilchain RPC", "chain.rpcPort", "127.0.0.1", 26648) ?? error;
 * ```
 */
export function portInUse(
  error: unknown,
  what: string,
  option: string,
  host: string,
  port: number,
): UnavailableError | undefined {
  if ((error as { code?: unknown } | null)?.code !== "EADDRINUSE") return undefined;
  return new UnavailableError(`cannot listen on ${host}:${port} for ${what}: another process uses the port`, {
    cause: error,
    details: { option, host, port },
  });
}
