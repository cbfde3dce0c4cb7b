// The vitest `globalSetup` module: `globalSetup: ["@nillion/devnet-test/vitest-setup"]`.
import type { TestProject } from "vitest/node";
import { startDevnet } from "./start-devnet.js";
import type { FundedKey } from "./test-devnet.js";
import type { ProvidedDevnet } from "./vitest.js";

/** Wallets to prepare when the config does not say how many workers run. */
const DEFAULT_WORKER_WALLETS = 16;
/** 1,000,000 NIL per worker, as much as a devnet genesis wallet: ten thousand `useClient()` balances. */
const WORKER_WALLET_UNIL = 1_000_000n * 1_000_000n;

/**
 * Starts one devnet for the whole test run (or reuses the one `NILLION_DEVNET_ENV_FILE` names), gives each
 * test worker a wallet of its own, and stops the devnet when the run ends.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ["@nillion/devnet-test/vitest-setup"] } });
 * ```
 */
export default async function setup(project: TestProject) {
  const devnet = await startDevnet();
  const workers = Math.max(1, Number(project.config.maxWorkers) || DEFAULT_WORKER_WALLETS);
  // A reused devnet has no faucet: its ten keys go round the workers.
  const workerKeys: FundedKey[] = devnet.reused
    ? [...devnet.fundedKeys]
    : Array.from({ length: workers }, () => devnet.createFundedKey(WORKER_WALLET_UNIL));
  const provided: ProvidedDevnet = {
    nilvmGrpcEndpoint: devnet.network.nilvmGrpcEndpoint,
    chainEndpoint: devnet.network.chainEndpoint,
    chainId: devnet.network.chainId,
    nodes: devnet.nodes,
    fundedKeys: devnet.fundedKeys,
    workerKeys,
    reused: devnet.reused,
  };
  project.provide("nillionDevnet", provided);
  return () => devnet.stop();
}
