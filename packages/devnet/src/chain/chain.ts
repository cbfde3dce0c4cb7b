// The state machine: committed state, the mempool with its CheckTx state, and block execution. It knows
// nothing of time, timers, files or sockets; callers decide when a block is made and what its time is.
import { bytesToHex } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { mintTo } from "./bank.js";
import { type Block, blockHash, nextAppHash } from "./blocks.js";
import { type Context, readContext } from "./context.js";
import { type Genesis, type GenesisAccount, genesisState } from "./genesis.js";
import { DENOM, LIMITS } from "./params.js";
import { runTx, type TxOutcome, type TxResult } from "./run-tx.js";
import type { ChainState } from "./state.js";
import { type IndexedTx, TxIndex } from "./tx-index.js";
import type { Condition } from "./tx-query.js";

/** CometBFT's mempool refused a tx before the app saw it; RPC reports it as a JSON-RPC error. */
export class MempoolError extends Error {
  override name = "MempoolError";
}

/** What a block is made of: the data a durable log needs to replay it. */
export interface BlockInput {
  readonly time: Date;
  readonly txs: readonly Uint8Array[];
  /** Funds added by the test faucet before the block's txs run. */
  readonly mints: readonly GenesisAccount[];
}

/** A block after it was executed and committed. */
export interface CommittedBlock {
  readonly block: Block;
  readonly input: BlockInput;
  readonly txs: readonly IndexedTx[];
}

/** Uppercase hex SHA-256 of tx bytes: CometBFT's tx hash. */
export function txHash(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes)).toUpperCase();
}

/** One chain: genesis, blocks, mempool. */
export class Chain {
  readonly chainId: string;
  readonly #state: ChainState;
  #checkState: ChainState;
  #mempool: Array<{ readonly hash: string; readonly bytes: Uint8Array }> = [];
  readonly #mempoolHashes = new Set<string>();
  #mints: GenesisAccount[] = [];
  readonly #blocks: Block[] = [];
  readonly #index = new TxIndex();
  #appHash: Uint8Array;

  constructor(genesis: Genesis) {
    this.chainId = genesis.chainId;
    this.#state = genesisState(genesis);
    this.#checkState = this.#state.branch();
    this.#appHash = nextAppHash(new Uint8Array(32), [
      genesis.chainId,
      ...genesis.accounts.map(({ address, amount }) => `${address}:${amount}`),
    ]);
  }

  /** Height of the last committed block (0 before the first). */
  get height(): number {
    return this.#blocks.length;
  }

  /** The last committed block. */
  get latestBlock(): Block | undefined {
    return this.#blocks.at(-1);
  }

  /** The block at `height`, if committed. */
  block(height: number): Block | undefined {
    return this.#blocks[height - 1];
  }

  /** Whether the next block would carry anything: mempool txs or faucet funds. */
  get hasPendingWork(): boolean {
    return this.#mempool.length > 0 || this.#mints.length > 0;
  }

  /**
   * CheckTx: admits `bytes` to the mempool when the ante handler passes against the mempool's state.
   *
   * @throws {MempoolError} for a tx CometBFT refuses before CheckTx: too large, or already seen
   */
  checkTx(bytes: Uint8Array): { hash: string; result: TxResult } {
    if (bytes.length > LIMITS.maxTxBytes) {
      throw new MempoolError(`Tx too large. Max size is ${LIMITS.maxTxBytes}, but got ${bytes.length}`);
    }
    const hash = txHash(bytes);
    if (this.#mempoolHashes.has(hash) || this.#index.get(hash) !== undefined) {
      throw new MempoolError("tx already exists in cache");
    }
    const { result } = runTx(this.#env(this.#checkState, this.height), "check", bytes);
    if (result.code === 0) {
      this.#mempool.push({ hash, bytes });
      this.#mempoolHashes.add(hash);
    }
    return { hash, result };
  }

  /** Simulate: runs `bytes` fully against a throw-away copy of the mempool's state. */
  simulate(bytes: Uint8Array): TxOutcome {
    return runTx(this.#env(this.#checkState.branch(), this.height), "simulate", bytes);
  }

  /** A read-only view of committed state for queries. */
  queryContext(): Context {
    return readContext(this.#state, this.chainId, this.height);
  }

  /** Adds `account.amount` unil to `account.address` at the start of the next block. */
  queueMint(account: GenesisAccount): void {
    this.#mints.push(account);
  }

  /** Makes the next block from the mempool and the queued mints. */
  produceBlock(time: Date): CommittedBlock {
    const input: BlockInput = { time, txs: this.#mempool.map((entry) => entry.bytes), mints: this.#mints };
    this.#mempool = [];
    this.#mempoolHashes.clear();
    this.#mints = [];
    return this.executeBlock(input);
  }

  /** Executes and commits a block: faucet funds, then every tx in order (failed ones included). */
  executeBlock(input: BlockInput): CommittedBlock {
    const height = this.height + 1;
    const blockState = this.#state.branch();
    const ctx = readContext(blockState, this.chainId, height);
    const changes: string[] = [];
    for (const { address, amount } of input.mints) {
      mintTo(ctx, address, [{ denom: DENOM, amount }]);
      changes.push(`mint:${address}:${amount}`);
    }
    const results = input.txs.map((bytes) => {
      const { result } = runTx(this.#env(blockState, height), "deliver", bytes);
      const hash = txHash(bytes);
      changes.push(`${hash}:${result.code}`);
      return { hash, bytes, result };
    });
    blockState.write();
    const previous = this.latestBlock?.hash ?? new Uint8Array(32);
    this.#appHash = nextAppHash(this.#appHash, changes);
    const txHashes = results.map(({ hash }) => hash);
    const block: Block = {
      height,
      time: input.time,
      hash: blockHash(height, input.time, previous, this.#appHash, txHashes),
      appHash: this.#appHash,
      txHashes,
    };
    this.#blocks.push(block);
    const txs = results.map(({ hash, bytes, result }, index) =>
      this.#index.add({ hash, height, index, tx: bytes, result, time: input.time }),
    );
    // CometBFT rechecks the mempool against the new state; every mempool tx went into this block.
    this.#checkState = this.#state.branch();
    return { block, input, txs };
  }

  /** The included tx with `hash` (hex, either case). */
  tx(hash: string): IndexedTx | undefined {
    return this.#index.get(hash);
  }

  /** Included txs matching every condition, oldest first. */
  searchTxs(conditions: readonly Condition[]): IndexedTx[] {
    return this.#index.search(conditions);
  }

  #env(state: ChainState, height: number) {
    return { state, height, chainId: this.chainId };
  }
}
