/**
 * @nillion/types — Value classes, identifiers, permissions and the SDK's error hierarchy. No runtime dependencies.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
