import net from "node:net";
import { nodeIdFromPublicKey, PrivateKey } from "@nillion/crypto";
import { InvalidArgumentError } from "@nillion/types";
import { clusterIdFromSeed, normalizeClusterId } from "./layout/cluster-id.js";
import { seededNodePorts } from "./layout/seeded-node-ports.js";

/** The reference devnet's `--seed` default. */
export const DEFAULT_DEVNET_SEED = "nillion-devnet";
/** Fewest nodes a devnet runs: the reference's minimum, and the least that tolerates degree 1. */
export const MIN_NODE_COUNT = 3;
/** Most nodes this devnet runs (the reference allows up to 99). */
export const MAX_NODE_COUNT = 10;

const DEFAULT_NODE_COUNT = 3;
const DEFAULT_BIND_ADDRESS = "127.0.0.1";
const MAX_PORT = 65535;

/**
 * How to lay out a cluster. Every field is optional; the defaults reproduce `nillion-devnet` with no flags.
 *
 * @example
 * ```ts
 * const options: ClusterLayoutOptions = { seed: "test", nodeCount: 5, portBase: 0 };
 * ```
 */
export interface ClusterLayoutOptions {
  /** Drives node keys, ports and cluster id exactly as the reference `--seed` does; `"nillion-devnet"` by default. */
  readonly seed?: string;
  /** Number of nodes, 3–10; 3 by default. */
  readonly nodeCount?: number;
  /**
   * Without it, node ports come from the reference's seeded shuffle. With it, node *i* listens on
   * `portBase + i`; `0` means ephemeral ports: every node gets port 0 until {@link withBoundPorts} records
   * the ports the OS picked.
   */
  readonly portBase?: number;
  /** IP address the nodes listen on; `"127.0.0.1"` by default. */
  readonly bindAddress?: string;
  /** Overrides the seeded cluster id (any spelling the reference's `--cluster-id` accepts). */
  readonly clusterId?: string;
}

/**
 * One node of the layout: its keys, its ids and where it listens.
 *
 * @example
 * ```ts
 * const { privateKey, nodeId, grpcEndpoint } = clusterLayout().nodes[0];
 * ```
 */
export interface NodeIdentity {
  /** Position in the cluster, 0-based (the reference's node *index + 1* in its log lines). */
  readonly index: number;
  /** secp256k1 key = SHA-256 of `"<seed>:<index>"`: the node's signing and authentication key. */
  readonly privateKey: PrivateKey;
  /** 33-byte compressed public key: the node's MPC party id and `public_keys.authentication`. */
  readonly publicKey: Uint8Array;
  /** 20-byte node id: last 20 bytes of SHA-256(`publicKey`), the id tokens must target. */
  readonly nodeId: Uint8Array;
  /** gRPC port; 0 while ephemeral ports are not yet bound. */
  readonly port: number;
  /** `http://<host>:<port>` as advertised in `Membership.Cluster`. */
  readonly grpcEndpoint: string;
}

/**
 * Who is who in a devnet cluster: the reference `nillion-devnet`'s identities, ports and cluster id.
 *
 * @example
 * ```ts
 * const layout = clusterLayout({ seed: "test" });
 * layout.bootnode.grpcEndpoint; // "http://127.0.0.1:43207"
 * ```
 */
export interface ClusterLayout {
  readonly seed: string;
  /** Lowercase hyphenated UUID. */
  readonly clusterId: string;
  readonly bindAddress: string;
  /** Nodes in index order. */
  readonly nodes: readonly NodeIdentity[];
  /** Index of the leader: the node whose compressed public key sorts lowest, byte by byte. */
  readonly leaderIndex: number;
  /** Index of the bootnode written to `devnet.yaml` and `NILLION_GRPC_ENDPOINT`: always node 0. */
  readonly bootnodeIndex: 0;
  /** `nodes[leaderIndex]`. */
  readonly leader: NodeIdentity;
  /** `nodes[0]`. */
  readonly bootnode: NodeIdentity;
  /** False only for ephemeral ports (`portBase: 0`) until {@link withBoundPorts} fills them in. */
  readonly portsBound: boolean;
}

/**
 * Lays out a devnet cluster as the reference `nillion-devnet` does, so that tools and test suites
 * written against it find the same cluster id, node ids, leader and (by default) the same ports.
 *
 * @throws {InvalidArgumentError} naming the option (`seed`, `nodeCount`, `portBase`, `bindAddress`,
 *   `clusterId`) that is out of range or malformed
 *
 * @example
 * ```ts
 * const layout = clusterLayout();
 * layout.clusterId; // "9e68173f-9c23-4acc-ba81-4f079b639964"
 * layout.nodes.map((node) => node.port); // [37939, 54936, 44651]
 * layout.leaderIndex; // 1
 * ```
 */
