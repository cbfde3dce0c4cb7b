// Every computation a node takes part in: created by the client's InvokeCompute or, lazily, by the first
// peer message for it; run over one long-lived stream per peer; failed by an inactivity timeout, a peer's
// abort or a lost peer; finished by storing its result for a day.
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { PrimeField } from "@nillion/crypto";
import { type Channel, type ChannelMessage, Mailbox } from "@nillion/mpc";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";
import { type ComputePeerMessage, ComputePeerMessageSchema } from "@nillion/proto/nillion/devnet/v1/compute";
import type { ComputeResultRecord, NodeStore } from "../../storage/node-store.js";
import type { NodeLogger } from "../node-logger.js";
import type { ComputeJob } from "./compute-job.js";
import { errorResult } from "./compute-results.js";
import { decodeElements, encodeElements } from "./field-elements.js";
import type { PartyRanks } from "./party-ranks.js";
import { PeerStream } from "./peer-stream.js";

/** How long a node keeps a result: one day, as the reference node. */
const RESULT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * What {@link ComputeSessions} needs from its node.
 *
 * @example
 * ```ts
 * const options: ComputeSessionsOptions = {
 *   store, prime, degree: 1, nodeIndex: 0, ranks: () => partyRanks(context.layout()),
 *   peer: context.peer, inactivityTimeoutMs: 30_000, now: () => new Date(), log,
 * };
 * ```
 */
export interface ComputeSessionsOptions {
  readonly store: NodeStore;
  /** The cluster prime (`Prime` enum number). */
  readonly prime: number;
  readonly degree: number;
  /** This node's index in the layout. */
  readonly nodeIndex: number;
  /** The cluster's party numbering, read once the cluster is bound. */
  readonly ranks: () => PartyRanks;
  readonly peer: (index: number) => Transport;
  /** A computation that hears nothing from its peers (and makes no progress) this long fails. */
  readonly inactivityTimeoutMs: number;
  readonly now: () => Date;
  readonly log: NodeLogger;
  /** Instrumentation: every round message this node receives, decoded, before the engine reads it. */
  readonly onPeerMessage?: (message: ChannelMessage) => void;
}

/**
 * Where an incoming StreamCompute call delivers its messages.
 *
 * @example
 * ```ts
 * const sink = await sessions.peerSink(computeId, idBytes, fromIndex, ComputeType.GENERAL);
 * sink.receive(message.bincodeMessage);
 * ```
 */
export interface PeerSink {
  /**
   * Hands over one payload. A payload that breaks the protocol fails the computation, and `receive`
   * throws the reason.
   */
  receive(payload: Uint8Array): void;
  /** The peer's stream broke off: the computation cannot finish. */
  lost(reason: unknown): void;
}

interface Session {
  readonly id: string;
  readonly idBytes: Uint8Array;
  /** What the computation is, as its InvokeCompute or the first peer stream for it said. */
  readonly type: ComputeType;
  readonly mailbox: Mailbox;
  state: "waiting" | "running" | "finished";
  readonly streams: Map<number, PeerStream>;
  timer: NodeJS.Timeout | undefined;
  /** Resolves once the result is stored (or storing it failed). */
  readonly stored: Promise<void>;
  readonly markStored: () => void;
}

/** Accepts whatever a peer still sends for a computation that is over. */
const FINISHED_SINK: PeerSink = { receive() {}, lost() {} };

/**
 * The computations of one node: programs and key generations. Every party runs the same job; its
 * messages for a peer go out on one `StreamCompute` call per peer and computation, marked with the job's
 * compute type (so each round is one message per peer), and what peers send lands in the computation's
 * mailbox, which buffers it until the job asks, even before the client's InvokeCompute reached this node.
 * Nodes that disagree on a computation's type fail it.
 *
 * @example
 * ```ts
 * const sessions = new ComputeSessions(options);
 * sessions.start(computeId, idBytes, job); // runs in the background
 * const state = await sessions.waitForResult(computeId, 30_000, signal);
 * ```
 */
export class ComputeSessions {
  readonly #options: ComputeSessionsOptions;
  readonly #field: PrimeField;
  readonly #sessions = new Map<string, Session>();
  readonly #clients = new Map<number, Client<typeof Compute>>();
  #closed = false;

  constructor(options: ComputeSessionsOptions) {
    this.#options = options;
    this.#field = PrimeField.of(options.prime);
  }

  /** Computations this node is taking part in or waiting to start. */
  get active(): number {
    return this.#sessions.size;
  }

