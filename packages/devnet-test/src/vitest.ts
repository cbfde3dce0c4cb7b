// What test files import: `import { useDevnet } from "@nillion/devnet-test/vitest"`. It reads what the
// global setup provided and never loads the devnet itself, so workers stay light.
import { Network } from "@nillion/vm-client";
import { inject } from "vitest";
import type { FundedKey, TestNode } from "./test-devnet.js";

/** What the global setup hands every worker (plain data: it crosses process boundaries). */
export interface ProvidedDevnet {
  readonly nilvmGrpcEndpoint: string;
  readonly chainEndpoint: string;
  readonly chainId: string;
  readonly nodes: readonly TestNode[];
  readonly fundedKeys: readonly FundedKey[];
  /** One wallet per worker, by `VITEST_POOL_ID`. */
  readonly workerKeys: readonly FundedKey[];
  readonly reused: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    nillionDevnet: ProvidedDevnet;
  }
}

/** The run's devnet as one test worker sees it. */
export interface WorkerDevnet {
  readonly network: Network;
  readonly nodes: readonly TestNode[];
  /** This worker's wallet: no other worker pays from it, so payments never race for its sequence. */
  readonly walletKey: FundedKey;
  /** The devnet's ten shared wallets. */
  readonly fundedKeys: readonly FundedKey[];
  readonly reused: boolean;
}

/**
 * The devnet the global setup started, with this worker's own wallet.
 *
 * @throws {Error} when the config does not list `@nillion/devnet-test/vitest-setup` in `globalSetup`
 *
 * @example
 * ```ts
 * import { NilChainPayer } from "@nillion/payments";
 * import { useDevnet } from "@nillion/devnet-test/vitest";
 * import { VmClient } from "@nillion/vm-client";
 * import { PrivateKey } from "@nillion/crypto";
 *
 * const { network, walletKey } = useDevnet();
 * const payer = await NilChainPayer.connect(network, walletKey.privateKey);
 * const client = await VmClient.create(PrivateKey.generate(), network, payer);
 * ```
 */
export function useDevnet(): WorkerDevnet {
  const provided = inject("nillionDevnet");
  if (provided === undefined) {
    throw new Error(
      `no devnet was provided: add "@nillion/devnet-test/vitest-setup" to test.globalSetup in your vitest config`,
    );
  }
  const pool = Number(process.env["VITEST_POOL_ID"] ?? "1");
  const index = (Number.isInteger(pool) && pool > 0 ? pool - 1 : 0) % provided.workerKeys.length;
  return {
    network: new Network({
      nilvmGrpcEndpoint: provided.nilvmGrpcEndpoint,
      chainEndpoint: provided.chainEndpoint,
      chainId: provided.chainId,
    }),
    nodes: provided.nodes,
    walletKey: provided.workerKeys[index] as FundedKey,
    fundedKeys: provided.fundedKeys,
    reused: provided.reused,
  };
}
