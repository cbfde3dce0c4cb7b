import type { OfflineDirectSigner } from "@cosmjs/proto-signing";
import {
  assertBytes,
  bytesToHex,
  hexToBytes,
  InvalidArgumentError,
  isBytes,
  isNillionError,
  type NillionError,
  PaymentError,
  UnavailableError,
} from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import { abortable, abortReason, delay, throwIfAborted } from "./abort.js";
import { base64ToBytes } from "./base64.js";
import { AbciQueryError, CometRpc, NotCometRpcError } from "./comet-rpc.js";
import {
  decodeBalanceAmount,
  decodeBaseAccount,
  decodeSimulateGasUsed,
  encodeAccountRequest,
  encodeAuthInfo,
  encodeBalanceRequest,
  encodeSimulateRequest,
  encodeTxBody,
  encodeTxRaw,
  SIGN_MODE_DIRECT,
  SIGN_MODE_UNSPECIFIED,
} from "./cosmos-codec.js";
import { type GasPrice, parseGasPrice } from "./gas-price.js";
import { DENOM, type MsgPayForEncodeObject, payForAny, payForMessage } from "./msg-pay-for.js";
import type { Payer, SubmitPaymentOptions } from "./payer.js";
import { privateKeySigner } from "./private-key-signer.js";

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
  /**
   * The longest pause between two looks for the transaction while waiting, in milliseconds (default 200:
   * devnet blocks are fast). The first look comes after 25 ms (or this, if less), each pause 1.25 × the
   * one before.
   */
  readonly pollIntervalMs?: number;
  /** Gas price, e.g. `"0.025unil"` (default `"0unil"`: nilchain's minimum gas price is zero). */
  readonly gasPrice?: string;
}

const DEFAULTS = { walletPrefix: "nillion", queryTimeoutSeconds: 30, pollIntervalMs: 200, gasPrice: "0unil" };
// A broadcast tx lands in the next block: within 100 ms on the devnet, a few seconds on a public chain.
// Looking first after 25 ms and then 1.25 × later each time, up to pollIntervalMs, sees it at most
// ~50 ms after its block on a fast chain (10 looks in the first 0.8 s) and asks a slow one at most once
// per pollIntervalMs.
const FIRST_POLL_MS = 25;
const POLL_GROWTH = 1.25;
// cosmjs's margin over simulated gas: the simulation runs without the signature.
const SIMULATED_GAS_MULTIPLIER = 1.4;

interface Settings {
  readonly gasLimit: bigint | undefined;
  readonly gasPrice: GasPrice;
  readonly queryTimeoutMs: number;
  readonly pollIntervalMs: number;
}

interface SignerAccount {
  readonly address: string;
  readonly publicKey: Uint8Array;
}

/**
 * Pays on nilchain with `MsgPayFor` transactions signed in SIGN_MODE_DIRECT by a cosmjs
 * `OfflineDirectSigner` — a raw secp256k1 key, a cosmjs wallet (`DirectSecp256k1HdWallet` for a mnemonic)
 * or a browser extension's signer (Keplr's and Leap's `getOfflineSigner(chainId)`) — and sent through the
 * chain's CometBFT JSON-RPC with `fetch`. A payment counts only once its transaction is in a block with
 * result code 0. Payments from one payer run one after another, so they never race for the account
 * sequence.
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
 * ```
 */