  /**
   * Runs an accepted computation's job in the background; its result is stored when it ends. Does nothing
   * for a computation that already ended here (it timed out or a peer aborted it before the client came).
   */
  async start(id: string, idBytes: Uint8Array, job: ComputeJob): Promise<void> {
    const session = await this.#live(id, idBytes, job.computeType, "InvokeCompute");
    if (session?.state !== "waiting") return;
    session.state = "running";
    this.#touch(session);
    const ranks = this.#options.ranks();
    const party = ranks.rankOf(this.#options.nodeIndex);
    const channel: Channel = {
      send: async (message) => {
        const round = { round: message.round, elements: encodeElements(this.#field, message.elements) };
        this.#stream(session, message.to).send(peerPayload({ case: "round", value: round }));
        this.#touch(session);
      },
      receive: (from, round) => session.mailbox.receive(from, round),
    };
    this.#options.log.debug(`compute ${id}: started as party ${party}`);
    job
      .run({
        channel,
        parties: ranks.parties,
        party,
        degree: this.#options.degree,
        prime: this.#options.prime,
      })
      .then(
        ({ result, summary }) => {
          this.#options.log.debug(`compute ${id}: done, ${summary}`);
          return this.#finish(session, result);
        },
        (error: unknown) => this.#fail(session, reasonOf(error), { abortPeers: true }),
      );
  }

  /**
   * Fails a computation this node refused (its InvokeCompute was invalid after the receipt was used): the
   * error is stored as its result and the peers are told, so they fail at once instead of waiting.
   */
  async refuse(id: string, idBytes: Uint8Array, type: ComputeType, reason: string): Promise<void> {
    const session = await this.#live(id, idBytes, type, "InvokeCompute");
    if (session !== undefined) await this.#fail(session, reason, { abortPeers: true });
  }

  /**
   * Where the StreamCompute call of the node at `fromIndex` for computation `id` (of `type`, as the call's
   * first message says) delivers: the computation, created if this is the first this node hears of it, or
   * a sink that ignores everything when the computation already ended here.
   */
  async peerSink(id: string, idBytes: Uint8Array, fromIndex: number, type: ComputeType): Promise<PeerSink> {
    const session = await this.#live(id, idBytes, type, `node ${fromIndex}`);
    if (session === undefined) return FINISHED_SINK;
    const from = this.#options.ranks().rankOf(fromIndex);
    const to = this.#options.ranks().rankOf(this.#options.nodeIndex);
    return {
      receive: (payload) => {
        if (session.state === "finished") return;
        this.#touch(session);
        const problem = this.#deliver(session, from, to, payload, fromIndex);
        if (problem !== undefined) {
          this.#fail(session, problem, { abortPeers: true });
          throw new Error(problem);
        }
      },
      lost: (reason) => {
        if (session.state === "finished") return;
        this.#fail(session, `lost the connection to node ${fromIndex}: ${reasonOf(reason)}`, {
          abortPeers: true,
        });
      },
    };
  }

  /**
   * Waits up to `timeoutMs` for the result of computation `id`: `"pending"` while it runs, the stored
   * record once there is one (and it has not expired), undefined when this node knows no such computation.
   * Returns early, `"pending"`, when `signal` aborts.
   */
  async waitForResult(
    id: string,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<"pending" | ComputeResultRecord | undefined> {
    const session = this.#sessions.get(id);
    if (session !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      const elapsed = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
        onAbort = () => resolve(false);
        signal.addEventListener("abort", onAbort, { once: true });
      });
      const stored = await Promise.race([session.stored.then(() => true), elapsed]);
      clearTimeout(timer);
      if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
      if (!stored) return "pending";
    }
    const record = await this.#options.store.getResult(id);
    return record === undefined || record.expiresAt <= this.#options.now() ? undefined : record;
  }

  /** Fails every computation still running ("the node is shutting down") and waits for their results. */
  async close(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#sessions.values()];
    await Promise.all(
      sessions.map((session) => this.#fail(session, "the node is shutting down", { abortPeers: false })),
    );
  }

  // The computation `id`, created (as a computation of `type`) if this node has not heard of it yet;
  // undefined once it ended here (its result stays as it is) or when the node is closing. When `source`
  // (InvokeCompute, or the peer streaming) names another type than the computation has, the nodes do not
  // run the same computation: it fails.
  async #live(
    id: string,
    idBytes: Uint8Array,
    type: ComputeType,
    source: string,
  ): Promise<Session | undefined> {
    let session = this.#sessions.get(id);
    if (session === undefined) {
      if (this.#closed || (await this.#options.store.getResult(id)) !== undefined) return undefined;
      session = this.#session(id, idBytes, type);
    }
    if (session.type !== type) {
      const problem = `protocol violation: ${source} runs computation ${id} as ${ComputeType[type]}, not ${ComputeType[session.type]}`;
      await this.#fail(session, problem, { abortPeers: true });
      return undefined;
    }
    return session;
  }

  #session(id: string, idBytes: Uint8Array, type: ComputeType): Session {
    const existing = this.#sessions.get(id);
    if (existing !== undefined) return existing;
    let markStored = () => {};
    const stored = new Promise<void>((resolve) => {
      markStored = resolve;
    });
    const session: Session = {
      id,
      idBytes,
      type,
      mailbox: new Mailbox(),
      state: "waiting",
      streams: new Map(),
      timer: undefined,
      stored,
      markStored,
    };
    this.#sessions.set(id, session);
    this.#touch(session);
    return session;
  }

