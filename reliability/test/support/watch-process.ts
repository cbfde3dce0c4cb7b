/** A fault this process would otherwise have died of or silently dropped. */
export interface ProcessFault {
  readonly kind: "uncaughtException" | "unhandledRejection" | "warning";
  readonly error: unknown;
}

/**
 * Records every uncaught exception, unhandled rejection and process warning (e.g. MaxListenersExceeded)
 * until `stop()`. The suites assert the list is empty: a devnet or client that "survives" only because
 * a test runner caught its crash has still crashed.
 *
 * @example
 * ```ts
 * const faults = watchProcess();
 * await fuzz();
 * expect(faults.stop()).toEqual([]);
 * ```
 */
export function watchProcess(): { readonly faults: readonly ProcessFault[]; stop(): ProcessFault[] } {
  const faults: ProcessFault[] = [];
  const onException = (error: unknown) => faults.push({ kind: "uncaughtException", error });
  const onRejection = (error: unknown) => faults.push({ kind: "unhandledRejection", error });
  const onWarning = (error: unknown) => faults.push({ kind: "warning", error });
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  process.on("warning", onWarning);
  return {
    faults,
    stop() {
      process.off("uncaughtException", onException);
      process.off("unhandledRejection", onRejection);
      process.off("warning", onWarning);
      return [...faults];
    },
  };
}
