/**
 * The values of `nillion-devnet.env`, the file the TS and Python test suites source to find the devnet.
 *
 * @example
 * ```ts
 * const env: DevnetEnv = {
 *   clusterId: layout.clusterId,
 *   nilchainChainId: "nillion-chain-devnet",
 *   nilchainJsonRpc: "http://127.0.0.1:48102",
 *   nilchainRestApi: "http://localhost:26650",
 *   nilchainGrpc: "http://localhost:26649",
 *   grpcEndpoint: layout.bootnode.grpcEndpoint,
 *   nilchainPrivateKeys: DEVNET_KEYS.map((key) => key.privateKey),
 * };
 * ```
 */
export interface DevnetEnv {
  /** `NILLION_CLUSTER_ID`. */
  readonly clusterId: string;
  /** `NILLION_NILCHAIN_CHAIN_ID`. */
  readonly nilchainChainId: string;
  /** `NILLION_NILCHAIN_JSON_RPC`: the browser-friendly CORS proxy in front of the chain RPC. */
  readonly nilchainJsonRpc: string;
  /** `NILLION_NILCHAIN_REST_API`. */
  readonly nilchainRestApi: string;
  /** `NILLION_NILCHAIN_GRPC`. */
  readonly nilchainGrpc: string;
  /** `NILLION_GRPC_ENDPOINT`: the bootnode. */
  readonly grpcEndpoint: string;
  /** `NILLION_NILCHAIN_PRIVATE_KEY_<i>`, in order. */
  readonly nilchainPrivateKeys: readonly string[];
}

/**
 * `env` in the reference devnet's layout: a comment line, the six endpoint variables, then one
 * `NILLION_NILCHAIN_PRIVATE_KEY_<i>` per key; unquoted `KEY=value` lines that dotenv loaders and
 * `source` read alike.
 *
 * @example
 * ```ts
 * await writeFile(path, formatDevnetEnv(env));
 * ```
 */
export function formatDevnetEnv(env: DevnetEnv): string {
  const lines = [
    "# Nillion devnet parameters",
    `NILLION_CLUSTER_ID=${env.clusterId}`,
    `NILLION_NILCHAIN_CHAIN_ID=${env.nilchainChainId}`,
    `NILLION_NILCHAIN_JSON_RPC=${env.nilchainJsonRpc}`,
    `NILLION_NILCHAIN_REST_API=${env.nilchainRestApi}`,
    `NILLION_NILCHAIN_GRPC=${env.nilchainGrpc}`,
    `NILLION_GRPC_ENDPOINT=${env.grpcEndpoint}`,
    ...env.nilchainPrivateKeys.map((key, index) => `NILLION_NILCHAIN_PRIVATE_KEY_${index}=${key}`),
  ];
  return `${lines.join("\n")}\n`;
}