export class NilChainPayer implements Payer {
  /** bech32 address of the paying wallet. */
  readonly walletAddress: string;
  /**
   * The longest `submitPayment` waits for inclusion, in milliseconds: `queryTimeoutSeconds`, plus one
   * `pollIntervalMs` for the answer to the last look, which is made at that deadline.
   */
  readonly inclusionTimeoutMs: number;
  readonly #rpc: CometRpc;
  readonly #signer: OfflineDirectSigner;
  readonly #publicKey: Uint8Array;
  readonly #chainId: string;
  readonly #settings: Settings;
  // Settles when the last payment submitted so far has settled; never rejects.
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    rpc: CometRpc,
    signer: OfflineDirectSigner,
    account: SignerAccount,
    chainId: string,
    settings: Settings,
  ) {
    this.#rpc = rpc;
    this.#signer = signer;
    this.walletAddress = account.address;
    this.#publicKey = account.publicKey;
    this.#chainId = chainId;
    this.#settings = settings;
    this.inclusionTimeoutMs = settings.queryTimeoutMs + settings.pollIntervalMs;
  }

  /**
   * Connects to the chain with a raw secp256k1 key and checks that it is the network's chain.
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
    checkNetwork(network);
    checkOptions(options);
    let signer: OfflineDirectSigner;
    try {
      signer = privateKeySigner(
        privateKeyBytes(walletPrivateKey),
        options.walletPrefix ?? DEFAULTS.walletPrefix,
      );
    } catch (cause) {
      if (cause instanceof InvalidArgumentError && cause.argument === "walletPrivateKey") throw cause;
      // Never repeat a secret: the message names the rule only.
      throw new InvalidArgumentError("walletPrivateKey is not a valid secp256k1 private key", {
        argument: "walletPrivateKey",
        cause,
      });
    }
    return NilChainPayer.connectWithSigner(network, signer, options);
  }

  /**
   * Connects to the chain with any cosmjs `OfflineDirectSigner` and checks that it is the network's
   * chain. The signer's first account pays; it must be a secp256k1 account. `options.walletPrefix` does not
   * apply: the address is the signer's.
   *
   * @param signer e.g. `await DirectSecp256k1HdWallet.fromMnemonic(words, { prefix: "nillion" })`, or
   *   `window.keplr.getOfflineSigner(chainId)` in a browser
   * @throws {InvalidArgumentError} (`argument: "signer"`) for an object that is not a direct signer, or an
   *   account that is not secp256k1; for a malformed option or endpoint, or a chain whose id differs
   * @throws {PaymentError} when the signer refuses to tell its accounts (e.g. the user declined)
   * @throws {UnavailableError} when the chain cannot be reached
   *
   * @example
   * ```ts
   * import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
   * import { NilChainPayer } from "@nillion/payments";
   *
   * const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "nillion" });
   * const payer = await NilChainPayer.connectWithSigner(network, wallet);
   * ```
   */
  static async connectWithSigner(
    network: ChainNetwork,
    signer: OfflineDirectSigner,
    options: NilChainPayerOptions = {},
  ): Promise<NilChainPayer> {
    const endpoint = checkNetwork(network);
    const settings = checkOptions(options);
    const account = await signerAccount(signer);
    const rpc = new CometRpc(endpoint);
    let chainId: string;
    try {
      chainId = await rpc.chainId();
    } catch (cause) {
      if (cause instanceof NotCometRpcError) {
        // Something answered at the URL the caller typed: it is the wrong URL, not a failing chain.
        throw new InvalidArgumentError(
          `network.chainEndpoint ${endpoint} answered ${cause.answered} to the CometBFT JSON-RPC call "${cause.method}": expected the chain's JSON-RPC URL (the network file's nilchain RPC, e.g. http://127.0.0.1:26648 on a default devnet), not e.g. a nilvm node's gRPC URL`,
          { argument: "network.chainEndpoint", cause, details: { endpoint, answered: cause.answered } },
        );
      }
      throw unreachable(endpoint, cause);
    }
    if (chainId !== network.chainId) {
      throw new InvalidArgumentError(
        `network.chainId is "${network.chainId}", but the chain at ${endpoint} is "${chainId}"`,
        { argument: "network", details: { expected: network.chainId, actual: chainId } },
      );
    }
    return new NilChainPayer(rpc, signer, account, chainId, settings);
  }

  /**
   * The `MsgPayFor` this payer would send for `amount` unil from `address` for `resource`, as the Python
   * client's `NilChainPayer.prepare_msg` builds it: for paying from a wallet stack of your own.
   *
   * @throws {InvalidArgumentError} naming `resource`, `fromAddress` or `amount`
   *
   * @example
   * ```ts
   * const message = NilChainPayer.prepareMsg(quote.quote.nonce, wallet.address, quote.tokens);
   * await stargateClient.signAndBroadcast(wallet.address, [message], "auto"); // registry: msgPayForType
   * ```
   */
  static prepareMsg(resource: Uint8Array, address: string, amount: bigint): MsgPayForEncodeObject {
    return payForMessage(resource, address, amount);
  }

  /**
   * Pays `amount` unil for `resource` and waits until the transaction is included.
   *
   * @returns the transaction hash, 64 uppercase hex digits
   * @throws {PaymentError} when the signer refuses to sign (nothing is sent), or the chain refuses the
   *   transaction (simulation, CheckTx or in the block, with `details.code` and the chain's log), or it is
   *   not included within `queryTimeoutSeconds` (`details.txHash`: it may still be included later)
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
    const message = payForMessage(resource, this.walletAddress, amount);
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
      const value = await this.#rpc.abciQuery(
        "/cosmos.bank.v1beta1.Query/Balance",
        encodeBalanceRequest(this.walletAddress, DENOM),
      );
      return BigInt(decodeBalanceAmount(value));
    } catch (cause) {
      throw unreachable(this.#rpc.endpoint, cause);
    }
  }

  /**
   * Kept for code written against the cosmjs-based payer: requests go over `fetch`, so no connection
   * stays open and there is nothing to close.
   */
  disconnect(): void {}

  async #pay(
    message: MsgPayForEncodeObject,
    amount: bigint,
    gasLimit: bigint | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    throwIfAborted(signal);
    const what = `payment of ${amount} unil from ${this.walletAddress}`;
    const endpoint = this.#rpc.endpoint;
    const bodyBytes = encodeTxBody([payForAny(message)], "");
    let signed: { bodyBytes: Uint8Array; authInfoBytes: Uint8Array; signature: Uint8Array };
    try {
      const account = await this.#account(what, signal);
      const gas = gasLimit ?? (await this.#simulate(bodyBytes, account.sequence, signal));
      const authInfoBytes = encodeAuthInfo({
        publicKey: this.#publicKey,
        sequence: account.sequence,
        signMode: SIGN_MODE_DIRECT,
        fee: { amount: [this.#settings.gasPrice.feeFor(gas)], gasLimit: gas },
      });
      throwIfAborted(signal);
      signed = await this.#sign(what, bodyBytes, authInfoBytes, account.accountNumber, signal);
    } catch (cause) {
      if (signal?.aborted) throw abortReason(signal);
      throw refused(what, endpoint, cause);
    }
    // From here the transaction is on its way: an abort no longer stops the broadcast, only the wait.
    const tx = encodeTxRaw(signed.bodyBytes, signed.authInfoBytes, [signed.signature]);
    const txHash = bytesToHex(sha256(tx)).toUpperCase();
    let checked: Awaited<ReturnType<CometRpc["broadcastTxSync"]>>;
    try {
      checked = await this.#rpc.broadcastTxSync(tx);
    } catch (cause) {
      throw unreachable(endpoint, cause, { txHash });
    }
    if (checked.code !== 0) {
      const { code, codespace, log } = checked;
      throw new PaymentError(
        `${what} was refused by the chain with code ${code} (codespace ${codespace}): ${log}`,
        { details: { code, codespace, log } },
      );
    }
    return this.#awaitInclusion(txHash, what, signal);
  }

  async #account(what: string, signal: AbortSignal | undefined) {
    try {
      const value = await this.#rpc.abciQuery(
        "/cosmos.auth.v1beta1.Query/Account",
        encodeAccountRequest(this.walletAddress),
        signal,
      );
      return decodeBaseAccount(value);
    } catch (cause) {
      if (cause instanceof AbciQueryError && /NotFound/.test(cause.log)) {
        throw new PaymentError(`${what} failed: the wallet has never been funded on the chain`, { cause });
      }
      throw cause;
    }
  }

  async #simulate(bodyBytes: Uint8Array, sequence: bigint, signal: AbortSignal | undefined): Promise<bigint> {
    // As cosmjs simulates: no fee, sign mode unspecified, one empty signature.
    const authInfoBytes = encodeAuthInfo({
      publicKey: this.#publicKey,
      sequence,
      signMode: SIGN_MODE_UNSPECIFIED,
    });
    const value = await this.#rpc.abciQuery(
      "/cosmos.tx.v1beta1.Service/Simulate",
      encodeSimulateRequest(encodeTxRaw(bodyBytes, authInfoBytes, [new Uint8Array()])),
      signal,
    );
    const used = Number(decodeSimulateGasUsed(value));
    return BigInt(Math.ceil(used * SIMULATED_GAS_MULTIPLIER));
  }

  /** Asks the signer; a wallet may change the fee or memo, so what it signed is what is sent. */
  async #sign(
    what: string,
    bodyBytes: Uint8Array,
    authInfoBytes: Uint8Array,
    accountNumber: bigint,
    signal: AbortSignal | undefined,
  ) {
    let response: Awaited<ReturnType<OfflineDirectSigner["signDirect"]>>;
    try {
      response = await abortable(
        this.#signer.signDirect(this.walletAddress, {
          bodyBytes,
          authInfoBytes,
          chainId: this.#chainId,
          accountNumber,
        }),
        signal,
      );
    } catch (cause) {
      if (signal?.aborted) throw abortReason(signal);
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new PaymentError(`${what} was not signed: the signer refused (${reason}); nothing was sent`, {
        cause,
        details: { reason: "signer-refused" },
      });
    }
    let signature: Uint8Array;
    try {
      signature = base64ToBytes(response.signature.signature);
    } catch (cause) {
      throw new PaymentError(`${what} was not sent: the signer's signature is not base64`, { cause });
    }
    return { bodyBytes: response.signed.bodyBytes, authInfoBytes: response.signed.authInfoBytes, signature };
  }

  async #awaitInclusion(txHash: string, what: string, signal: AbortSignal | undefined): Promise<string> {
    const { queryTimeoutMs, pollIntervalMs } = this.#settings;
    const deadline = Date.now() + queryTimeoutMs;
    let pause = Math.min(FIRST_POLL_MS, pollIntervalMs);
    for (;;) {
      // The last look is at the deadline, not a pause past it.
      await delay(Math.max(0, Math.min(pause, deadline - Date.now())), signal);
      pause = Math.min(pause * POLL_GROWTH, pollIntervalMs);
      let included: Awaited<ReturnType<CometRpc["findTx"]>>;
      try {
        included = await this.#rpc.findTx(txHash, signal);
      } catch (cause) {
        if (signal?.aborted) throw abortReason(signal);
        throw unreachable(this.#rpc.endpoint, cause, { txHash });
      }
      if (included !== undefined) {
        if (included.code !== 0) {
          throw new PaymentError(
            `${what} failed in block ${included.height} with code ${included.code}: ${included.log}`,
            { details: { txHash, code: included.code, log: included.log, height: included.height } },
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

/** The signer's first account, checked to be one a nilchain transaction can be signed for. */
async function signerAccount(signer: OfflineDirectSigner): Promise<SignerAccount> {
  if (
    typeof signer !== "object" ||
    signer === null ||
    typeof signer.getAccounts !== "function" ||
    typeof signer.signDirect !== "function"
  ) {
    throw new InvalidArgumentError(
      "signer must be a cosmjs OfflineDirectSigner (getAccounts and signDirect), e.g. a DirectSecp256k1HdWallet or a wallet extension's getOfflineSigner(chainId)",
      { argument: "signer" },
    );
  }
  let accounts: Awaited<ReturnType<OfflineDirectSigner["getAccounts"]>>;
  try {
    accounts = await signer.getAccounts();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PaymentError(`the signer did not give its accounts: ${reason}`, {
      cause,
      details: { reason: "signer-refused" },
    });
  }
  const [account] = accounts;
  if (account === undefined) {
    throw new InvalidArgumentError("signer has no account", { argument: "signer" });
  }
  if (account.algo !== "secp256k1" || !isBytes(account.pubkey) || account.pubkey.length !== 33) {
    throw new InvalidArgumentError(
      `signer's account ${account.address} must be a secp256k1 account with a 33-byte compressed key, got algo ${JSON.stringify(account.algo)}`,
      { argument: "signer" },
    );
  }
  return { address: account.address, publicKey: account.pubkey };
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
    const hint =
      typeof endpoint === "string" && /^[\w.-]+:\d+(\/|$)/.test(endpoint)
        ? `: add the scheme, e.g. "http://${endpoint}"`
        : "";
    throw new InvalidArgumentError(
      `network.chainEndpoint must be an http(s) URL of the CometBFT JSON-RPC, got ${JSON.stringify(endpoint)}${hint}`,
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
    gasPrice = parseGasPrice(options.gasPrice ?? DEFAULTS.gasPrice);
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
  if (cause instanceof NotCometRpcError) {
    return new UnavailableError(`nilchain at ${endpoint} failed: ${cause.message}`, {
      cause,
      details: { endpoint, ...details },
    });
  }
  const reason = fetchFailure(cause);
  const message =
    reason === undefined
      ? `nilchain at ${endpoint} failed: ${cause instanceof Error ? cause.message : String(cause)}`
      : `nilchain JSON-RPC at ${endpoint} could not be reached (${reason}): check that the chain runs and that network.chainEndpoint is its RPC URL (e.g. http://127.0.0.1:26648 on a default devnet)`;
  return new UnavailableError(message, {
    cause,
    details: { endpoint, ...details },
  });
}

/**
 * Why `fetch` could not talk to the server, e.g. `connect ECONNREFUSED 127.0.0.1:1`, or `undefined` for
 * an error that is not a failed fetch. `fetch` itself only says "fetch failed": the reason is its cause.
 */
function fetchFailure(error: unknown): string | undefined {
  if (!(error instanceof TypeError)) return undefined;
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause !== "object" || cause === null) return error.message;
  const { message, code } = cause as { message?: unknown; code?: unknown };
  // Node's happy-eyeballs connect throws an AggregateError whose own message is empty.
  const text = typeof message === "string" && message !== "" ? message : undefined;
  return text ?? (typeof code === "string" ? code : error.message);
}

/** A failure before the transaction was sent: the chain refused it, or could not be reached. */
function refused(what: string, endpoint: string, cause: unknown): NillionError {
  if (isNillionError(cause)) return cause;
  if (cause instanceof AbciQueryError) {
    return new PaymentError(`${what} was refused by the chain with code ${cause.code}: ${cause.log}`, {
      cause,
      details: { code: cause.code, log: cause.log },
    });
  }
  return unreachable(endpoint, cause);
}
