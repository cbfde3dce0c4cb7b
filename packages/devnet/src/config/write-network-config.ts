import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { InvalidArgumentError } from "@nillion/types";
import { DEVNET_KEYS } from "../chain/devnet-keys.js";
import { DEVNET_CHAIN_ID } from "../chain/params.js";
import { normalizeClusterId } from "../node/layout/cluster-id.js";
import { configDirectory } from "./config-directory.js";
import { formatDevnetEnv } from "./devnet-env.js";
import { formatNetworkConfig, readNilauthConfig } from "./network-config.js";
import { writeFileAtomically } from "./write-file-atomically.js";

/**
 * Where the devnet is reachable, as {@link writeNetworkConfig} records it.
 *
 * @example
 * ```ts
 * const options: WriteNetworkConfigOptions = {
 *   clusterId: layout.clusterId,
 *   bootnode: layout.bootnode.grpcEndpoint,
 *   nilchainRpcEndpoint: "http://localhost:26648",
 *   nilchainJsonRpcEndpoint: "http://127.0.0.1:48102",
 *   nilchainGrpcEndpoint: "http://localhost:26649",
 *   nilchainRestEndpoint: "http://localhost:26650",
 * };
 * ```
 */
export interface WriteNetworkConfigOptions {
  /** The `nillion` config directory; {@link configDirectory} by default (`$XDG_CONFIG_HOME/nillion` or `~/.config/nillion`). */
  readonly directory?: string;
  /** `NILLION_CLUSTER_ID`; any UUID spelling, written lowercase hyphenated. */
  readonly clusterId: string;
  /** gRPC URL of node 0: `bootnode` in the YAML, `NILLION_GRPC_ENDPOINT` in the env file. */
  readonly bootnode: string;
  /** `nillion-chain-devnet` by default. */
  readonly chainId?: string;
  /** Chain JSON-RPC, direct: `payments.nilchain_rpc_endpoint`, what Rust tools pay through. */
  readonly nilchainRpcEndpoint: string;
  /** The CORS proxy in front of the RPC: `NILLION_NILCHAIN_JSON_RPC`, what browsers and TS tests use. */
  readonly nilchainJsonRpcEndpoint: string;
  /** Chain gRPC: `payments.nilchain_grpc_endpoint` and `NILLION_NILCHAIN_GRPC`. */
  readonly nilchainGrpcEndpoint: string;
  /** Chain REST API: `NILLION_NILCHAIN_REST_API`. */
  readonly nilchainRestEndpoint: string;
  /**
   * Funded keys as 64 hex digits, `NILLION_NILCHAIN_PRIVATE_KEY_<i>`; the first also goes into the YAML.
   * The ten {@link DEVNET_KEYS} by default.
   */
  readonly privateKeys?: readonly string[];
}

/**
 * The two files written, for the `network configuration written to <path>` and `environment file written
 * to <path>` lines harnesses wait for.
 */
export interface WrittenNetworkConfig {
  /** `<directory>/networks/devnet.yaml`. */
  readonly networkConfigPath: string;
  /** `<directory>/nillion-devnet.env`. */
  readonly envFilePath: string;
}

// Values go into the env file unquoted, so they must not need quoting there: no spaces, quotes, `#`, `$`
// or shell metacharacters. Every URL, UUID, chain id and hex key the devnet writes fits.
const ENV_SAFE = /^[A-Za-z0-9_.:/@%+,=[\]-]+$/;
const PRIVATE_KEY_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Writes the reference devnet's two config files, each atomically: `networks/devnet.yaml` (the network
 * the Rust tools and the `nillion` CLI select with `devnet`, keeping any `nilauth` section already there)
 * and `nillion-devnet.env` (what the TS and Python test suites load). Creates the directories as needed.
 *
 * @throws {InvalidArgumentError} naming the option that is malformed: a non-UUID `clusterId`, an empty or
 *   non-hex `privateKeys`, or a value the env file could not hold unquoted
 *
 * @example
 * ```ts
 * const written = await writeNetworkConfig({
 *   clusterId: layout.clusterId,
 *   bootnode: layout.bootnode.grpcEndpoint,
 *   nilchainRpcEndpoint: chain.rpcUrl,
 *   nilchainJsonRpcEndpoint: chain.proxyUrl,
 *   nilchainGrpcEndpoint: chain.grpcUrl,
 *   nilchainRestEndpoint: "http://localhost:26650",
 * });
 * console.log(`📝 network configuration written to ${written.networkConfigPath}`);
 * console.log(`🌄 environment file written to ${written.envFilePath}`);
 * ```
 */
export async function writeNetworkConfig(options: WriteNetworkConfigOptions): Promise<WrittenNetworkConfig> {
  const clusterId = normalizeClusterId(options.clusterId);
  const chainId = options.chainId ?? DEVNET_CHAIN_ID;
  const privateKeys = options.privateKeys ?? DEVNET_KEYS.map((key) => key.privateKey);
  const [yamlKey] = privateKeys;
  if (yamlKey === undefined || !privateKeys.every((key) => PRIVATE_KEY_HEX.test(key))) {
    throw new InvalidArgumentError(`"privateKeys" must hold at least one key of 64 hex digits`, {
      argument: "privateKeys",
    });
  }
  const envValues = {
    bootnode: options.bootnode,
    chainId,
    nilchainJsonRpcEndpoint: options.nilchainJsonRpcEndpoint,
    nilchainGrpcEndpoint: options.nilchainGrpcEndpoint,
    nilchainRestEndpoint: options.nilchainRestEndpoint,
  };
  for (const [argument, value] of Object.entries(envValues)) {
    if (typeof value !== "string" || !ENV_SAFE.test(value)) {
      throw new InvalidArgumentError(
        `"${argument}" cannot be written to an env file: ${JSON.stringify(value)}`,
        {
          argument,
        },
      );
    }
  }
  if (typeof options.nilchainRpcEndpoint !== "string" || options.nilchainRpcEndpoint === "") {
    throw new InvalidArgumentError(`"nilchainRpcEndpoint" must be a non-empty string`, {
      argument: "nilchainRpcEndpoint",
    });
  }

  const directory = options.directory ?? configDirectory();
  const networkConfigPath = path.join(directory, "networks", "devnet.yaml");
  const envFilePath = path.join(directory, "nillion-devnet.env");
  await mkdir(path.dirname(networkConfigPath), { recursive: true });

  const nilauth = await readFile(networkConfigPath, "utf8").then(readNilauthConfig, () => null);
  const yaml = formatNetworkConfig({
    bootnode: options.bootnode,
    nilchainChainId: chainId,
    nilchainRpcEndpoint: options.nilchainRpcEndpoint,
    nilchainGrpcEndpoint: options.nilchainGrpcEndpoint,
    nilchainPrivateKey: yamlKey,
    nilauth,
  });
  await writeFileAtomically(networkConfigPath, yaml);
  await writeFileAtomically(
    envFilePath,
    formatDevnetEnv({
      clusterId,
      nilchainChainId: chainId,
      nilchainJsonRpc: options.nilchainJsonRpcEndpoint,
      nilchainRestApi: options.nilchainRestEndpoint,
      nilchainGrpc: options.nilchainGrpcEndpoint,
      grpcEndpoint: options.bootnode,
      nilchainPrivateKeys: privateKeys,
    }),
  );
  return { networkConfigPath, envFilePath };
}
