/**
 * @nillion/devnet — The local network: TypeScript nilvm nodes, the nilchain emulator and the nillion-devnet command.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
