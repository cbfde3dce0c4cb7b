// The running emulator: the state machine plus block production on a timer, the durable log, and the three
// ports nilchaind exposes on a devnet (CometBFT RPC, its CORS proxy, Cosmos gRPC).
import type http from "node:http";
import path from "node:path";
import { PrivateKey } from "@nillion/crypto";
import { bytesToHex, InvalidArgumentError, UnavailableError } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { portInUse } from "../cluster/port-in-use.js";
import { type AbciQueryResult, abciQuery } from "./abci-query.js";
import { addressFromPublicKey, decodeAddress, encodeAddress } from "./address.js";
import { allBalances, getBalance, getSupply } from "./bank.js";
import { Chain, type CommittedBlock } from "./chain.js";
import { startCorsProxy } from "./cors-proxy.js";
import { DEVNET_KEY_BALANCE, DEVNET_KEYS, type DevnetKey } from "./devnet-keys.js";
import type { ChainEvent } from "./events.js";
import type { Genesis, GenesisAccount } from "./genesis.js";
import { type GrpcNode, type GrpcServer, startGrpcServer, stopGrpcServer } from "./grpc-server.js";
import { DEFAULT_PORTS, DENOM, DEVNET_CHAIN_ID } from "./params.js";
import type { RpcNode } from "./rpc-methods.js";
import { startRpcServer } from "./rpc-server.js";
import { type ChainStore, openStore } from "./store.js";
import type { IndexedTx } from "./tx-index.js";

/**
 * How to start a chain. Every field is optional; the defaults are those of `nillion-devnet`.
 *
 * @example
 * ```ts
 * import type { NilChainOptions } from "@nillion/devnet";
 *
 * // What a test suite wants: ephemeral ports, fast blocks, one extra funded account.
 * const options: NilChainOptions = {
 *   rpcPort: 0,
 *   proxyPort: 0,
 *   grpcPort: 0,
 *   blockIntervalMs: 20,
 *   accounts: [{ address: "nillion1…", amount: 10_000_000n }],
 * };
 * ```
 */
export interface NilChainOptions {
  /** Default `nillion-chain-devnet`. */
  readonly chainId?: string;
  /** Interface every port binds to; default `127.0.0.1`. */
  readonly host?: string;
  /** CometBFT JSON-RPC; default 26648, 0 for an ephemeral port. */
  readonly rpcPort?: number;
  /** The RPC behind CORS headers, for browsers; default 48102, 0 for an ephemeral port. */
  readonly proxyPort?: number;
  /** Cosmos gRPC; default 26649, 0 for an ephemeral port. */
  readonly grpcPort?: number;
  /**
   * Time between blocks, in ms; default 100. A block is made this long after the previous one as soon
   * as a tx (or faucet funds) waits for it.
   */
  readonly blockIntervalMs?: number;
  /** Also make empty blocks every interval, as CometBFT's `create_empty_blocks` does; default false. */
  readonly emptyBlocks?: boolean;
  /** Accounts funded at genesis besides the ten devnet keys (unil). */
  readonly accounts?: readonly GenesisAccount[];
  /**
   * Directory for durable state (created if missing; the chain uses its `nilchain` subdirectory). Without
   * it the chain lives in memory only. With it, a restart resumes the same chain: genesis, blocks, txs.
   */
  readonly dataDir?: string;
}

interface Servers {
  rpc: http.Server;
  proxy: http.Server;
  grpc: GrpcServer;
}

/**
 * A tx as a block recorded it.
 *
 * @example
 * ```ts
 * const tx: TxInfo = await chain.waitForTx(hash);
 * if (tx.code !== 0) console.error(`failed in block ${tx.height}: ${tx.log}`);
 * ```
 */
export interface TxInfo {
  /** Uppercase hex SHA-256 of the tx bytes. */
  readonly hash: string;
  readonly height: number;
  /** Position in its block. */
  readonly index: number;
  /** Time of its block. */
  readonly time: Date;
  /** 0 for success; SDK code otherwise (the tx is still in the block). */
  readonly code: number;
  readonly codespace: string;
  readonly log: string;
  readonly gasWanted: bigint;
  readonly gasUsed: bigint;
  readonly events: readonly ChainEvent[];
  /** The TxRaw bytes as broadcast. */
  readonly tx: Uint8Array;
}

/**
 * A committed block.
 *
 * @example
 * ```ts
 * const { height, txHashes } = chain.produceBlock();
 * ```
 */
