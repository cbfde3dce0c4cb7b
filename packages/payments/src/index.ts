/**
 * @nillion/payments — Paying for operations: the Payer interface, NilChainPayer, quotes, receipts and balance mode.
 *
 * This entry point is the package's whole public API; it grows with the issue that builds the layer.
 *
 * @packageDocumentation
 */
export {};
