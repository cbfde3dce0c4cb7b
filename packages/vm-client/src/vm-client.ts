import type { Signer } from "@nillion/crypto";
import type { CompilableProgram } from "@nillion/nada";
import type { AccountBalance, Payer, PaymentMode, Quote } from "@nillion/payments";
import type { SignedQuote } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import {
  type ComputeId,
  type EcdsaSignature,
  type EddsaSignature,
  type InputPartyBinding,
  InvalidArgumentError,
  isUserId,
  type NadaValues,
  type OutputPartyBinding,
  type Permissions,
  type PermissionsDelta,
  type ProgramId,
  type UserId,
  type ValuesId,
} from "@nillion/types";
import type { CallOptions } from "./call-options.js";
import type { Cluster } from "./cluster.js";
import type { CompositeOperation } from "./composite-operation.js";
import { connectSession } from "./connect-session.js";
import type { Network } from "./network.js";
import { callNode } from "./node-call.js";
import { fetchNodeVersion, type NodeVersion, nodeVersionFromMessage } from "./node-version.js";
import type { FreeOperation, PayableOperation } from "./operation.js";
import { type ComputeOptions, compute, invokeCompute } from "./operations/compute.js";
import { deleteValues, invokeDeleteValues } from "./operations/delete-values.js";
import {
  type GenerateThresholdKeyRequest,
  generateThresholdKey,
  type ThresholdKey,
  type ThresholdPublicKeys,
} from "./operations/generate-threshold-key.js";
import {
  invokeOverwritePermissions,
  invokeRetrievePermissions,
  invokeUpdatePermissions,
  overwritePermissions,
  retrievePermissions,
  updatePermissions,
} from "./operations/permissions-operations.js";
import { invokePoolStatus, type PoolStatus, poolStatus } from "./operations/pool-status.js";
import {
  invokeRetrieveComputeResults,
  retrieveComputeResults,
} from "./operations/retrieve-compute-results.js";
import { invokeRetrieveValues, retrieveValues } from "./operations/retrieve-values.js";
import { type SignDigestRequest, signDigest } from "./operations/sign-digest.js";
import { type SignMessageRequest, signMessage } from "./operations/sign-message.js";
import { invokeStoreProgram, storeProgram } from "./operations/store-program.js";
import {
  type InvokeStoreValuesOptions,
  invokeStoreValues,
  type StoreValuesOptions,
  storeValues,
} from "./operations/store-values.js";
import type { ThresholdCurve } from "./operations/threshold-curve.js";
import { type ThresholdPublicKeyRequest, thresholdPublicKey } from "./operations/threshold-public-key.js";
import type { Session } from "./session.js";
import type { VmClientOptions } from "./vm-client-options.js";

/**
 * The client of a nilvm network: store, retrieve, update and delete secret values, manage their
 * permissions, upload programs, run computations and fetch their results, and query the preprocessing
 * pool. Secrets are masked into one share set per node before they leave the process, and unmasked
 * only when every node's shares are back.
 *
 * Each operation returns an operation object: `invoke()` runs it (quoting and paying first when the
 * network charges for it), `quote()` shows the price before paying. Every failure is one of the SDK's
 * errors (`@nillion/types`), naming the node, its status and its message.
 *
 * @example
 * ```ts
 * import { PrivateKey } from "@nillion/crypto";
 * import { NilChainPayer } from "@nillion/payments";
 * import { SecretInteger } from "@nillion/types";
 * import { Network, VmClient } from "@nillion/vm-client";
 *
 * const network = Network.devnet("http://127.0.0.1:37939", "http://127.0.0.1:48102");
 * const payer = await NilChainPayer.connect(network, walletKeyHex);
 * const client = await VmClient.create(PrivateKey.generate(), network, payer);
 * const id = await client.storeValues({ age: new SecretInteger(42n) }, { ttlDays: 1 }).invoke();
 * const { age } = await client.retrieveValues(id).invoke();
 * client.close();
 * ```
 */
export class VmClient {
  /** The network this client was created for. */
  readonly network: Network;
  /** The user this client acts as: derived from the key's public key. */
  readonly userId: UserId;
  /** The cluster, as the bootnode described it. */
  readonly cluster: Cluster;
  /** How operations are paid for (see `VmClientOptions.paymentMode`). */
  readonly paymentMode: PaymentMode;
  readonly #session: Session;
  readonly #close: () => void;