export interface BlockInfo {
  readonly height: number;
  readonly time: Date;
  /** Uppercase hex. */
  readonly hash: string;
  readonly txHashes: readonly string[];
}

/**
 * An account as x/auth records it.
 *
 * @example
 * ```ts
 * const { accountNumber, sequence } = chain.account(DEVNET_KEYS[0].address) ?? {};
 * ```
 */
export interface AccountInfo {
  readonly address: string;
  readonly accountNumber: bigint;
  readonly sequence: bigint;
  /** Compressed secp256k1 key, once the account has signed a tx. */
  readonly pubKey: Uint8Array | undefined;
}

/**
 * A local nilchain: a Cosmos SDK payments chain that verifies real transactions (SIGN_MODE_DIRECT
 * signatures, account numbers, sequences, fees, gas) and executes `MsgPayFor`, served over CometBFT
 * JSON-RPC, a CORS proxy and Cosmos gRPC. Start it with {@link NilChain.start} or {@link startChain}.
 *
 * @example
 * ```ts
 * import { NilChain } from "@nillion/devnet";
 *
 * const chain = await NilChain.start({ rpcPort: 0, proxyPort: 0, grpcPort: 0 });
 * // point SigningStargateClient.connectWithSigner at chain.urls.rpc, pay, then:
 * chain.balance(chain.keys[0].address); // unil left
 * await chain.stop();
 * ```
 */
export class NilChain {
  readonly chainId: string;
  readonly host: string;
  /** The ten devnet payment keys, funded with 1,000,000 NIL each. */
  readonly keys: readonly DevnetKey[] = DEVNET_KEYS;

  readonly #chain: Chain;
  readonly #store: ChainStore | undefined;
  readonly #intervalMs: number;
  readonly #emptyBlocks: boolean;
  readonly #node: RpcNode & GrpcNode;
  readonly #waiters = new Map<string, Set<(tx: IndexedTx | undefined) => void>>();
  #servers: Partial<Servers> = {};
  #ports = { rpc: 0, proxy: 0, grpc: 0 };
  #timer: NodeJS.Timeout | undefined;
  #paused = false;
  #stopped = false;

  private constructor(chain: Chain, store: ChainStore | undefined, settings: Settings) {
    this.#chain = chain;
    this.#store = store;
    this.chainId = chain.chainId;
    this.host = settings.host;
    this.#intervalMs = settings.blockIntervalMs;
    this.#emptyBlocks = settings.emptyBlocks;
    this.#node = this.#serverView();
  }

  /**
   * Starts a chain: genesis (or the state in `dataDir`), a first block, then the three servers.
   *
   * @throws {InvalidArgumentError} for a malformed option
   * @throws {UnavailableError} when a port cannot be bound
   *
   * @example
   * ```ts
   * import { NilChain } from "@nillion/devnet";
   *
   * const chain = await NilChain.start(); // ports 26648, 48102, 26649, like nillion-devnet
   * ```
   */
  static async start(options: NilChainOptions = {}): Promise<NilChain> {
    const settings = validate(options);
    const genesis: Genesis = {
      chainId: settings.chainId,
      time: new Date(),
      accounts: [
        ...DEVNET_KEYS.map(({ address }) => ({ address, amount: DEVNET_KEY_BALANCE })),
        ...settings.accounts.map(({ address, amount }) => ({ address: canonical(address), amount })),
      ],
    };
    const store =
      settings.dataDir === undefined
        ? undefined
        : openStore(path.join(settings.dataDir, "nilchain"), genesis);
    const chain = new Chain(store?.genesis ?? genesis);
    for (const block of store?.blocks ?? []) chain.executeBlock(block);
    const instance = new NilChain(chain, store, settings);
    try {
      await instance.#listen(settings);
    } catch (error) {
      await instance.stop();
      throw error;
    }
    if (chain.height === 0) instance.produceBlock();
    if (settings.emptyBlocks) instance.#schedule();
    return instance;
  }

