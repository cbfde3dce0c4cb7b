import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import type { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { portInUse } from "../cluster/port-in-use.js";
import type { NodeStore } from "../storage/node-store.js";
import { type DualRequestHandler, listenOnePort, type OnePortServer } from "../transport/one-port-server.js";
import { withPermissiveCors } from "../transport/permissive-cors.js";
import { withoutUnreachableDeadlines } from "../transport/without-unreachable-deadlines.js";
import { callerInterceptor } from "./caller.js";
import type { ClusterLayout } from "./cluster-layout.js";
import type { NodeContext, NodeExtension, NodeExtensionFactory } from "./node-extension.js";
import { labelledLogger, type NodeLogger, SILENT_LOGGER } from "./node-logger.js";
import { cometRpcQuery } from "./payments/chain-payments.js";
import { paymentsService } from "./payments/payments-service.js";
import { peerTransport } from "./peer-transport.js";
import { receiptChecker } from "./receipt-checker.js";
import { leaderQueriesService } from "./services/leader-queries-service.js";
import { type ClusterInfo, membershipService } from "./services/membership-service.js";
import { permissionsService } from "./services/permissions-service.js";
import { programsService } from "./services/programs-service.js";
import { valuesService } from "./services/values-service.js";

/** The largest message a node reads or writes: nilvm's default `max_payload_size`. */
export const MAX_MESSAGE_BYTES = 6 * 1024 * 1024;
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;

export interface DevnetNodeOptions {
  /** The cluster as planned; ports may still be 0 (ephemeral) until {@link DevnetNode.bind}. */
  readonly layout: ClusterLayout;
  /** This node's position in `layout.nodes`. */
  readonly index: number;
  readonly prime: Prime;
  readonly polynomialDegree: number;
  /** The node's own store; the node closes it on {@link DevnetNode.close}. */
  readonly store: NodeStore;
  /** CometBFT RPC of the chain, where the leader looks up payments. */
  readonly chainRpcUrl: string;
  /** Plugged-in capabilities, e.g. compute. */
  readonly extensions?: readonly NodeExtensionFactory[];
  readonly log?: NodeLogger;
  readonly now?: () => Date;
  /** How often expired values, results, markers and balances are deleted; 60 s by default. */
  readonly sweepIntervalMs?: number;
}

/**
 * One nilvm node of a devnet: every client service of protocol v0.10 on one port (native gRPC, gRPC-web
 * and Connect, with permissive CORS), Payments and LeaderQueries on the leader only.
 *
 * A node starts in two steps so that a cluster can use ephemeral ports: {@link DevnetNode.listen} binds the
 * port, {@link DevnetNode.bind} tells it where every member listens. Until then it answers UNAVAILABLE.
 *
 * @example
 * ```ts
 * const planned = clusterLayout({ portBase: 0 });
 * const nodes = await Promise.all(
 *   planned.nodes.map((_, index) =>
 *     DevnetNode.listen({ layout: planned, index, prime, polynomialDegree: 1, store: new MemoryStore(), chainRpcUrl }),
 *   ),
 * );
 * const layout = withBoundPorts(planned, nodes.map((node) => node.port));
 * for (const node of nodes) node.bind(layout);
 * ```
 */
export class DevnetNode {
  readonly index: number;
  readonly #server: OnePortServer;
  readonly #store: NodeStore;
  readonly #extensions: readonly NodeExtension[];
  readonly #log: NodeLogger;
  readonly #sweep: { readonly intervalMs: number; timer?: NodeJS.Timeout; running?: Promise<void> };
  readonly #now: () => Date;
  readonly #state: { layout?: ClusterLayout };
  #closed: Promise<void> | undefined;

  private constructor(
    index: number,
    server: OnePortServer,
    parts: {
      store: NodeStore;
      extensions: readonly NodeExtension[];
      log: NodeLogger;
      sweepIntervalMs: number;
      now: () => Date;
      state: { layout?: ClusterLayout };
    },
  ) {
    this.index = index;
    this.#server = server;
    this.#store = parts.store;
    this.#extensions = parts.extensions;
    this.#log = parts.log;
    this.#sweep = { intervalMs: parts.sweepIntervalMs };
    this.#now = parts.now;
    this.#state = parts.state;
  }

  /** Binds the node's port (from `layout.nodes[index].port`, 0 for an ephemeral one) and serves. */
  static async listen(options: DevnetNodeOptions): Promise<DevnetNode> {
    const { layout: planned, index, store } = options;
    const identity = planned.nodes[index];
    if (identity === undefined)
      throw new RangeError(`no node ${index} in a ${planned.nodes.length}-node layout`);
    const now = options.now ?? (() => new Date());
    const log = labelledLogger(options.log ?? SILENT_LOGGER, `node ${index}`);
    const state: { layout?: ClusterLayout } = {};
    const bound = () => {
      if (state.layout === undefined) throw new ConnectError("node is starting", Code.Unavailable);
      return state.layout;
    };
    const isLeader = index === planned.leaderIndex;
    const checkReceipt = receiptChecker(store, planned.leader.publicKey, now);
    const context: NodeContext = {
      identity,
      layout: bound,
      cluster: () => clusterInfo(bound(), options.prime, options.polynomialDegree),
      isLeader,
      prime: options.prime,
      polynomialDegree: options.polynomialDegree,
      store,
      checkReceipt,
      now,
      peer: (peerIndex) => peers[peerIndex] ?? missingPeer(peerIndex),
      log,
    };
    const peers = planned.nodes.map((peer) =>
      peerTransport({
        key: identity.privateKey,
        targetNodeId: peer.nodeId,
        endpoint: () => (bound().nodes[peer.index] ?? peer).grpcEndpoint,
        maxMessageBytes: MAX_MESSAGE_BYTES,
      }),
    );
    const extensions = (options.extensions ?? []).map((factory) => factory(context));
    const routes = (router: ConnectRouter) => {
      router.service(Membership, membershipService(context.cluster));
      router.service(Values, valuesService({ store, checkReceipt, prime: options.prime, now }));
      router.service(Permissions, permissionsService({ store, checkReceipt, now }));
      router.service(Programs, programsService({ store, checkReceipt }));
      if (isLeader) {
        const hooks = extensions.find(
          (extension) => extension.computeRequirements || extension.receiptMetadata,
        );
        router.service(
          Payments,
          paymentsService({
            leaderKey: identity.privateKey,
            chain: cometRpcQuery(options.chainRpcUrl),
            store,
            now,
            ...(hooks?.computeRequirements ? { computeRequirements: hooks.computeRequirements } : {}),
            ...(hooks?.receiptMetadata ? { receiptMetadata: hooks.receiptMetadata } : {}),
          }),
        );
        const pools = extensions.find((extension) => extension.poolStatus)?.poolStatus;
        router.service(
          LeaderQueries,
          leaderQueriesService({ checkReceipt, ...(pools ? { poolStatus: pools } : {}) }),
        );
      }
      for (const extension of extensions) extension.routes(router);
    };
    // Node-to-node RPCs whose requests stream: their sessions keep HTTP/2's pacing (createHttp2Server).
    const streamingRequestPaths = new Set<string>();
    const handler = connectNodeAdapter({
      routes: (router) => {
        routes(router);
        for (const { method, requestPath } of router.handlers) {
          if (method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming") {
            streamingRequestPaths.add(requestPath);
          }
        }
      },
      interceptors: [callerInterceptor({ nodeId: identity.nodeId, now })],
      readMaxBytes: MAX_MESSAGE_BYTES,
      writeMaxBytes: MAX_MESSAGE_BYTES,
    }) as DualRequestHandler;
    const server = await listenOnePort({
      handler: withPermissiveCors(withoutUnreachableDeadlines(handler)),
      host: planned.bindAddress,
      port: identity.port,
      streamingRequestPaths,
    }).catch((error: unknown) => {
      throw portInUse(error, `node ${index}`, "portBase", planned.bindAddress, identity.port) ?? error;
    });
    log.debug(`listening on ${server.url}${isLeader ? " (leader)" : ""}`);
    return new DevnetNode(index, server, {
      store,
      extensions,
      log,
      sweepIntervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
      now,
      state,
    });
  }

  /** The port the node listens on. */
  get port(): number {
    return this.#server.port;
  }

  /**
   * Tells the node where every member listens (the same keys and ids as the planned layout, with the
   * ports bound) and starts its background work: the expiry sweep and the extensions'.
   */
  bind(layout: ClusterLayout): void {
    if (this.#state.layout !== undefined) throw new Error(`node ${this.index} is already bound`);
    if (!layout.portsBound) throw new Error("the layout's ports are not bound yet");
    this.#state.layout = layout;
    const sweep = () => {
      this.#sweep.running = this.#store.sweepExpired(this.#now()).then(
        (counts) => {
          const total = counts.values + counts.results + counts.markers + counts.balances;
          if (total > 0) this.#log.debug(`swept ${JSON.stringify(counts)}`);
        },
        (error: unknown) => this.#log.warn(`expiry sweep failed: ${String(error)}`),
      );
    };
    this.#sweep.timer = setInterval(sweep, this.#sweep.intervalMs);
    this.#sweep.timer.unref();
    for (const extension of this.#extensions) extension.start?.();
  }

  /**
   * Stops serving (open calls are cut), stops background work and closes the store, which flushes a
   * durable one. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      clearInterval(this.#sweep.timer);
      await this.#server.close();
      await Promise.all(this.#extensions.map((extension) => extension.close()));
      await this.#sweep.running;
      await this.#store.close();
    })();
    return this.#closed;
  }
}

function missingPeer(index: number): never {
  throw new RangeError(`no peer ${index} in this cluster`);
}

/** What `Membership.Cluster` reports for a bound layout. */
function clusterInfo(layout: ClusterLayout, prime: Prime, polynomialDegree: number): ClusterInfo {
  const members = layout.nodes.map((node) => ({
    nodeId: node.nodeId,
    publicKey: node.publicKey,
    grpcEndpoint: node.grpcEndpoint,
  }));
  return { members, leader: members[layout.leaderIndex] as ClusterInfo["leader"], prime, polynomialDegree };
}
