/** Where a node writes what it does; `--quiet` and `--verbose` pick what reaches the terminal. */
export interface NodeLogger {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
}

/** Discards everything: the default for embedded clusters and tests. */
export const SILENT_LOGGER: NodeLogger = Object.freeze({ info() {}, debug() {}, warn() {} });

/**
 * Prefixes every line with a label, e.g. the node index.
 *
 * @example
 * ```ts
 * const log = labelledLogger(consoleLogger, "node 1");
 * ```
 */
export function labelledLogger(logger: NodeLogger, label: string): NodeLogger {
  return {
    info: (message) => logger.info(`[${label}] ${message}`),
    debug: (message) => logger.debug(`[${label}] ${message}`),
    warn: (message) => logger.warn(`[${label}] ${message}`),
  };
}
