import { parse, stringify } from "yaml";

/** The `nilauth` section of a network config, which only the `nillion` CLI reads. */
export interface NilauthConfig {
  readonly endpoint: string;
}

/**
 * What the devnet writes to `networks/devnet.yaml`, the network config the Rust tools and the `nillion`
 * CLI read (tools-config's `NetworkConfig`).
 *
 * @example
 * ```ts
 * const config: NetworkConfig = {
 *   bootnode: "http://127.0.0.1:37939",
 *   nilchainChainId: "nillion-chain-devnet",
 *   nilchainRpcEndpoint: "http://localhost:26648",
 *   nilchainGrpcEndpoint: "http://localhost:26649",
 *   nilchainPrivateKey: DEVNET_KEYS[0].privateKey,
 *   nilauth: null,
 * };
 * ```
 */
export interface NetworkConfig {
  /** gRPC URL of the node clients bootstrap from. */
  readonly bootnode: string;
  readonly nilchainChainId: string;
  /** CometBFT JSON-RPC, direct (not the CORS proxy). */
  readonly nilchainRpcEndpoint: string;
  readonly nilchainGrpcEndpoint: string;
  /** 64 hex digits of the funded key the tools pay with. */
  readonly nilchainPrivateKey: string;
  readonly nilauth: NilauthConfig | null;
}

/**
 * `config` as serde_yaml writes tools-config's `NetworkConfig`: block mappings, fields in struct order,
 * `gas_price: null` (the devnet never sets one; the Rust tools then use their default) and `nilauth: null`
 * when there is none.
 *
 * @example
 * ```ts
 * await writeFile(path, formatNetworkConfig(config));
 * ```
 */
export function formatNetworkConfig(config: NetworkConfig): string {
  const document = {
    bootnode: config.bootnode,
    payments: {
      nilchain_chain_id: config.nilchainChainId,
      nilchain_rpc_endpoint: config.nilchainRpcEndpoint,
      nilchain_grpc_endpoint: config.nilchainGrpcEndpoint,
      nilchain_private_key: config.nilchainPrivateKey,
      gas_price: null,
    },
    nilauth: config.nilauth === null ? null : { endpoint: config.nilauth.endpoint },
  };
  // YAML 1.1 quoting (`yes`, `on`, …) keeps PyYAML readers on the same strings; single quotes as serde_yaml.
  return stringify(document, { version: "1.1", singleQuote: true, lineWidth: 0 });
}

/**
 * The `nilauth` section of an existing network config, so that rewriting `devnet.yaml` keeps it as the
 * reference devnet does. A file that cannot be read, or whose `nilauth` is not a mapping with a string
 * `endpoint`, has none to keep.
 *
 * @example
 * ```ts
 * readNilauthConfig("bootnode: x\nnilauth:\n  endpoint: http://localhost:30921\n"); // { endpoint: "http://localhost:30921" }
 * ```
 */
export function readNilauthConfig(text: string): NilauthConfig | null {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return null;
  }
  const nilauth: unknown = (document as { nilauth?: unknown } | null)?.nilauth;
  const endpoint: unknown = (nilauth as { endpoint?: unknown } | null)?.endpoint;
  return typeof endpoint === "string" ? { endpoint } : null;
}
