import { InvalidArgumentError } from "@nillion/types";

/**
 * Cancellation of signings: on a signer, for all its signings; on a call that takes options, for that
 * call too (either signal aborts it).
 *
 * @example
 * ```ts
 * import type { SigningOptions } from "@nillion/signers";
 *
 * const options: SigningOptions = { signal: AbortSignal.timeout(60_000), timeoutMs: 30_000 };
 * ```
 */
export interface SigningOptions {
  /** Aborting it stops the signing (its quote, payment, computation or wait); it rejects with the reason. */
  readonly signal?: AbortSignal;
  /** Milliseconds one signing may take, quote and payment included (default: the client's). */
  readonly timeoutMs?: number;
}

/** `options` if it is a valid {@link SigningOptions}; an `InvalidArgumentError` naming `argument` otherwise. */
export function checkSigningOptions(options: SigningOptions, argument: string): SigningOptions {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError(`${argument} must be an object, got ${String(options)}`, { argument });
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidArgumentError(`${argument}.signal must be an AbortSignal`, {
      argument: `${argument}.signal`,
    });
  }
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    !(typeof timeoutMs === "number" && Number.isFinite(timeoutMs) && timeoutMs > 0)
  ) {
    throw new InvalidArgumentError(
      `${argument}.timeoutMs must be a positive number, got ${String(timeoutMs)}`,
      {
        argument: `${argument}.timeoutMs`,
      },
    );
  }
  return options;
}