  /** The ports actually bound. */
  get ports(): { readonly rpc: number; readonly proxy: number; readonly grpc: number } {
    return { ...this.#ports };
  }

  /** `http://host:port` of each endpoint (the gRPC one as cosmpy's `grpc+http` config expects it). */
  get urls(): { readonly rpc: string; readonly proxy: string; readonly grpc: string } {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    const { rpc, proxy, grpc } = this.#ports;
    return { rpc: `http://${host}:${rpc}`, proxy: `http://${host}:${proxy}`, grpc: `http://${host}:${grpc}` };
  }

  /** Height of the last block. */
  get height(): number {
    return this.#chain.height;
  }

  /**
   * Makes a block now with whatever waits (mempool txs, faucet funds), even while paused.
   *
   * @example
   * ```ts
   * const block = chain.produceBlock();
   * ```
   */
  produceBlock(): BlockInfo {
    this.#assertRunning();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const last = this.#chain.latestBlock?.time.getTime() ?? 0;
    const committed = this.#chain.produceBlock(new Date(Math.max(Date.now(), last + 1)));
    this.#store?.append(committed);
    this.#announce(committed);
    if (this.#emptyBlocks || this.#chain.hasPendingWork) this.#schedule();
    return blockInfo(committed);
  }

  /**
   * Stops automatic block production (txs wait in the mempool, "not committed" for the nodes) until
   * {@link NilChain.resume}.
   *
   * @example
   * ```ts
   * chain.pause();
   * // broadcast: the tx is accepted but stays uncommitted
   * chain.resume();
   * ```
   */
  pause(): void {
    this.#paused = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Restarts automatic block production. */
  resume(): void {
    this.#paused = false;
    if (this.#emptyBlocks || this.#chain.hasPendingWork) this.#schedule();
  }

  /**
   * Balance of `address` (either case) in `denom` (default `unil`), in committed state.
   *
   * @throws {InvalidArgumentError} for a malformed address
   *
   * @example
   * ```ts
   * chain.balance(DEVNET_KEYS[0].address); // 1_000_000_000_000n at genesis
   * ```
   */
  balance(address: string, denom: string = DENOM): bigint {
    return getBalance(this.#chain.queryContext(), canonical(address), denom);
  }

  /**
   * Every non-zero balance of `address`, by denom.
   *
   * @example
   * ```ts
   * chain.balances(DEVNET_KEYS[0].address); // Map { "unil" => 1_000_000_000_000n }
   * ```
   */
  balances(address: string): ReadonlyMap<string, bigint> {
    const coins = allBalances(this.#chain.queryContext(), canonical(address));
    return new Map(coins.map((coin) => [coin.denom, coin.amount]));
  }

  /**
   * Total supply of `denom` (default `unil`); payments burn, so it goes down.
   *
   * @example
   * ```ts
   * const before = chain.supply();
   * ```
   */
  supply(denom: string = DENOM): bigint {
    return getSupply(this.#chain.queryContext(), denom);
  }

  /**
   * The account at `address`, if it exists.
   *
   * @example
   * ```ts
   * chain.account(DEVNET_KEYS[0].address)?.sequence; // 0n before its first tx
   * ```
   */
  account(address: string): AccountInfo | undefined {
    const found = this.#chain.queryContext().state.accounts.get(canonical(address));
    if (found === undefined) return undefined;
    return {
      address: found.address,
      accountNumber: found.accountNumber,
      sequence: found.sequence,
      pubKey: found.pubKey,
    };
  }

  /**
   * Test faucet: mints `amount` unil into `address` in a block made now.
   *
   * @throws {InvalidArgumentError} for a malformed address or a non-positive amount
   *
   * @example
   * ```ts
   * chain.fund("nillion1…", 5_000_000n); // 5 NIL
   * ```
   */
  fund(address: string, amount: bigint): BlockInfo {
    if (typeof amount !== "bigint" || amount <= 0n) {
      throw new InvalidArgumentError(`"amount" must be a positive bigint of unil, got ${String(amount)}`, {
        argument: "amount",
      });
    }
    this.#chain.queueMint({ address: canonical(address), amount });
    return this.produceBlock();
  }

  /**
   * A new random wallet, funded with `amount` unil by the test faucet: for harnesses that need more
   * wallets than the ten devnet keys (one per test worker, say).
   *
   * @example
   * ```ts
   * const { privateKey, address } = chain.createFundedKey(1_000_000_000n); // 1,000 NIL
   * ```
   */
  createFundedKey(amount: bigint): DevnetKey {
    const key = PrivateKey.generate();
    const address = addressFromPublicKey(key.publicKey);
    this.fund(address, amount);
    return Object.freeze({ privateKey: key.toHex(), address });
  }

  /**
   * The included tx with `hash` (hex, either case), if any.
   *
   * @example
   * ```ts
   * chain.tx(result.transactionHash)?.code; // 0
   * ```
   */
  tx(hash: string): TxInfo | undefined {
    const found = this.#chain.tx(hash);
    return found === undefined ? undefined : txInfo(found);
  }

  /**
   * Resolves when the tx with `hash` is in a block.
   *
   * @throws {UnavailableError} after `timeoutMs` (default 10 s), or when the chain stops first
   *
   * @example
   * ```ts
   * const { height, code } = await chain.waitForTx(hash);
   * ```
   */
  async waitForTx(hash: string, timeoutMs = 10_000): Promise<TxInfo> {
    const found = await this.#waitFor(hash.toUpperCase(), timeoutMs);
    if (found === undefined) {
      throw new UnavailableError(`tx ${hash} was not included within ${timeoutMs} ms`, { details: { hash } });
    }
    return txInfo(found);
  }

  /**
   * Runs an ABCI query as `abci_query` does, without the network.
   *
   * @example
   * ```ts
   * import { GetTxRequest } from "cosmjs-types/cosmos/tx/v1beta1/service";
   *
   * const { code, value } = chain.abciQuery(
   *   "/cosmos.tx.v1beta1.Service/GetTx",
   *   GetTxRequest.encode({ hash }).finish(),
   * );
   * ```
   */
  abciQuery(path: string, data: Uint8Array): AbciQueryResult {
    return abciQuery(this.#chain, path, data, 0n);
  }

  /**
   * Stops block production and the servers, and closes the data directory. Pending
   * {@link NilChain.waitForTx} calls fail. Stopping twice is harmless.
   *
   * @example
   * ```ts
   * await chain.stop();
   * ```
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const resolvers of this.#waiters.values()) for (const resolve of resolvers) resolve(undefined);
    this.#waiters.clear();
    const { rpc, proxy, grpc } = this.#servers;
    await Promise.all([
      proxy === undefined ? undefined : closeHttp(proxy),
      rpc === undefined ? undefined : closeHttp(rpc),
      grpc === undefined ? undefined : stopGrpcServer(grpc),
    ]);
    this.#store?.close();
  }

  async #listen(settings: Settings): Promise<void> {
    const { host } = settings;
    const rpc = await bind("RPC", "rpcPort", host, settings.rpcPort, () =>
      startRpcServer(this.#node, host, settings.rpcPort),
    );
    this.#servers.rpc = rpc.server;
    this.#ports.rpc = rpc.port;
    const proxy = await bind("CORS proxy", "proxyPort", host, settings.proxyPort, () =>
      startCorsProxy({ host, port: rpc.port }, host, settings.proxyPort),
    );
    this.#servers.proxy = proxy.server;
    this.#ports.proxy = proxy.port;
    const grpc = await bind("gRPC", "grpcPort", host, settings.grpcPort, () =>
      startGrpcServer(this.#node, host, settings.grpcPort),
    );
    this.#servers.grpc = grpc.server;
    this.#ports.grpc = grpc.port;
  }

  // What the servers see of the node: the chain, its identity for `status`, and tx submission, which
  // schedules a block for every tx CheckTx admits.
  #serverView(): RpcNode & GrpcNode {
    const encoder = new TextEncoder();
    const validatorPubKey = sha256(encoder.encode(`nilchain-validator:${this.chainId}`));
    const ports = this.#ports;
    const host = this.host;
    return {
      chain: this.#chain,
      nodeId: bytesToHex(sha256(encoder.encode(`nilchain-node:${this.chainId}`)).subarray(0, 20)),
      moniker: "nilchain-devnet",
      get rpcAddress() {
        return `tcp://${host}:${ports.rpc}`;
      },
      validatorPubKey,
      validatorAddress: sha256(validatorPubKey).subarray(0, 20),
      submitTx: (bytes) => {
        this.#assertRunning();
        const submitted = this.#chain.checkTx(bytes);
        if (submitted.result.code === 0) this.#schedule();
        return submitted;
      },
      waitForTx: (hash, timeoutMs) => this.#waitFor(hash.toUpperCase(), timeoutMs),
    };
  }

  #waitFor(hash: string, timeoutMs: number): Promise<IndexedTx | undefined> {
    const found = this.#chain.tx(hash);
    if (found !== undefined || this.#stopped) return Promise.resolve(found);
    return new Promise((resolve) => {
      const resolvers = this.#waiters.get(hash) ?? new Set();
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (tx: IndexedTx | undefined) => {
        clearTimeout(timer);
        resolvers.delete(done);
        if (resolvers.size === 0) this.#waiters.delete(hash);
        resolve(tx);
      };
      resolvers.add(done);
      this.#waiters.set(hash, resolvers);
    });
  }

  #announce(committed: CommittedBlock): void {
    for (const tx of committed.txs) {
      for (const resolve of [...(this.#waiters.get(tx.hash) ?? [])]) resolve(tx);
    }
  }

  // The next block comes one interval after the previous one, so a burst of txs shares a block.
  #schedule(): void {
    if (this.#paused || this.#stopped || this.#timer !== undefined) return;
    const last = this.#chain.latestBlock?.time.getTime() ?? 0;
    const delay = Math.max(0, last + this.#intervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#emptyBlocks || this.#chain.hasPendingWork) this.produceBlock();
    }, delay);
  }

  #assertRunning(): void {
    if (this.#stopped) throw new UnavailableError("the chain is stopped");
  }
}

/**
 * Starts a chain; the same as {@link NilChain.start}.
 *
 * @example
 * ```ts
 * import { startChain } from "@nillion/devnet";
 *
 * const chain = await startChain({ rpcPort: 0, proxyPort: 0, grpcPort: 0, dataDir: "/tmp/devnet" });
 * console.log(chain.urls.rpc, chain.keys[0].privateKey);
 * ```
 */
export function startChain(options?: NilChainOptions): Promise<NilChain> {
  return NilChain.start(options);
}

type Settings = ReturnType<typeof validate>;

function validate(options: NilChainOptions) {
  const {
    chainId = DEVNET_CHAIN_ID,
    host = "127.0.0.1",
    blockIntervalMs = 100,
    emptyBlocks = false,
  } = options;
  if (typeof chainId !== "string" || !/^[a-zA-Z0-9._-]{1,50}$/.test(chainId)) {
    throw new InvalidArgumentError(
      `"chainId" must be 1 to 50 letters, digits, ".", "_" or "-", got ${String(chainId)}`,
      {
        argument: "chainId",
      },
    );
  }
  const port = (name: "rpcPort" | "proxyPort" | "grpcPort", fallback: number) => {
    const value = options[name] ?? fallback;
    if (!Number.isInteger(value) || value < 0 || value > 65_535) {
      throw new InvalidArgumentError(`"${name}" must be an integer in [0, 65535], got ${String(value)}`, {
        argument: name,
      });
    }
    return value;
  };
  if (!Number.isInteger(blockIntervalMs) || blockIntervalMs < 1) {
    throw new InvalidArgumentError(
      `"blockIntervalMs" must be a positive integer, got ${String(blockIntervalMs)}`,
      {
        argument: "blockIntervalMs",
      },
    );
  }
  const accounts = options.accounts ?? [];
  accounts.forEach(({ address, amount }, i) => {
    canonical(address, `accounts[${i}].address`);
    if (typeof amount !== "bigint" || amount < 0n) {
      throw new InvalidArgumentError(`"accounts[${i}].amount" must be a bigint ≥ 0, got ${String(amount)}`, {
        argument: `accounts[${i}].amount`,
      });
    }
  });
  return {
    chainId,
    host,
    blockIntervalMs,
    emptyBlocks,
    accounts,
    rpcPort: port("rpcPort", DEFAULT_PORTS.rpc),
    proxyPort: port("proxyPort", DEFAULT_PORTS.proxy),
    grpcPort: port("grpcPort", DEFAULT_PORTS.grpc),
    dataDir: options.dataDir,
  };
}

function canonical(address: string, argument = "address"): string {
  try {
    return encodeAddress(decodeAddress(address));
  } catch (error) {
    throw new InvalidArgumentError(`"${argument}" is not a nillion address: ${(error as Error).message}`, {
      argument,
      cause: error,
    });
  }
}

async function bind<T>(
  name: string,
  option: string,
  host: string,
  port: number,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw (
      portInUse(error, `the nilchain ${name}`, `chain.${option}`, host, port) ??
      new UnavailableError(`cannot bind the nilchain ${name} to ${host}:${port}`, { cause: error })
    );
  }
}

function closeHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function blockInfo({ block }: CommittedBlock): BlockInfo {
  return {
    height: block.height,
    time: block.time,
    hash: Buffer.from(block.hash).toString("hex").toUpperCase(),
    txHashes: block.txHashes,
  };
}

function txInfo(tx: IndexedTx): TxInfo {
  const { result } = tx;
  return {
    hash: tx.hash,
    height: tx.height,
    index: tx.index,
    time: tx.time,
    code: result.code,
    codespace: result.codespace,
    log: result.log,
    gasWanted: result.gasWanted,
    gasUsed: result.gasUsed,
    events: result.events,
    tx: tx.tx,
  };
}
