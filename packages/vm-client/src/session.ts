import type { Transport } from "@connectrpc/connect";
import type { SecretMasker } from "@nillion/crypto";
import type { ProgramContract } from "@nillion/nada";
import type { PaymentsClient } from "@nillion/payments";
import { type ProgramId, UnavailableError, type UserId } from "@nillion/types";
import type { CallOptions } from "./call-options.js";
import { CallScope } from "./call-scope.js";
import type { Cluster, ClusterNode } from "./cluster.js";
import type { CallEnvironment } from "./node-call.js";
import type { ResolvedRetryPolicy, RetryEvent } from "./retry-policy.js";

/** A cluster node with the authenticated transport to it. */
export interface Connection {
  readonly node: ClusterNode;
  readonly transport: Transport;
}

/** What a client holds once connected: everything its operations use. */
export interface SessionInit {
  readonly userId: UserId;
  readonly cluster: Cluster;
  /** One per member, in cluster (ascending id) order. */
  readonly members: readonly Connection[];
  readonly leader: Connection;
  readonly masker: SecretMasker;
  readonly payments: PaymentsClient;
  readonly retry: ResolvedRetryPolicy;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly defaultTimeoutMs: number | undefined;
}

/**
 * The connected state behind a `VmClient`, shared by its operations, plus the contracts of the programs
 * this client knows (uploaded through it), used to check computations before paying for them.
 */
export class Session {
  readonly userId: UserId;
  readonly cluster: Cluster;
  readonly members: readonly Connection[];
  readonly leader: Connection;
  readonly masker: SecretMasker;
  readonly payments: PaymentsClient;
  readonly contracts = new Map<ProgramId, ProgramContract>();
  readonly #retry: ResolvedRetryPolicy;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #defaultTimeoutMs: number | undefined;
  #closed = false;

  constructor(init: SessionInit) {
    this.userId = init.userId;
    this.cluster = init.cluster;
    this.members = init.members;
    this.leader = init.leader;
    this.masker = init.masker;
    this.payments = init.payments;
    this.#retry = init.retry;
    this.#onRetry = init.onRetry;
    this.#defaultTimeoutMs = init.defaultTimeoutMs;
  }

  /**
   * The environment one run of `operation` uses, from the caller's options.
   *
   * @throws {UnavailableError} once the client is closed
   * @throws {InvalidArgumentError} for unusable call options
   */
  environment(operation: string, options?: CallOptions): CallEnvironment {
    if (this.#closed) throw new UnavailableError(`cannot ${operation}: the client is closed`);
    return {
      scope: CallScope.open(operation, options, this.#defaultTimeoutMs),
      retry: this.#retry,
      onRetry: this.#onRetry,
    };
  }

  /** Marks the session closed; its operations refuse to start from now on. */
  close(): void {
    this.#closed = true;
  }
}
