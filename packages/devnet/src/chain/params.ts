// The fixed facts of the emulated chain: what nilchaind (Cosmos SDK v0.50, CometBFT v0.38) runs with on
// a `nillion-devnet`, so that every module reads the same numbers.

/**
 * Chain id of the local devnet (`nilchaind init --chain-id`), the default of {@link NilChain.start}.
 *
 * @example
 * ```ts
 * import { DEVNET_CHAIN_ID } from "@nillion/devnet";
 *
 * DEVNET_CHAIN_ID; // "nillion-chain-devnet"
 * ```
 */
export const DEVNET_CHAIN_ID = "nillion-chain-devnet";

/**
 * The only denomination nilchain pays in: 1 NIL = 10^6 unil.
 *
 * @example
 * ```ts
 * import { DENOM } from "@nillion/devnet";
 *
 * const amount = [{ denom: DENOM, amount: "1000000" }]; // 1 NIL
 * ```
 */
export const DENOM = "unil";

/** Bech32 prefix of account addresses. */
export const BECH32_PREFIX = "nillion";

/** unil in one NIL. */
export const UNIL_PER_NIL = 1_000_000n;

/** Codespace of the errors the SDK registers in `types/errors`. */
export const SDK_CODESPACE = "sdk";

/** x/auth default parameters (nilchain keeps the defaults). */
export const AUTH_PARAMS = {
  maxMemoCharacters: 256,
  txSigLimit: 7,
  txSizeCostPerByte: 10n,
  sigVerifyCostSecp256k1: 1000n,
} as const;

/** Store gas costs (the SDK's `KVGasConfig`). */
export const KV_GAS = {
  hasCost: 1000n,
  deleteCost: 1000n,
  readCostFlat: 1000n,
  readCostPerByte: 3n,
  writeCostFlat: 2000n,
  writeCostPerByte: 30n,
} as const;

/** Largest gas limit a tx may ask for (`MaxGasWanted` = 2^63 − 1). */
export const MAX_GAS_WANTED = (1n << 63n) - 1n;

/** Module account of x/meta: MsgPayFor moves the payment here, then burns it. */
export const META_MODULE = "meta";

/** Module account that collects non-zero fees (x/auth `FeeCollectorName`). */
export const FEE_COLLECTOR_MODULE = "fee_collector";

/** CometBFT version the node reports; cosmjs picks its 0.38 decoders when it starts with `0.38.`. */
export const COMETBFT_VERSION = "0.38.12";

/** CometBFT's defaults for what one request or one tx may weigh. */
export const LIMITS = {
  /** `rpc.max_body_bytes`: larger JSON-RPC bodies are refused before they are parsed. */
  maxBodyBytes: 1_000_000,
  /** `mempool.max_tx_bytes`. */
  maxTxBytes: 1_048_576,
  /** `rpc.timeout_broadcast_tx_commit`. */
  broadcastTxCommitTimeoutMs: 10_000,
  /** `tx_search` page size: default and maximum (`per_page`). */
  defaultPerPage: 30,
  maxPerPage: 100,
  /** CometBFT refuses longer `tx_search` queries. */
  maxQueryLength: 512,
} as const;

/**
 * Ports `nillion-devnet` uses for the chain, and the defaults of {@link NilChain.start}; tests pass 0
 * for ephemeral ones.
 *
 * @example
 * ```ts
 * import { DEFAULT_PORTS } from "@nillion/devnet";
 *
 * const rpc = `http://127.0.0.1:${DEFAULT_PORTS.rpc}`; // what the nodes' payments.rpc_endpoint names
 * ```
 */
export const DEFAULT_PORTS = { rpc: 26648, proxy: 48102, grpc: 26649 } as const;
