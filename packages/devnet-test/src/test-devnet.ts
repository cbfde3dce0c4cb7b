import type { Network } from "@nillion/vm-client";

/** A wallet on the devnet's chain with money on it. */
export interface FundedKey {
  /** 32-byte secp256k1 secret as 64 hex digits: what `NilChainPayer.connect` takes. */
  readonly privateKey: string;
  /** Its bech32 `nillion1…` address. */
  readonly address: string;
}

/** One node of the cluster. */
export interface TestNode {
  readonly index: number;
  /** Its `grpc_endpoint`. */
  readonly url: string;
  /** 20-byte node id as lowercase hex. */
  readonly nodeId: string;
  readonly leader: boolean;
}

/**
 * A devnet for a test run: where it is, who is funded on it, and how to stop it.
 *
 * @example
 * ```ts
 * const devnet: TestDevnet = await startDevnet();
 * const payer = await NilChainPayer.connect(devnet.network, devnet.fundedKeys[0].privateKey);
 * ```
 */
export interface TestDevnet {
  /** Bootnode and chain, for `VmClient.create` and `NilChainPayer.connect`. */
  readonly network: Network;
  readonly nodes: readonly TestNode[];
  readonly chain: {
    readonly chainId: string;
    /** The chain's CometBFT JSON-RPC (behind CORS headers), what cosmjs connects to. */
    readonly rpcUrl: string;
  };
  /** The ten devnet wallets (1,000,000 NIL each at genesis). */
  readonly fundedKeys: readonly FundedKey[];
  /** True when this is a devnet another process runs (see `NILLION_DEVNET_ENV_FILE`). */
  readonly reused: boolean;
  /**
   * A fresh wallet with `unil` on it (1,000 NIL by default), for a test that needs one to itself. Only on
   * a devnet this process started: a reused one has no faucet.
   */
  createFundedKey(unil?: bigint): FundedKey;
  /** Stops the devnet if this process started it, releasing every port; a reused devnet keeps running. */
  stop(): Promise<void>;
}
