/**
 * @nillion/mpc — Multi-party computation protocols and the MIR execution engine over a message channel.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