export function clusterLayout(options: ClusterLayoutOptions = {}): ClusterLayout {
  const seed = options.seed ?? DEFAULT_DEVNET_SEED;
  if (typeof seed !== "string") {
    throw new InvalidArgumentError(`"seed" must be a string, got ${typeof seed}`, { argument: "seed" });
  }
  const nodeCount = options.nodeCount ?? DEFAULT_NODE_COUNT;
  if (!Number.isInteger(nodeCount) || nodeCount < MIN_NODE_COUNT || nodeCount > MAX_NODE_COUNT) {
    throw new InvalidArgumentError(
      `"nodeCount" must be an integer from ${MIN_NODE_COUNT} to ${MAX_NODE_COUNT}, got ${nodeCount}`,
      { argument: "nodeCount" },
    );
  }
  const bindAddress = options.bindAddress ?? DEFAULT_BIND_ADDRESS;
  if (typeof bindAddress !== "string" || net.isIP(bindAddress) === 0) {
    throw new InvalidArgumentError(`"bindAddress" must be an IPv4 or IPv6 address, got ${bindAddress}`, {
      argument: "bindAddress",
    });
  }
  const clusterId =
    options.clusterId === undefined ? clusterIdFromSeed(seed) : normalizeClusterId(options.clusterId);
  const ports = layoutPorts(seed, nodeCount, options.portBase);
  const host = advertisedHost(bindAddress);
  const nodes = ports.map((port, index) => {
    const privateKey = PrivateKey.fromSeed(`${seed}:${index}`);
    return Object.freeze({
      index,
      privateKey,
      publicKey: privateKey.publicKey,
      nodeId: nodeIdFromPublicKey(privateKey.publicKey),
      port,
      grpcEndpoint: `http://${host}:${port}`,
    });
  });
  return freezeLayout({
    seed,
    clusterId,
    bindAddress,
    nodes,
    leaderIndex: lowestPublicKeyIndex(nodes),
    portsBound: options.portBase !== 0,
  });
}

/**
 * The same layout with the ports the nodes actually listen on, e.g. after binding ephemeral ports
 * (`portBase: 0`) and reading them back from each server. Keys, ids, leader and cluster id are unchanged.
 *
 * @throws {InvalidArgumentError} (`argument: "ports"`) unless `ports` holds one distinct port in
 *   [1, 65535] per node
 *
 * @example
 * ```ts
 * const planned = clusterLayout({ portBase: 0 });
 * const servers = await Promise.all(planned.nodes.map(() => listenOnePort({ handler, port: 0 })));
 * const layout = withBoundPorts(planned, servers.map((server) => server.port));
 * ```
 */
export function withBoundPorts(layout: ClusterLayout, ports: readonly number[]): ClusterLayout {
  const valid =
    ports.length === layout.nodes.length &&
    ports.every((port) => Number.isInteger(port) && port >= 1 && port <= MAX_PORT) &&
    new Set(ports).size === ports.length;
  if (!valid) {
    throw new InvalidArgumentError(
      `"ports" must hold ${layout.nodes.length} distinct ports in [1, ${MAX_PORT}], got [${ports.join(", ")}]`,
      { argument: "ports" },
    );
  }
  const host = advertisedHost(layout.bindAddress);
  const nodes = layout.nodes.map((node, index) => {
    const port = ports[index] as number;
    return Object.freeze({ ...node, port, grpcEndpoint: `http://${host}:${port}` });
  });
  return freezeLayout({ ...layout, nodes, portsBound: true });
}

function layoutPorts(seed: string, nodeCount: number, portBase: number | undefined): number[] {
  if (portBase === undefined) return seededNodePorts(seed, nodeCount);
  const highest = MAX_PORT - nodeCount + 1;
  if (!Number.isInteger(portBase) || portBase < 0 || portBase > highest) {
    throw new InvalidArgumentError(
      `"portBase" must be 0 (ephemeral) or an integer up to ${highest} for ${nodeCount} nodes, got ${portBase}`,
      { argument: "portBase" },
    );
  }
  return Array.from({ length: nodeCount }, (_, index) => (portBase === 0 ? 0 : portBase + index));
}

// Clients cannot dial the unspecified address portably (browsers refuse 0.0.0.0), so a cluster bound to
// all interfaces advertises loopback, as the reference always does. IPv6 literals need brackets in a URL.
function advertisedHost(bindAddress: string): string {
  if (bindAddress === "0.0.0.0") return "127.0.0.1";
  if (net.isIPv6(bindAddress)) return bindAddress === "::" ? "[::1]" : `[${bindAddress}]`;
  return bindAddress;
}

// The reference sorts the party ids (the compressed public keys) as byte strings and takes the first.
function lowestPublicKeyIndex(nodes: readonly NodeIdentity[]): number {
  let lowest = 0;
  nodes.forEach((node, index) => {
    const current = nodes[lowest] as NodeIdentity;
    if (compareBytes(node.publicKey, current.publicKey) < 0) lowest = index;
  });
  return lowest;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function freezeLayout(
  parts: Omit<ClusterLayout, "leader" | "bootnode" | "bootnodeIndex" | "nodes"> & {
    readonly nodes: readonly NodeIdentity[];
  },
): ClusterLayout {
  const nodes = Object.freeze([...parts.nodes]);
  return Object.freeze({
    seed: parts.seed,
    clusterId: parts.clusterId,
    bindAddress: parts.bindAddress,
    nodes,
    leaderIndex: parts.leaderIndex,
    bootnodeIndex: 0,
    leader: nodes[parts.leaderIndex] as NodeIdentity,
    bootnode: nodes[0] as NodeIdentity,
    portsBound: parts.portsBound,
  });
}