  private constructor(network: Network, session: Session, close: () => void) {
    this.network = network;
    this.#session = session;
    this.#close = close;
    this.userId = session.userId;
    this.cluster = session.cluster;
    this.paymentMode = session.payments.mode;
  }

  /**
   * Connects to `network`: fetches the cluster from the bootnode, opens an authenticated transport to
   * every node and to the leader, and picks the payment mode from the leader's version.
   *
   * @param key the identity the client acts as (a secp256k1 `PrivateKey`, an `Ed25519PrivateKey`, or any
   * `Signer`)
   * @param payer pays for operations on nilchain (and tops up the balance)
   * @throws {InvalidArgumentError} naming a bad argument or option, or `network.nilvmGrpcEndpoint` when the
   * bootnode does not speak gRPC over HTTP/2 (e.g. it is the chain's JSON-RPC port)
   * @throws {UnavailableError} when the bootnode or leader cannot be reached (after retries)
   * @throws {InternalError} when the bootnode describes an unusable cluster
   *
   * @example
   * ```ts
   * import { PrivateKey } from "@nillion/crypto";
   * import { NilChainPayer } from "@nillion/payments";
   * import { Network, VmClient } from "@nillion/vm-client";
   *
   * const network = Network.fromConfig("devnet");
   * const payer = await NilChainPayer.connect(network, process.env.NILLION_NILCHAIN_PRIVATE_KEY_0 ?? "");
   * const client = await VmClient.create(PrivateKey.fromSeed("alice"), network, payer, { timeoutMs: 10_000 });
   * ```
   */
  static async create(
    key: Signer,
    network: Network,
    payer: Payer,
    options: VmClientOptions = {},
  ): Promise<VmClient> {
    const { session, close } = await connectSession(key, network, payer, options);
    return new VmClient(network, session, close);
  }

  /**
   * Closes the connections the client opened. Operations started afterwards are refused.
   *
   * @example
   * ```ts
   * const client = await VmClient.create(key, network, payer);
   * try {
   *   await client.poolStatus().invoke();
   * } finally {
   *   client.close();
   * }
   * ```
   */
  close(): void {
    this.#session.close();
    this.#close();
  }

