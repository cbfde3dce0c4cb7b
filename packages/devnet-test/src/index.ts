/**
 * @nillion/devnet-test — Test harness for downstream suites: start a devnet per test run and hand out funded clients.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
