/**
 * @nillion/nada — The Nada program model: decode/encode ProgramMIR, validate, lower, analyse (metadata and program contract).
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
