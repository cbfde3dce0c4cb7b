import { DirectSecp256k1Wallet, Registry } from "@cosmjs/proto-signing";
import { BroadcastTxError, calculateFee, GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import {
  assertBytes,
  hexToBytes,
  InternalError,
  InvalidArgumentError,
  isBytes,
  isNillionError,
  type NillionError,
  PaymentError,
  UnavailableError,
} from "@nillion/types";
import { abortable, abortReason, delay, throwIfAborted } from "./abort.js";
import { MSG_PAY_FOR_TYPE_URL, type MsgPayForValue, msgPayForType } from "./msg-pay-for.js";
import type { Payer, SubmitPaymentOptions } from "./payer.js";

/**
 * What a payer needs to know of a network. `Network` from `@nillion/vm-client` satisfies it.
 *
 * @example
 * ```ts
 * import type { ChainNetwork } from "@nillion/payments";
 *
 * const devnet: ChainNetwork = { chainId: "nillion-chain-devnet", chainEndpoint: "http://127.0.0.1:48102" };
 * ```
 */
export interface ChainNetwork {
  /** The chain id the payer signs for, e.g. `"nillion-chain-devnet"`; the chain must report the same. */
  readonly chainId: string;
  /** CometBFT JSON-RPC URL of nilchain (`http://` or `https://`). */
  readonly chainEndpoint: string;
}

/**
 * Options of {@link NilChainPayer.connect}.
 *
 * @example
 * ```ts
 * import type { NilChainPayerOptions } from "@nillion/payments";
 *
 * const options: NilChainPayerOptions = { gasLimit: 200_000n, queryTimeoutSeconds: 60 };
 * ```
 */
export interface NilChainPayerOptions {
  /**
   * Gas limit of every payment. Default: simulate the transaction and allow 1.4 × the gas it used (what
   * cosmjs's `"auto"` fee does), which costs one more chain query per payment.
   */
  readonly gasLimit?: bigint;
  /** bech32 prefix of the wallet address (default `"nillion"`). */
  readonly walletPrefix?: string;
  /** How long to wait for a broadcast transaction to be included, in seconds (default 30). */
  readonly queryTimeoutSeconds?: number;
  /** How often to look for the transaction while waiting, in milliseconds (default 200: devnet blocks are fast). */
  readonly pollIntervalMs?: number;
  /** Gas price, e.g. `"0.025unil"` (default `"0unil"`: nilchain's minimum gas price is zero). */
  readonly gasPrice?: string;
}

const DEFAULTS = { walletPrefix: "nillion", queryTimeoutSeconds: 30, pollIntervalMs: 200, gasPrice: "0unil" };
// cosmjs's margin over simulated gas: the simulation runs without the signature.
const SIMULATED_GAS_MULTIPLIER = 1.4;
const DENOM = "unil";

interface Settings {
  readonly gasLimit: bigint | undefined;
  readonly gasPrice: GasPrice;
  readonly queryTimeoutMs: number;
  readonly pollIntervalMs: number;
}

/**
 * Pays on nilchain with `MsgPayFor` transactions, signed with a secp256k1 key (SIGN_MODE_DIRECT) and sent
 * through the chain's CometBFT JSON-RPC with cosmjs. A payment counts only once its transaction is in a
 * block with result code 0. Payments from one payer run one after another, so they never race for the
 * account sequence.
 *
 * @example
 * ```ts
 * import { NilChainPayer } from "@nillion/payments";
 *
 * const payer = await NilChainPayer.connect(
 *   { chainId: "nillion-chain-devnet", chainEndpoint: "http://127.0.0.1:48102" },
 *   "9a975f567428d054f2bf3092812e6c42f901ce07d9711bc77ee2cd81101f42c5",
 * );
 * payer.walletAddress; // "nillion14x7fd38t8wvh2ypy2fph270wkv8g754tjcny5j"
 * const txHash = await payer.submitPayment(1_000_000n, quote.quote.nonce);
 * payer.disconnect();
 * ```
 */
export class NilChainPayer implements Payer {
  /** bech32 address of the paying wallet. */
  readonly walletAddress: string;
  /**
   * The longest `submitPayment` waits for inclusion, in milliseconds: `queryTimeoutSeconds`, plus the
   * poll that may start just before that deadline.
   */
  readonly inclusionTimeoutMs: number;
  readonly #client: SigningStargateClient;
  readonly #endpoint: string;
  readonly #settings: Settings;
  // Settles when the last payment submitted so far has settled; never rejects.
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    client: SigningStargateClient,
    walletAddress: string,
    endpoint: string,
    settings: Settings,
  ) {
    this.#client = client;
    this.walletAddress = walletAddress;
    this.#endpoint = endpoint;
    this.#settings = settings;
    this.inclusionTimeoutMs = settings.queryTimeoutMs + settings.pollIntervalMs;
  }

  /**
   * Connects to the chain and checks that it is the network's chain.
   *
   * @param network chain id and CometBFT JSON-RPC URL
   * @param walletPrivateKey the secp256k1 key: 32 bytes, or 64 hex digits
   * @throws {InvalidArgumentError} for a malformed key, option or endpoint, or a chain whose id differs
   * @throws {UnavailableError} when the chain cannot be reached
   */
  static async connect(
    network: ChainNetwork,
    walletPrivateKey: Uint8Array | string,
    options: NilChainPayerOptions = {},
  ): Promise<NilChainPayer> {
    const endpoint = checkNetwork(network);
    const settings = checkOptions(options);
    const walletPrefix = options.walletPrefix ?? DEFAULTS.walletPrefix;
    const wallet = await DirectSecp256k1Wallet.fromKey(privateKeyBytes(walletPrivateKey), walletPrefix).catch(
      (cause: unknown) => {
        // cosmjs names the key in its message; never repeat a secret.
        throw new InvalidArgumentError("walletPrivateKey is not a valid secp256k1 private key", {
          argument: "walletPrivateKey",
          cause,
        });
      },
    );
    const [account] = await wallet.getAccounts();
    if (account === undefined) throw new InternalError("the cosmjs wallet has no account");
    const registry = new Registry([[MSG_PAY_FOR_TYPE_URL, msgPayForType]]);
    let client: SigningStargateClient;
    let chainId: string;
    try {
      client = await SigningStargateClient.connectWithSigner(endpoint, wallet, { registry });
      chainId = await client.getChainId();
    } catch (cause) {
      throw unreachable(endpoint, cause);
    }
    if (chainId !== network.chainId) {
      client.disconnect();
      throw new InvalidArgumentError(
        `network.chainId is "${network.chainId}", but the chain at ${endpoint} is "${chainId}"`,
        { argument: "network", details: { expected: network.chainId, actual: chainId } },
      );
    }
    return new NilChainPayer(client, account.address, endpoint, settings);
  }

  /**
   * Pays `amount` unil for `resource` and waits until the transaction is included.
   *
   * @returns the transaction hash, 64 uppercase hex digits
   * @throws {PaymentError} when the chain refuses the transaction (simulation, CheckTx or in the block,
   *   with `details.code` and the chain's log), or it is not included within `queryTimeoutSeconds`
   *   (`details.txHash`: it may still be included later)
   * @throws {UnavailableError} when the chain cannot be reached
   * @throws the signal's reason when `options.signal` aborts
   */
  async submitPayment(
    amount: bigint,
    resource: Uint8Array,
    options: SubmitPaymentOptions = {},
  ): Promise<string> {
    if (typeof amount !== "bigint" || amount <= 0n) {
      throw new InvalidArgumentError(`amount must be a positive bigint (unil), got ${String(amount)}`, {
        argument: "amount",
      });
    }
    assertBytes(resource, "resource");
    const gasLimit = options.gasLimit ?? this.#settings.gasLimit;
    if (options.gasLimit !== undefined) checkGasLimit(options.gasLimit, "options.gasLimit");
    const message = {
      typeUrl: MSG_PAY_FOR_TYPE_URL,
      value: {
        resource,
        fromAddress: this.walletAddress,
        amount: [{ denom: DENOM, amount: amount.toString() }],
      } satisfies MsgPayForValue,
    };
    // Wait for the previous payment (an abort stops the wait), then pay; the next payment waits for both.
    const turn = this.#queue;
    const payment = abortable(turn, options.signal).then(() =>
      this.#pay(message, amount, gasLimit, options.signal),
    );
    this.#queue = turn.then(() => payment).catch(() => undefined);
    return payment;
  }

  /**
   * The wallet's spendable balance in unil.
   *
   * @throws {UnavailableError} when the chain cannot be reached
   */
  async balance(): Promise<bigint> {
    try {
      const coin = await this.#client.getBalance(this.walletAddress, DENOM);
      return BigInt(coin.amount);
    } catch (cause) {
      throw unreachable(this.#endpoint, cause);
    }
  }

  /** Closes the connection to the chain. */
  disconnect(): void {
    this.#client.disconnect();
  }

  async #pay(
    message: { typeUrl: string; value: MsgPayForValue },
    amount: bigint,
    gasLimit: bigint | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    throwIfAborted(signal);
    const what = `payment of ${amount} unil from ${this.walletAddress}`;
    let txHash: string;
    try {
      const gas = gasLimit ?? (await this.#simulate(message, signal));
      const fee = calculateFee(Number(gas), this.#settings.gasPrice);
      throwIfAborted(signal);
      // Sign and broadcast form one step: an abort in the middle must not leave a signed tx unsent.
      txHash = await this.#client.signAndBroadcastSync(this.walletAddress, [message], fee, "");
    } catch (cause) {
      if (signal?.aborted) throw abortReason(signal);
      throw refused(what, this.#endpoint, cause);
    }
    return this.#awaitInclusion(txHash, what, signal);
  }

  async #simulate(message: { typeUrl: string; value: MsgPayForValue }, signal: AbortSignal | undefined) {
    const used = await abortable(this.#client.simulate(this.walletAddress, [message], ""), signal);
    return BigInt(Math.ceil(used * SIMULATED_GAS_MULTIPLIER));
  }

  async #awaitInclusion(txHash: string, what: string, signal: AbortSignal | undefined): Promise<string> {
    const deadline = Date.now() + this.#settings.queryTimeoutMs;
    for (;;) {
      await delay(this.#settings.pollIntervalMs, signal);
      let included: Awaited<ReturnType<SigningStargateClient["getTx"]>>;
      try {
        included = await abortable(this.#client.getTx(txHash), signal);
      } catch (cause) {
        if (signal?.aborted) throw abortReason(signal);
        throw unreachable(this.#endpoint, cause, { txHash });
      }
      if (included !== null) {
        if (included.code !== 0) {
          throw new PaymentError(
            `${what} failed in block ${included.height} with code ${included.code}: ${included.rawLog}`,
            { details: { txHash, code: included.code, log: included.rawLog, height: included.height } },
          );
        }
        return txHash;
      }
      if (Date.now() >= deadline) {
        throw new PaymentError(
          `${what} was broadcast as tx ${txHash} but not included within ${this.#settings.queryTimeoutMs / 1000} s; it may still be included later`,
          { details: { txHash } },
        );
      }
    }
  }
}

function checkNetwork(network: ChainNetwork): string {
  if (typeof network !== "object" || network === null) {
    throw new InvalidArgumentError("network must be an object with chainId and chainEndpoint", {
      argument: "network",
    });
  }
  if (typeof network.chainId !== "string" || network.chainId === "") {
    throw new InvalidArgumentError("network.chainId must be a non-empty string", { argument: "network" });
  }
  const endpoint = network.chainEndpoint;
  if (typeof endpoint !== "string" || !/^https?:\/\//.test(endpoint)) {
    throw new InvalidArgumentError(
      `network.chainEndpoint must be an http(s) URL of the CometBFT JSON-RPC, got ${JSON.stringify(endpoint)}`,
      { argument: "network" },
    );
  }
  return endpoint;
}

function checkOptions(options: NilChainPayerOptions): Settings {
  if (options.gasLimit !== undefined) checkGasLimit(options.gasLimit, "options.gasLimit");
  const walletPrefix = options.walletPrefix ?? DEFAULTS.walletPrefix;
  if (typeof walletPrefix !== "string" || !/^[a-z]+$/.test(walletPrefix)) {
    throw new InvalidArgumentError(
      `options.walletPrefix must be lowercase letters, got ${JSON.stringify(walletPrefix)}`,
      {
        argument: "options.walletPrefix",
      },
    );
  }
  const queryTimeoutSeconds = options.queryTimeoutSeconds ?? DEFAULTS.queryTimeoutSeconds;
  if (!(Number.isFinite(queryTimeoutSeconds) && queryTimeoutSeconds > 0)) {
    throw new InvalidArgumentError(
      `options.queryTimeoutSeconds must be a positive number, got ${queryTimeoutSeconds}`,
      {
        argument: "options.queryTimeoutSeconds",
      },
    );
  }
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
  if (!(Number.isFinite(pollIntervalMs) && pollIntervalMs >= 0)) {
    throw new InvalidArgumentError(`options.pollIntervalMs must be a number ≥ 0, got ${pollIntervalMs}`, {
      argument: "options.pollIntervalMs",
    });
  }
  let gasPrice: GasPrice;
  try {
    gasPrice = GasPrice.fromString(options.gasPrice ?? DEFAULTS.gasPrice);
  } catch (cause) {
    throw new InvalidArgumentError(
      `options.gasPrice must look like "0.025unil", got ${JSON.stringify(options.gasPrice)}`,
      {
        argument: "options.gasPrice",
        cause,
      },
    );
  }
  return { gasLimit: options.gasLimit, gasPrice, queryTimeoutMs: queryTimeoutSeconds * 1000, pollIntervalMs };
}

function checkGasLimit(gasLimit: bigint, argument: string): void {
  if (typeof gasLimit !== "bigint" || gasLimit <= 0n || gasLimit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidArgumentError(
      `${argument} must be a positive bigint below 2^53, got ${String(gasLimit)}`,
      {
        argument,
      },
    );
  }
}

function privateKeyBytes(key: Uint8Array | string): Uint8Array {
  if (typeof key === "string") {
    if (!/^[0-9a-fA-F]{64}$/.test(key)) {
      throw new InvalidArgumentError("walletPrivateKey must be 64 hex digits (no 0x prefix) or 32 bytes", {
        argument: "walletPrivateKey",
      });
    }
    return hexToBytes(key, "walletPrivateKey");
  }
  if (!isBytes(key) || key.length !== 32) {
    throw new InvalidArgumentError("walletPrivateKey must be 32 bytes or 64 hex digits", {
      argument: "walletPrivateKey",
    });
  }
  return key;
}

function unreachable(endpoint: string, cause: unknown, details: Record<string, unknown> = {}): NillionError {
  if (isNillionError(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new UnavailableError(`nilchain at ${endpoint} failed: ${reason}`, {
    cause,
    details: { endpoint, ...details },
  });
}

// cosmjs's texts for a query the chain answered with an error, and for an account the chain never saw.
const QUERY_FAILED = /^Query failed with \((\d+)\): ([\s\S]*)$/;
const NO_ACCOUNT = "does not exist on chain";

/** A failure before the transaction was in a block: the chain refused it, or could not be reached. */
function refused(what: string, endpoint: string, cause: unknown): NillionError {
  if (isNillionError(cause)) return cause;
  if (cause instanceof BroadcastTxError) {
    return new PaymentError(
      `${what} was refused by the chain with code ${cause.code} (codespace ${cause.codespace}): ${cause.log ?? ""}`,
      { cause, details: { code: cause.code, codespace: cause.codespace, log: cause.log ?? "" } },
    );
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const query = QUERY_FAILED.exec(message);
  if (query !== null) {
    return new PaymentError(`${what} was refused by the chain with code ${query[1]}: ${query[2]}`, {
      cause,
      details: { code: Number(query[1]), log: query[2] },
    });
  }
  if (message.includes(NO_ACCOUNT)) {
    return new PaymentError(`${what} failed: the wallet has never been funded on the chain`, { cause });
  }
  return unreachable(endpoint, cause);
}
