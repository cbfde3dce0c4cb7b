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

const ENV_LINE = /^([A-Z0-9_]+)=(.*)$/;

/**
 * Reads `nillion-devnet.env` as the reference and this package write it (`KEY=value` lines, `#` comments,
 * optional quotes around a value), e.g. to reuse a devnet another process started.
 *
 * @throws {InvalidArgumentError} (`argument: "text"`) naming the variable that is missing, or the line
 *   that is not `KEY=value`
 *
 * @example
 * ```ts
 * const env = parseDevnetEnv(await readFile(path.join(configDirectory(), "nillion-devnet.env"), "utf8"));
 * env.grpcEndpoint; // the bootnode
 * ```
 */
export function parseDevnetEnv(text: string): DevnetEnv {
  const values = new Map<string, string>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const match = ENV_LINE.exec(line);
    if (!match) {
      throw new InvalidArgumentError(`line ${index + 1} is not KEY=value: ${JSON.stringify(raw)}`, {
        argument: "text",
      });
    }
    values.set(match[1] as string, (match[2] as string).replace(/^(["'])(.*)\1$/, "$2"));
  }
  const required = (name: string) => {
    const value = values.get(name);
    if (value === undefined || value === "") {
      throw new InvalidArgumentError(`${name} is missing`, { argument: "text" });
    }
    return value;
  };
  const nilchainPrivateKeys: string[] = [];
  for (let i = 0; values.has(`NILLION_NILCHAIN_PRIVATE_KEY_${i}`); i++) {
    nilchainPrivateKeys.push(required(`NILLION_NILCHAIN_PRIVATE_KEY_${i}`));
  }
  if (nilchainPrivateKeys.length === 0) required("NILLION_NILCHAIN_PRIVATE_KEY_0");
  return {
    clusterId: required("NILLION_CLUSTER_ID"),
    nilchainChainId: required("NILLION_NILCHAIN_CHAIN_ID"),
    nilchainJsonRpc: required("NILLION_NILCHAIN_JSON_RPC"),
    nilchainRestApi: values.get("NILLION_NILCHAIN_REST_API") ?? "",
    nilchainGrpc: values.get("NILLION_NILCHAIN_GRPC") ?? "",
    grpcEndpoint: required("NILLION_GRPC_ENDPOINT"),
    nilchainPrivateKeys,
  };
}
