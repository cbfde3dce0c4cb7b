import { readFileSync } from "node:fs";
import { Devnet, type DevnetOptions, parseDevnetEnv, readCluster, walletAddress } from "@nillion/devnet";
import { bytesToHex, InvalidArgumentError, UnavailableError } from "@nillion/types";
import { Network } from "@nillion/vm-client";
import type { FundedKey, TestDevnet, TestNode } from "./test-devnet.js";

/**
 * Names a `nillion-devnet.env` file (what `nillion-devnet` writes) to test against that running devnet
 * instead of starting one.
 */
export const DEVNET_ENV_FILE_VARIABLE = "NILLION_DEVNET_ENV_FILE";

const DEFAULT_FUNDING_UNIL = 1_000_000_000n; // 1,000 NIL

/** How to start a test devnet: the `Devnet` options but ports, which are always ephemeral here. */
export interface StartDevnetOptions extends Omit<DevnetOptions, "portBase" | "chain" | "bindAddress"> {
  /**
   * A `nillion-devnet.env` of a running devnet to use instead of starting one; `false` always starts one.
   * Defaults to `$NILLION_DEVNET_ENV_FILE` when set.
   */
  readonly envFile?: string | false;
  /** Time between chain blocks; 10 ms by default, so that payments settle fast. */
  readonly blockIntervalMs?: number;
  /** Environment to read `NILLION_DEVNET_ENV_FILE` from; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Starts a devnet on ephemeral ports — the chain emulator and a 3-node cluster, in this process, in about
 * a tenth of a second once loaded — or connects to a running one named by `NILLION_DEVNET_ENV_FILE`.
 * Works in any test runner: start it in a `before` hook, stop it in `after`.
 *
 * @throws {InvalidArgumentError} for a bad option or an env file that cannot be read
 * @throws {UnavailableError} when a reused devnet does not answer
 *
 * @example
 * ```ts
 * import { after, before, test } from "node:test";
 * import { startDevnet, type TestDevnet } from "@nillion/devnet-test";
 *
 * let devnet: TestDevnet;
 * before(async () => {
 *   devnet = await startDevnet();
 * });
 * after(() => devnet.stop());
 * test("the cluster has three nodes", () => {
 *   if (devnet.nodes.length !== 3) throw new Error("unexpected cluster");
 * });
 * ```
 */
export async function startDevnet(options: StartDevnetOptions = {}): Promise<TestDevnet> {
  const { envFile: envFileOption, blockIntervalMs = 10, env = process.env, ...devnetOptions } = options;
  const envFile = envFileOption ?? env[DEVNET_ENV_FILE_VARIABLE];
  if (envFile) return reuseDevnet(envFile);
  const devnet = await Devnet.start({ ...devnetOptions, portBase: 0, chain: { blockIntervalMs } });
  const nodes: TestNode[] = devnet.layout.nodes.map((node) => ({
    index: node.index,
    url: node.grpcEndpoint,
    nodeId: bytesToHex(node.nodeId),
    leader: node.index === devnet.layout.leaderIndex,
  }));
  return Object.freeze({
    network: Network.devnet(devnet.bootnodeUrl, devnet.chain.urls.proxy),
    nodes,
    chain: { chainId: devnet.chain.chainId, rpcUrl: devnet.chain.urls.proxy },
    fundedKeys: devnet.fundedKeys,
    reused: false,
    createFundedKey: (unil = DEFAULT_FUNDING_UNIL) => devnet.chain.createFundedKey(unil),
    stop: () => devnet.stop(),
  });
}

async function reuseDevnet(envFile: string): Promise<TestDevnet> {
  let text: string;
  try {
    text = readFileSync(envFile, "utf8");
  } catch (error) {
    throw new InvalidArgumentError(
      `cannot read the devnet env file ${envFile}: ${(error as Error).message}`,
      {
        argument: "envFile",
        cause: error,
      },
    );
  }
  const settings = parseDevnetEnv(text);
  const cluster = await readCluster(settings.grpcEndpoint);
  const fundedKeys: FundedKey[] = settings.nilchainPrivateKeys.map((privateKey) => ({
    privateKey,
    address: walletAddress(privateKey),
  }));
  return Object.freeze({
    network: new Network({
      nilvmGrpcEndpoint: settings.grpcEndpoint,
      chainEndpoint: settings.nilchainJsonRpc,
      chainId: settings.nilchainChainId,
    }),
    nodes: cluster.members.map((member, index) => ({
      index,
      url: member.grpcEndpoint,
      nodeId: bytesToHex(member.nodeId),
      leader: index === cluster.leaderIndex,
    })),
    chain: { chainId: settings.nilchainChainId, rpcUrl: settings.nilchainJsonRpc },
    fundedKeys,
    reused: true,
    createFundedKey: () => {
      throw new UnavailableError(`a reused devnet (${envFile}) has no faucet: use one of its fundedKeys`);
    },
    stop: async () => {},
  });
}
