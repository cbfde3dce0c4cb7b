/**
 * @nillion/devnet-test — Test harness for downstream suites: start a devnet per test run and hand out funded clients.
 *
 * This entry point works in any test runner: {@link startDevnet} in a `before` hook, `stop()` in `after`.
 * For vitest, `@nillion/devnet-test/vitest-setup` (a `globalSetup` module: one devnet per run, a wallet per
 * worker) and `@nillion/devnet-test/vitest` (`useDevnet()` in test files).
 *
 * @packageDocumentation
 */
export { DEVNET_ENV_FILE_VARIABLE, type StartDevnetOptions, startDevnet } from "./start-devnet.js";
export type { FundedKey, TestDevnet, TestNode } from "./test-devnet.js";
