import { parseEnv } from "node:util";
import { InvalidArgumentError } from "@nillion/types";

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

/**
 * Reads `nillion-devnet.env` as the reference and this package write it (dotenv syntax: `KEY=value` lines,
 * `#` comments, optional quotes and `export`), e.g. to reuse a devnet another process started.
 *
 * @throws {InvalidArgumentError} (`argument: "text"`) naming the variable that is missing or empty
 *
 * @example
 * ```ts
 * const env = parseDevnetEnv(await readFile(path.join(configDirectory(), "nillion-devnet.env"), "utf8"));
 * env.grpcEndpoint; // the bootnode
 * ```
 */
export function parseDevnetEnv(text: string): DevnetEnv {
  const values = parseEnv(text);
  const required = (name: string) => {
    const value = values[name];
    if (value === undefined || value === "") {
      throw new InvalidArgumentError(`${name} is missing: the env file has no ${name}=<value> line`, {
        argument: "text",
      });
    }
    return value;
  };
  const nilchainPrivateKeys: string[] = [];
  for (let i = 0; values[`NILLION_NILCHAIN_PRIVATE_KEY_${i}`] !== undefined; i++) {
    nilchainPrivateKeys.push(required(`NILLION_NILCHAIN_PRIVATE_KEY_${i}`));
  }
  if (nilchainPrivateKeys.length === 0) required("NILLION_NILCHAIN_PRIVATE_KEY_0");
  return {
    clusterId: required("NILLION_CLUSTER_ID"),
    nilchainChainId: required("NILLION_NILCHAIN_CHAIN_ID"),
    nilchainJsonRpc: required("NILLION_NILCHAIN_JSON_RPC"),
    nilchainRestApi: values["NILLION_NILCHAIN_REST_API"] ?? "",
    nilchainGrpc: values["NILLION_NILCHAIN_GRPC"] ?? "",
    grpcEndpoint: required("NILLION_GRPC_ENDPOINT"),
    nilchainPrivateKeys,
  };
}
