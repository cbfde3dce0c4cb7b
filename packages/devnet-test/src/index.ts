/**
 * @nillion/devnet-test — Test harness for downstream suites: start a devnet per test run and hand out funded clients.
 *
 * This entry point works in any test runner and from CommonJS: {@link startDevnet} in a `before` hook,
 * `stop()` in `after`, and {@link createTestClient} for a client with a funded balance. For vitest,
 * `@nillion/devnet-test/vitest-setup` (a `globalSetup` module: one devnet per run, a wallet per worker) and
 * `@nillion/devnet-test/vitest` (`useClient()` and `useDevnet()` in test files); both are ESM-only, as
 * vitest is.
 *
 * @packageDocumentation
 */
export { createTestClient, DEFAULT_TEST_FUNDS_UNIL, type TestClientOptions } from "./create-test-client.js";
export { DEVNET_ENV_FILE_VARIABLE, type StartDevnetOptions, startDevnet } from "./start-devnet.js";
export type { FundedKey, TestDevnet, TestNode } from "./test-devnet.js";