  // Decodes one peer payload into the mailbox; returns what is wrong with it, if anything.
  #deliver(
    session: Session,
    from: number,
    to: number,
    payload: Uint8Array,
    fromIndex: number,
  ): string | undefined {
    let message: ComputePeerMessage;
    try {
      message = fromBinary(ComputePeerMessageSchema, payload);
    } catch (error) {
      return `protocol violation: node ${fromIndex} sent an undecodable message: ${reasonOf(error)}`;
    }
    switch (message.payload.case) {
      case "round": {
        const { round } = message.payload.value;
        const elements = decodeElements(this.#field, message.payload.value.elements);
        if (elements === undefined) {
          return `protocol violation: node ${fromIndex} sent bytes that are not field elements in round ${round}`;
        }
        this.#options.onPeerMessage?.({ from, to, round, elements });
        try {
          session.mailbox.deliver(from, round, elements);
        } catch (error) {
          return `protocol violation: ${reasonOf(error)}`;
        }
        return undefined;
      }
      case "abort":
        this.#fail(session, `node ${fromIndex} stopped the computation: ${message.payload.value.reason}`, {
          abortPeers: false,
        });
        return undefined;
      default:
        return `protocol violation: node ${fromIndex} sent an empty message`;
    }
  }

  #stream(session: Session, rank: number): PeerStream {
    let stream = session.streams.get(rank);
    if (stream === undefined) {
      const index = this.#options.ranks().nodeOf(rank);
      stream = new PeerStream(this.#client(index), session.idBytes, session.type, (error) => {
        if (session.state !== "finished") {
          this.#fail(session, `lost the connection to node ${index}: ${reasonOf(error)}`, {
            abortPeers: true,
          });
        }
      });
      session.streams.set(rank, stream);
    }
    return stream;
  }

  #client(index: number): Client<typeof Compute> {
    let client = this.#clients.get(index);
    if (client === undefined) {
      client = createClient(Compute, this.#options.peer(index));
      this.#clients.set(index, client);
    }
    return client;
  }

  // Every message in or out restarts the clock; when it runs out the computation fails.
  #touch(session: Session): void {
    clearTimeout(session.timer);
    const timeout = this.#options.inactivityTimeoutMs;
    session.timer = setTimeout(() => {
      const seconds = `${timeout / 1000} s`;
      const reason =
        session.state === "waiting"
          ? `the computation did not start on node ${this.#options.nodeIndex}: no InvokeCompute within ${seconds}`
          : `the computation timed out on node ${this.#options.nodeIndex}: no message from the other nodes for ${seconds}`;
      this.#fail(session, reason, { abortPeers: true });
    }, timeout);
    session.timer.unref();
  }

  #fail(session: Session, reason: string, { abortPeers }: { abortPeers: boolean }): Promise<void> {
    if (session.state !== "finished" && abortPeers) {
      const abort = peerPayload({ case: "abort", value: { reason } });
      const ranks = this.#options.ranks();
      const self = ranks.rankOf(this.#options.nodeIndex);
      for (let rank = 0; rank < ranks.parties; rank++)
        if (rank !== self) this.#stream(session, rank).send(abort);
    }
    return this.#finish(session, errorResult(reason), reason);
  }

  async #finish(session: Session, result: Uint8Array, failure?: string): Promise<void> {
    if (session.state === "finished") return session.stored;
    session.state = "finished";
    clearTimeout(session.timer);
    session.mailbox.close(new Error(failure ?? "the computation is over"));
    for (const stream of session.streams.values()) stream.end();
    if (failure !== undefined) this.#options.log.debug(`compute ${session.id}: failed: ${failure}`);
    try {
      await this.#options.store.putResult({
        id: session.id,
        result,
        expiresAt: new Date(this.#options.now().getTime() + RESULT_TTL_MS),
      });
    } catch (error) {
      this.#options.log.warn(`compute ${session.id}: storing the result failed: ${reasonOf(error)}`);
    } finally {
      this.#sessions.delete(session.id);
      session.markStored();
    }
  }
}

function peerPayload(
  payload: NonNullable<MessageInitShape<typeof ComputePeerMessageSchema>["payload"]>,
): Uint8Array {
  return toBinary(ComputePeerMessageSchema, create(ComputePeerMessageSchema, { payload }));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
