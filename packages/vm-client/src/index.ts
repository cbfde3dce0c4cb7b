/**
 * @nillion/vm-client — VmClient: store, retrieve, update and delete values, permissions, programs and compute against any nilvm network.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
