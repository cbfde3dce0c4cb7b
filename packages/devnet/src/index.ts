/**
 * @nillion/devnet — The local network: TypeScript nilvm nodes, the nilchain emulator and the nillion-devnet command.
 *
 * This entry point is the package's whole public API: {@link Devnet} (the chain emulator and a cluster of
 * nilvm nodes, as `nillion-devnet` runs them), and its parts — {@link NilChain}, a payments chain that
 * verifies real Cosmos SDK transactions, {@link DevnetNode}, one node serving the client protocol, the
 * cluster layout of the reference devnet, the config-file writer and the node stores.
 *
 * @packageDocumentation
 */
export type { AbciQueryResult } from "./chain/abci-query.js";
export { walletAddress } from "./chain/address.js";
export { DEVNET_KEY_BALANCE, DEVNET_KEYS, type DevnetKey } from "./chain/devnet-keys.js";
export type { ChainEvent, EventAttribute } from "./chain/events.js";
export type { GenesisAccount } from "./chain/genesis.js";
export {
  type AccountInfo,
  type BlockInfo,
  NilChain,
  type NilChainOptions,
  startChain,
  type TxInfo,
} from "./chain/nil-chain.js";
export { DEFAULT_PORTS, DENOM, DEVNET_CHAIN_ID } from "./chain/params.js";
export type { DevnetNodeProcess } from "./cluster/cluster-nodes.js";
export { Devnet, type DevnetOptions } from "./cluster/devnet.js";
export { type ClusterMemberInfo, type RunningCluster, readCluster } from "./cluster/read-cluster.js";
export { configDirectory } from "./config/config-directory.js";
export { type DevnetEnv, parseDevnetEnv } from "./config/devnet-env.js";
export {
  type WriteNetworkConfigOptions,
  type WrittenNetworkConfig,
  writeNetworkConfig,
} from "./config/write-network-config.js";
export {
  type ClusterLayout,
  type ClusterLayoutOptions,
  clusterLayout,
  DEFAULT_DEVNET_SEED,
  MAX_NODE_COUNT,
  MIN_NODE_COUNT,
  type NodeIdentity,
  withBoundPorts,
} from "./node/cluster-layout.js";
export { type ComputeExtensionOptions, computeExtension } from "./node/compute/compute-extension.js";
export { DevnetNode, type DevnetNodeOptions, MAX_MESSAGE_BYTES } from "./node/devnet-node.js";
export type { NodeContext, NodeExtension, NodeExtensionFactory } from "./node/node-extension.js";
export { labelledLogger, type NodeLogger, SILENT_LOGGER } from "./node/node-logger.js";
export { DEVNET_POOLS, type PoolConfig } from "./node/preprocessing/pool-config.js";
export {
  type ClusterInfo,
  DEVNET_NODE_VERSION,
  type MemberInfo,
} from "./node/services/membership-service.js";
export { MemoryStore } from "./storage/memory-store.js";
export type {
  Balance,
  BalanceChange,
  Claim,
  ComputeResultRecord,
  JsonValue,
  NodeStore,
  Refund,
  SweepCounts,
  ValuesRecord,
} from "./storage/node-store.js";
export { SqliteStore, type SqliteStoreOptions } from "./storage/sqlite-store.js";