  /**
   * Stores named values. Secrets are masked: each node receives only its own shares; public values are
   * sent to every node as they are. Needs `update` rights when `updateIdentifier` is set.
   *
   * @param values at least one value, e.g. `{ age: new SecretInteger(42n), limit: new Integer(100n) }`
   * @param options `ttlDays` (required), `permissions`, `updateIdentifier`
   * @returns the operation; invoked, it resolves to the values' id
   *
   * @example
   * ```ts
   * import { Integer, SecretInteger } from "@nillion/types";
   *
   * const id = await client.storeValues({ foo: new SecretInteger(42n), bar: new Integer(1337n) }, { ttlDays: 1 }).invoke();
   * ```
   */
  storeValues(values: NadaValues, options: StoreValuesOptions): PayableOperation<ValuesId> {
    return storeValues(this.#session, values, options);
  }

  /**
   * Retrieves stored values, unmasking the secrets from every node's shares. Needs `retrieve` rights.
   *
   * @param id the values' id (or its UUID text)
   *
   * @example
   * ```ts
   * const values = await client.retrieveValues(id).invoke();
   * values.foo; // SecretInteger(42)
   * ```
   */
  retrieveValues(id: ValuesId | string): PayableOperation<NadaValues> {
    return retrieveValues(this.#session, id);
  }

  /**
   * Deletes stored values from every node. Free. Needs `delete` rights.
   *
   * @example
   * ```ts
   * await client.deleteValues(id).invoke();
   * ```
   */
  deleteValues(id: ValuesId | string): FreeOperation<void> {
    return deleteValues(this.#session, id);
  }

  /**
   * Retrieves the permissions of stored values. Needs `retrieve` rights.
   *
   * @example
   * ```ts
   * const permissions = await client.retrievePermissions(id).invoke();
   * permissions.canRetrieve(otherUser); // false
   * ```
   */
  retrievePermissions(id: ValuesId | string): PayableOperation<Permissions> {
    return retrievePermissions(this.#session, id);
  }

  /**
   * Replaces the permissions of stored values. Only their owner may.
   *
   * @example
   * ```ts
   * import { Permissions } from "@nillion/types";
   *
   * const permissions = Permissions.defaultsForUser(client.userId).allowRetrieve(otherUser);
   * await client.overwritePermissions(id, permissions).invoke();
   * ```
   */
  overwritePermissions(id: ValuesId | string, permissions: Permissions): PayableOperation<void> {
    return overwritePermissions(this.#session, id, permissions);
  }

  /**
   * Grants and revokes individual permissions of stored values, leaving the rest as it is (grants are
   * applied first, then revocations). Only their owner may.
   *
   * @example
   * ```ts
   * import { PermissionsDelta } from "@nillion/types";
   *
   * await client.updatePermissions(id, new PermissionsDelta().grantRetrieve(otherUser)).invoke();
   * ```
   */
  updatePermissions(id: ValuesId | string, delta: PermissionsDelta): PayableOperation<void> {
    return updatePermissions(this.#session, id, delta);
  }

  /**
   * Uploads a Nada program. A program straight from the Python compiler (`.nada.bin`) is first lowered
   * as nodes require, then checked with the node's rules, so a program nodes would refuse is never paid
   * for; the quote carries its metadata (memory, instructions, preprocessing). The client remembers the
   * program, so computations on it are checked before they are paid for.
   *
   * @param name 1 to 128 characters from `A-Z a-z 0-9 + . : _ -`
   * @param program the `.nada.bin` bytes, or a program written with `@nillion/nada/dsl` (compiled here)
   * @returns the operation; invoked, it resolves to the program id, `<user id>/<name>/sha256/<hash>`
   *
   * @example
   * ```ts
   * import { readFileSync } from "node:fs";
   *
   * const programId = await client.storeProgram("my-program", readFileSync("my_program.nada.bin")).invoke();
   * ```
   */
  storeProgram(name: string, program: Uint8Array | CompilableProgram): PayableOperation<ProgramId> {
    return storeProgram(this.#session, name, program);
  }

  /**
   * Starts a computation and resolves to its id as soon as every node has accepted it; fetch the outputs
   * with {@link VmClient.retrieveComputeResults}. Before anything is paid, the bindings must name exactly
   * the program's input and output parties, and the values (with `valueIds`) must supply every input
   * with its exact type; otherwise it fails with an `InvalidArgumentError` naming the problem.
   *
   * @param inputBindings who provides each input party's values
   * @param outputBindings who receives each output party's outputs
   * @param values compute-time values (masked like stored ones, used once)
   * @param valueIds stored value sets to read inputs from; the caller needs `compute` rights on them for
   * this program
   * @param options how to learn the contract of a program this client did not upload
   *
   * @example
   * ```ts
   * import { InputPartyBinding, OutputPartyBinding, SecretInteger } from "@nillion/types";
   *
   * const computeId = await client
   *   .compute(
   *     programId,
   *     [new InputPartyBinding("Party1", client.userId)],
   *     [new OutputPartyBinding("Party1", [client.userId])],
   *     { foo: new SecretInteger(40n), bar: new SecretInteger(2n) },
   *   )
   *   .invoke();
   * ```
   */
  compute(
    programId: ProgramId,
    inputBindings: readonly InputPartyBinding[],
    outputBindings: readonly OutputPartyBinding[],
    values: NadaValues,
    valueIds?: readonly (ValuesId | string)[],
    options?: ComputeOptions,
  ): PayableOperation<ComputeId> {
    return compute(this.#session, programId, inputBindings, outputBindings, values, valueIds, options);
  }

  /**
   * Fetches this user's outputs of a computation, waiting while it runs. Free. The user must be bound to
   * an output party; only that party's outputs come back.
   *
   * @throws {InternalError} when the computation itself failed (the message gives the node's reason)
   *
   * @example
   * ```ts
   * const results = await client.retrieveComputeResults(computeId).invoke({ timeoutMs: 120_000 });
   * ```
   */
  retrieveComputeResults(id: ComputeId | string): FreeOperation<NadaValues> {
    return retrieveComputeResults(this.#session, id);
  }

  /**
   * Has the nodes generate a threshold key together (`builtin/tecdsa_dkg` or `builtin/teddsa_dkg`): no
   * node, and not this client, ever holds the private key; each node keeps a key share, stored as the
   * value set `keyId` (the DKG's store id). This user owns it and is bound to both outputs; the nodes
   * grant compute on the matching sign built-in to the owner only, and nobody can retrieve it as a key.
   * Priced and paid like any computation; the signal and deadline cover the whole call.
   *
   * @param request `curve`: `"ecdsa"` (secp256k1) or `"eddsa"` (Ed25519)
   * @returns the operation; invoked, it resolves to `{ curve, keyId, publicKey }`
   * @throws {InvalidArgumentError} naming `curve`, before anything is paid
   *
   * @example
   * ```ts
   * import { secp256k1 } from "@noble/curves/secp256k1.js";
   * import { sha256 } from "@noble/hashes/sha2.js";
   *
   * const { keyId, publicKey } = await client.generateThresholdKey({ curve: "ecdsa" }).invoke();
   * const digest = sha256(new TextEncoder().encode("gm"));
   * const signature = await client.signDigest({ keyId, digest }).invoke();
   * const compact = new Uint8Array([...signature.r, ...signature.s]);
   * secp256k1.verify(compact, digest, publicKey.value, { prehash: false }); // true
   * ```
   */
  generateThresholdKey<C extends ThresholdCurve>(
    request: GenerateThresholdKeyRequest<C>,
  ): PayableOperation<ThresholdKey<C>> {
    return generateThresholdKey(this.#session, request);
  }

  /**
   * Signs a 32-byte digest with a threshold ECDSA key (`builtin/tecdsa_sign`): the nodes answer one
   * signature share each, combined here into a standard low-s signature. The key is a
   * {@link VmClient.generateThresholdKey} key, or an `EcdsaPrivateKey` stored as `tecdsa_private_key`
   * with compute permission on `builtin/tecdsa_sign` for this user. Priced and paid like any computation.
   *
   * @param request `keyId`; `digest`: exactly 32 bytes, signed as it is (not hashed again); optionally
   *   `publicKey`, the key's (33 bytes, compressed), to verify the signature under before returning it
   * @throws {InvalidArgumentError} naming `keyId`, `digest` (e.g. 31 bytes) or `publicKey`, before
   *   anything is paid
   * @throws {PermissionDeniedError} when this user may not compute with the key on `builtin/tecdsa_sign`
   * @throws {InternalError} when a `publicKey` was given and the signature does not verify under it
   *
   * @example
   * ```ts
   * import { EcdsaPrivateKey, Permissions } from "@nillion/types";
   * import { sha256 } from "@noble/hashes/sha2.js";
   *
   * const permissions = Permissions.defaultsForUser(client.userId).allowCompute(client.userId, "builtin/tecdsa_sign");
   * const keyId = await client
   *   .storeValues({ tecdsa_private_key: new EcdsaPrivateKey(privateKeyBytes) }, { ttlDays: 30, permissions })
   *   .invoke();
   * const signature = await client.signDigest({ keyId, digest: sha256(message) }).invoke({ timeoutMs: 30_000 });
   * signature.r; signature.s; // 32 bytes each, big-endian
   * ```
   */
  signDigest(request: SignDigestRequest): PayableOperation<EcdsaSignature> {
    return signDigest(this.#session, request);
  }

  /**
   * Signs a message with a threshold Ed25519 key (`builtin/teddsa_sign`). The key is a
   * {@link VmClient.generateThresholdKey} key, or an `EddsaPrivateKey` stored as `teddsa_private_key`
   * with compute permission on `builtin/teddsa_sign` for this user. Priced and paid like any computation.
   *
   * @param request `keyId`; `message`: the bytes to sign; optionally `publicKey`, the key's (32 bytes),
   *   to verify the signature under before returning it
   * @returns the operation; invoked, it resolves to the 64-byte signature (R ‖ z)
   * @throws {InvalidArgumentError} naming `keyId`, `message` or `publicKey`, before anything is paid
   * @throws {PermissionDeniedError} when this user may not compute with the key on `builtin/teddsa_sign`
   * @throws {InternalError} when a `publicKey` was given and the signature does not verify under it
   *
   * @example
   * ```ts
   * import { ed25519 } from "@noble/curves/ed25519.js";
   *
   * const { keyId, publicKey } = await client.generateThresholdKey({ curve: "eddsa" }).invoke();
   * const message = new TextEncoder().encode("gm");
   * const signature = await client.signMessage({ keyId, message }).invoke();
   * ed25519.verify(signature.value, message, publicKey.value); // true
   * ```
   */
  signMessage(request: SignMessageRequest): PayableOperation<EddsaSignature> {
    return signMessage(this.#session, request);
  }

  /**
   * The public key of a stored threshold key, found with the permission a signer has (compute on the sign
   * built-in) and without retrieving its shares: the key signs fixed, domain-separated labels (they mean
   * nothing and are never asked to be signed for any other reason), and the key comes from the results.
   *
   * - EdDSA: one `builtin/teddsa_sign` computation, which answers the public key beside the signature;
   *   the signature must verify under it.
   * - ECDSA: `builtin/tecdsa_sign` answers only a signature, which fits two public keys, so two
   *   computations sign two distinct digests (SHA-256 of `nillion/threshold-public-key/1` and `/2`) at
   *   once and the one key both signatures verify under is returned. (Computing `public_key()` in a user
   *   program would take one computation, but compute permission on that program too.)
   *
   * Each computation is quoted and paid like `signDigest` / `signMessage`, so ECDSA costs two signatures:
   * `quote()` shows both quotes and their total. The payments are made one after the other before the
   * computations start; if the second fails, the first stays paid and unused. One
   * `{ signal, timeoutMs, deadline }` covers the quotes, the payments, the computations and the waits.
   *
   * @param request `keyId`, and `curve`: `"ecdsa"` or `"eddsa"`
   * @returns the operation; invoked, it resolves to an `EcdsaPublicKey` (33 bytes, compressed) or an
   *   `EddsaPublicKey` (32 bytes)
   * @throws {InvalidArgumentError} naming `keyId` or `curve`, before anything is quoted or paid
   * @throws {PermissionDeniedError} when this user may not compute with the key on the sign built-in
   * @throws {InternalError} naming the computations when their signatures fit no one key (a node answered
   *   a wrong signature share)
   *
   * @example
   * ```ts
   * const publicKey = await client.thresholdPublicKey({ keyId, curve: "ecdsa" }).invoke({ timeoutMs: 30_000 });
   * publicKey.value; // 33 bytes, compressed secp256k1
   * const quoted = await client.thresholdPublicKey({ keyId, curve: "ecdsa" }).quote();
   * quoted.quotes.length; // 2
   * quoted.credits; // their sum
   * ```
   */
  thresholdPublicKey<C extends ThresholdCurve>(
    request: ThresholdPublicKeyRequest<C>,
  ): CompositeOperation<ThresholdPublicKeys[C]> {
    return thresholdPublicKey(this.#session, request);
  }

  /**
   * Queries the leader's preprocessing pools: the available offsets of every element.
   *
   * @example
   * ```ts
   * const { offsets } = await client.poolStatus().invoke();
   * for (const { element, start, end } of offsets) console.log(element, end - start);
   * ```
   */
  poolStatus(): PayableOperation<PoolStatus> {
    return poolStatus(this.#session);
  }

  /**
   * Asks the leader for the price of an operation. `operation.quote()` does the same and keeps the
   * operation ready to pay.
   *
   * @example
   * ```ts
   * const quote = await client.requestQuote(client.poolStatus());
   * console.log(quote.tokens, quote.credits, quote.expiresAt);
   * ```
   */
  async requestQuote(operation: PayableOperation<unknown>, options?: CallOptions): Promise<Quote> {
    return (await operation.quote(options)).quote;
  }

  /**
   * Exchanges a quote for the receipt nodes accept: paid on chain by the transaction `txHash`, or from
   * the balance when `txHash` is omitted. Never retried: the leader consumes the quote.
   *
   * @example
   * ```ts
   * const quote = await client.requestQuote(client.retrieveValues(id));
   * const txHash = await payer.submitPayment(quote.tokens, quote.quote.nonce);
   * const receipt = await client.getPaymentReceipt(quote, txHash);
   * const values = await client.invokeRetrieveValues(receipt);
   * ```
   */
  async getPaymentReceipt(
    signedQuote: Quote | SignedQuote,
    txHash?: string,
    options?: CallOptions,
  ): Promise<SignedReceipt> {
    const environment = this.#session.environment("getPaymentReceipt", options);
    return callNode(environment, this.#leaderTarget("Payments/PaymentReceipt"), "once", (call) =>
      this.#session.payments.getPaymentReceipt(signedQuote, txHash, call),
    );
  }

  /**
   * The version the leader runs (`Membership/NodeVersion`). The seed's `version()` is its own SDK's
   * version; a TypeScript package's version is in its `package.json`.
   *
   * @example
   * ```ts
   * const { version } = await client.version(); // e.g. "0.10.0"
   * ```
   */
  async version(options?: CallOptions): Promise<NodeVersion> {
    const environment = this.#session.environment("version", options);
    return nodeVersionFromMessage(await fetchNodeVersion(environment, this.#session.leader));
  }

  /**
   * Tops up a prepaid balance (this user's unless `targetUser` is given) by paying `amountUnil` on chain.
   * Operations are then paid from it while it lasts.
   *
   * @example
   * ```ts
   * await client.addFunds(1_000_000n); // 1 NIL
   * ```
   */
  async addFunds(amountUnil: bigint, targetUser?: UserId, options?: CallOptions): Promise<void> {
    if (typeof amountUnil !== "bigint" || amountUnil <= 0n) {
      throw new InvalidArgumentError(`"amountUnil" must be a positive bigint`, { argument: "amountUnil" });
    }
    if (targetUser !== undefined && !isUserId(targetUser)) {
      throw new InvalidArgumentError(`"targetUser" expected a UserId`, { argument: "targetUser" });
    }
    const environment = this.#session.environment("addFunds", options);
    return callNode(environment, this.#leaderTarget("Payments/AddFunds"), "once", (call) =>
      this.#session.payments.addFunds(amountUnil, targetUser ?? this.userId, call),
    );
  }

  /**
   * This user's prepaid balance.
   *
   * @example
   * ```ts
   * const { balance } = await client.balance();
   * ```
   */
  async balance(options?: CallOptions): Promise<AccountBalance> {
    const environment = this.#session.environment("balance", options);
    return callNode(environment, this.#leaderTarget("Payments/AccountBalance"), "idempotent", (call) =>
      this.#session.payments.accountBalance(call),
    );
  }

  /**
   * Stores values with a receipt you obtained yourself (the quote fixed the time to live).
   *
   * @example
   * ```ts
   * const operation = client.storeValues(values, { ttlDays: 1 });
   * const receipt = (await (await operation.quote()).pay()).receipt;
   * const id = await client.invokeStoreValues(receipt, values);
   * ```
   */
  invokeStoreValues(
    receipt: SignedReceipt,
    values: NadaValues,
    options: InvokeStoreValuesOptions & CallOptions = {},
  ): Promise<ValuesId> {
    return this.#run("storeValues", options, (environment) =>
      invokeStoreValues(this.#session, environment, receipt, values, options),
    );
  }

  /**
   * Retrieves the values a receipt was issued for.
   *
   * @example
   * ```ts
   * const values = await client.invokeRetrieveValues(receipt);
   * ```
   */
  invokeRetrieveValues(receipt: SignedReceipt, options?: CallOptions): Promise<NadaValues> {
    return this.#run("retrieveValues", options, (environment) =>
      invokeRetrieveValues(this.#session, environment, receipt),
    );
  }

  /**
   * Deletes values (the same as `deleteValues(id).invoke()`: deleting needs no receipt).
   *
   * @example
   * ```ts
   * await client.invokeDeleteValues(id);
   * ```
   */
  invokeDeleteValues(id: ValuesId | string, options?: CallOptions): Promise<void> {
    return this.#run("deleteValues", options, (environment) =>
      invokeDeleteValues(this.#session, environment, id),
    );
  }

  /**
   * Retrieves the permissions of the values a receipt was issued for.
   *
   * @example
   * ```ts
   * const permissions = await client.invokeRetrievePermissions(receipt);
   * ```
   */
  invokeRetrievePermissions(receipt: SignedReceipt, options?: CallOptions): Promise<Permissions> {
    return this.#run("retrievePermissions", options, (environment) =>
      invokeRetrievePermissions(this.#session, environment, receipt),
    );
  }

  /**
   * Replaces the permissions of the values a receipt was issued for.
   *
   * @example
   * ```ts
   * await client.invokeOverwritePermissions(receipt, Permissions.defaultsForUser(client.userId));
   * ```
   */
  invokeOverwritePermissions(
    receipt: SignedReceipt,
    permissions: Permissions,
    options?: CallOptions,
  ): Promise<void> {
    return this.#run("overwritePermissions", options, (environment) =>
      invokeOverwritePermissions(this.#session, environment, receipt, permissions),
    );
  }

  /**
   * Applies a permissions delta to the values a receipt was issued for.
   *
   * @example
   * ```ts
   * await client.invokeUpdatePermissions(receipt, new PermissionsDelta().revokeRetrieve(otherUser));
   * ```
   */
  invokeUpdatePermissions(
    receipt: SignedReceipt,
    delta: PermissionsDelta,
    options?: CallOptions,
  ): Promise<void> {
    return this.#run("updatePermissions", options, (environment) =>
      invokeUpdatePermissions(this.#session, environment, receipt, delta),
    );
  }

  /**
   * Uploads a program with a receipt (its name and hash are in the quote; the bytes are lowered as by
   * {@link VmClient.storeProgram}, so they must be the ones quoted).
   *
   * @example
   * ```ts
   * const programId = await client.invokeStoreProgram(receipt, programBytes);
   * ```
   */
  invokeStoreProgram(
    receipt: SignedReceipt,
    program: Uint8Array | CompilableProgram,
    options?: CallOptions,
  ): Promise<ProgramId> {
    return this.#run("storeProgram", options, (environment) =>
      invokeStoreProgram(this.#session, environment, receipt, program),
    );
  }

  /**
   * Starts a computation with a receipt (the program id is in the quote). The values are not checked
   * against the program: the receipt is already paid for.
   *
   * @example
   * ```ts
   * const computeId = await client.invokeCompute(receipt, inputBindings, outputBindings, values);
   * ```
   */
  invokeCompute(
    receipt: SignedReceipt,
    inputBindings: readonly InputPartyBinding[],
    outputBindings: readonly OutputPartyBinding[],
    values: NadaValues,
    valueIds?: readonly (ValuesId | string)[],
    options?: CallOptions,
  ): Promise<ComputeId> {
    return this.#run("compute", options, (environment) =>
      invokeCompute(this.#session, environment, receipt, inputBindings, outputBindings, values, valueIds),
    );
  }

  /**
   * Fetches a computation's results (the same as `retrieveComputeResults(id).invoke()`).
   *
   * @example
   * ```ts
   * const results = await client.invokeRetrieveComputeResults(computeId);
   * ```
   */
  invokeRetrieveComputeResults(id: ComputeId | string, options?: CallOptions): Promise<NadaValues> {
    return this.#run("retrieveComputeResults", options, (environment) =>
      invokeRetrieveComputeResults(this.#session, environment, id),
    );
  }

  /**
   * Queries the pool status with a receipt.
   *
   * @example
   * ```ts
   * const status = await client.invokePoolStatus(receipt);
   * ```
   */
  invokePoolStatus(receipt: SignedReceipt, options?: CallOptions): Promise<PoolStatus> {
    return this.#run("poolStatus", options, (environment) =>
      invokePoolStatus(this.#session, environment, receipt),
    );
  }

  /** Runs `body` in a fresh environment; argument errors reject instead of throwing. */
  async #run<T>(
    operation: string,
    options: CallOptions | undefined,
    body: (environment: ReturnType<Session["environment"]>) => Promise<T>,
  ): Promise<T> {
    return body(this.#session.environment(operation, options));
  }

  #leaderTarget(method: string) {
    return { node: this.#session.leader.node.grpcEndpoint, method };
  }
}
