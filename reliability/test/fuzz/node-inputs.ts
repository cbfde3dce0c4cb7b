// One fuzzed node call, drawn from its own random stream: which method on which node, which real message
// and how it is broken, which token, which protocol (gRPC, gRPC-web, Connect, or a wrong content type),
// over HTTP/2 or HTTP/1.1, framed honestly or not.
import { fromBinary, type JsonValue, toBinary, toJson } from "@bufbuild/protobuf";
import { envelope } from "../support/grpc-envelopes.js";
import type { RpcProtocol } from "../support/rpc-outcome.js";
import type { SeededRandom } from "../support/seeded-random.js";
import { type AuthChoice, chooseAuth } from "./auth-headers.js";
import { drawFraming } from "./draw-framing.js";
import { frameMessages } from "./frame-messages.js";
import type { FuzzCluster, FuzzNode } from "./fuzz-cluster.js";
import { mutateFields } from "./mutate-fields.js";
import { mutateMessage } from "./mutate-message.js";
import { type NodeTarget, peerMessages } from "./node-targets.js";
import { bytesField, concat } from "./protobuf-wire.js";
import type { Http1Framing } from "./raw-http1.js";
import type { SeedCorpus } from "./seed-corpus.js";
import { stressMessage } from "./stress-messages.js";

export interface NodeInput {
  /** `<stream>:<index>`, e.g. `node:457`: with the run's seed, all it takes to replay this input. */
  readonly id: string;
  /** What was drawn, e.g. `Values/StoreValues on node 2, h2 grpc, user-token, bit-flips(3), exact`. */
  readonly label: string;
  readonly node: FuzzNode;
  readonly transport: "h2" | "h1";
  readonly protocol: RpcProtocol;
  readonly httpMethod: string;
  readonly path: string;
  /** The method called, unless the path names none. */
  readonly target?: NodeTarget;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** `grpc-encoding` of the body's compressed envelopes. */
  readonly encoding?: string;
  readonly framing: Http1Framing;
}

export interface NodeFuzzContext {
  readonly cluster: FuzzCluster;
  readonly corpus: SeedCorpus;
  readonly targets: readonly NodeTarget[];
}

/** The largest message a node reads (nilvm's `max_payload_size`, the devnet's `MAX_MESSAGE_BYTES`). */
export const NODE_MESSAGE_LIMIT = 6 * 1024 * 1024;

const PLAIN_TYPES = [
  "text/plain",
  "application/xml",
  "",
  "application/grpc-web-text",
  "multipart/form-data",
  "application/x-protobuf",
];

/**
 * Draws the input `id` (`<stream>:<index>`) from its random stream.
 *
 * @example
 * ```ts
 * const input = await nodeInput(context, "node:457", seededRandom(inputSeed(seed, "node", 457)));
 * ```
 */
export async function nodeInput(
  context: NodeFuzzContext,
  id: string,
  random: SeededRandom,
): Promise<NodeInput> {
  const { cluster, corpus } = context;
  const labels: string[] = [];
  const unknownPath = random.chance(0.02);
  const target = unknownPath ? undefined : random.pick(context.targets);
  const path = target?.path ?? randomPath(random);
  const node = target?.leaderOnly && random.chance(0.85) ? cluster.leader : random.pick(cluster.nodes);
  labels.push(
    `${path.split("/").slice(-2).join("/")} on node ${node.index}${node.leader ? " (leader)" : ""}`,
  );

  let messages = target
    ? await seedMessages(context, target, node, random, labels)
    : [random.bytes(random.int(64))];
  if (random.chance(0.75)) {
    const at = random.int(messages.length);
    const original = messages[at] ?? new Uint8Array();
    const schema = target && !target.peerOnly ? target.method.input : undefined;
    const mutated =
      (schema && random.chance(0.4) ? mutateFields(schema, original, random) : undefined) ??
      mutateMessage(original, random);
    messages = messages.map((message, i) => (i === at ? mutated.bytes : message));
    labels.push(mutated.label);
  }
  // Peers sign only calls to nodes that are not the leader: a peer stream to the leader would hold a
  // compute slot there for the inactivity timeout.
  const peer =
    target?.peerOnly && !node.leader
      ? cluster.nodes.find((other) => !other.leader && other.index !== node.index)
      : undefined;
  const auth = chooseAuth(random, corpus.key, node, cluster.nodes, peer);
  labels.push(auth.label);

  const transport = random.chance(0.7) ? "h2" : "h1";
  const unary =
    target === undefined ||
    target.method.methodKind === "unary" ||
    target.method.methodKind === "server_streaming";
  const roll = random.int(100);
  const protocol: RpcProtocol =
    roll < 45 ? "grpc" : roll < 80 ? "grpc-web" : roll < 92 && unary ? "connect" : "plain";
  const framing = drawFraming(random);
  const httpMethod = random.chance(0.03) ? random.pick(["GET", "PUT", "DELETE"]) : "POST";
  const request = encodeRequest(protocol, transport, messages, target, auth, random);
  labels.push(
    `${transport} ${protocol} ${request.label}`,
    ...(transport === "h1" ? [framing] : []),
    ...(httpMethod === "POST" ? [] : [httpMethod]),
  );
  return {
    id,
    label: labels.join(", "),
    node,
    transport,
    protocol,
    httpMethod,
    path,
    ...(target ? { target } : {}),
    headers: request.headers,
    body: request.body,
    ...(request.encoding ? { encoding: request.encoding } : {}),
    framing: transport === "h1" ? framing : "content-length",
  };
}

/**
 * A call with a body just over the node's message limit, honestly framed: the node must refuse it with
 * RESOURCE_EXHAUSTED and stay usable. `nth` 0 and 1 go to the same node over HTTP/2, so that the second
 * one meets the session the first one left; `nth` 2 goes over HTTP/1.1.
 */
export function oversizedInput(
  context: NodeFuzzContext,
  id: string,
  index: number,
  nth: number,
  random: SeededRandom,
): NodeInput {
  const { nodes } = context.cluster;
  const node = nodes[Math.floor(index / 1000) % nodes.length] ?? context.cluster.leader;
  const target = random.pick(context.targets.filter((t) => t.method.methodKind === "unary" && !t.leaderOnly));
  const over = 1 + random.int(1024);
  // One unknown field (a 3-byte tag, a 4-byte length) makes a message of the limit plus `over` bytes.
  const padding = bytesField(19_999, new Uint8Array(NODE_MESSAGE_LIMIT + over - 7));
  const transport = nth < 2 ? "h2" : "h1";
  return {
    id,
    label: `${target.path.split("/").slice(-2).join("/")} on node ${node.index}, ${transport} grpc, oversized(limit + ${over})`,
    node,
    transport,
    protocol: "grpc",
    httpMethod: "POST",
    path: target.path,
    target,
    headers: { "content-type": "application/grpc", ...(transport === "h2" ? { te: "trailers" } : {}) },
    body: envelope(0, padding),
    framing: "content-length",
  };
}

async function seedMessages(
  context: NodeFuzzContext,
  target: NodeTarget,
  node: FuzzNode,
  random: SeededRandom,
  labels: string[],
): Promise<Uint8Array[]> {
  const synthetic = target.peerOnly ? peerMessages(target.path, random) : undefined;
  if (synthetic) return synthetic;
  const recorded = context.corpus.calls.get(target.path) ?? [];
  const own = recorded.filter((call) => call.baseUrl === node.url);
  const seed = random.pick(
    own.length > 0 ? own : recorded.length > 0 ? recorded : [{ baseUrl: node.url, bytes: new Uint8Array() }],
  );
  let message = seed.bytes;
  const freshChance = target.method.name === "InvokeCompute" ? 0.1 : 0.3;
  if (context.corpus.receiptMethods.has(target.path) && random.chance(freshChance)) {
    const decoded = fromBinary(target.method.input, message) as { signedReceipt?: unknown };
    decoded.signedReceipt = await context.corpus.freshReceipt(target.path);
    message = toBinary(target.method.input, decoded as never);
    labels.push("fresh-receipt");
  }
  if (random.chance(0.03)) {
    const stressed = stressMessage(target.method.name, message, random);
    if (stressed) {
      labels.push(stressed.label);
      return [stressed.bytes];
    }
  }
  return [message];
}

function encodeRequest(
  protocol: RpcProtocol,
  transport: "h2" | "h1",
  messages: readonly Uint8Array[],
  target: NodeTarget | undefined,
  auth: AuthChoice,
  random: SeededRandom,
): { headers: Record<string, string>; body: Uint8Array; encoding?: string; label: string } {
  const timeout = random.chance(0.05)
    ? { "grpc-timeout": random.pick(["1m", "1S", "99999999H", "-1S", "garbage", "5"]) }
    : {};
  switch (protocol) {
    case "grpc":
    case "grpc-web": {
      const framed = frameMessages(messages, random);
      const contentType =
        protocol === "grpc"
          ? random.pick(["application/grpc", "application/grpc+proto"])
          : random.pick(["application/grpc-web+proto", "application/grpc-web"]);
      const headers: Record<string, string> = {
        "content-type": contentType,
        ...(protocol === "grpc" && transport === "h2" ? { te: "trailers" } : {}),
        ...(protocol === "grpc-web" ? { "x-grpc-web": "1" } : {}),
        ...(framed.encoding ? { "grpc-encoding": framed.encoding } : {}),
        ...timeout,
        ...auth.headers,
      };
      return {
        headers,
        body: framed.body,
        ...(framed.encoding ? { encoding: framed.encoding } : {}),
        label: `${framed.label}${headerLabel(timeout)}`,
      };
    }
    case "connect": {
      const message = messages[0] ?? new Uint8Array();
      const version = {
        ...(random.chance(0.9) ? { "connect-protocol-version": "1" } : {}),
        ...(random.chance(0.05)
          ? { "connect-timeout-ms": random.pick(["1", "9999999999", "-1", "1.5", "abc"]) }
          : {}),
      };
      if (target && random.chance(0.3)) {
        const json = connectJson(target, message, random);
        return {
          headers: { "content-type": "application/json", ...version, ...auth.headers },
          body: json.body,
          label: `${json.label}${headerLabel(version)}`,
        };
      }
      return {
        headers: { "content-type": "application/proto", ...version, ...auth.headers },
        body: message,
        label: `proto${headerLabel(version)}`,
      };
    }
    case "plain": {
      const contentType = random.pick(PLAIN_TYPES);
      const body = concat(...messages.map((message) => envelope(0, message)));
      return {
        headers: { ...(contentType === "" ? {} : { "content-type": contentType }), ...auth.headers },
        body,
        label: `content-type ${JSON.stringify(contentType)}`,
      };
    }
  }
}

/** The timeout headers among `headers`, for the input's label. */
function headerLabel(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .filter(([name]) => name.includes("timeout"))
    .map(([name, value]) => `, ${name}: ${value}`)
    .join("");
}

/** A Connect JSON body: the message as JSON, with one value replaced, or not JSON at all. */
function connectJson(
  target: NodeTarget,
  message: Uint8Array,
  random: SeededRandom,
): { body: Uint8Array; label: string } {
  const encoder = new TextEncoder();
  let json: JsonValue;
  try {
    json = toJson(target.method.input, fromBinary(target.method.input, message));
  } catch {
    json = {};
  }
  const roll = random.int(10);
  if (roll < 3) return { body: encoder.encode(JSON.stringify(json)), label: "json" };
  if (roll < 7 && json !== null && typeof json === "object" && !Array.isArray(json)) {
    const keys = Object.keys(json);
    const key = keys.length > 0 && random.chance(0.8) ? random.pick(keys) : `unknown${random.int(100)}`;
    const depth = random.pick([10, 1000, 100_000]);
    const replacement = random.pick<JsonValue | string>([
      null,
      -1,
      1e308,
      "",
      "x".repeat(100_000),
      [],
      {},
      true,
      "AAAA",
      "not base64 !",
    ]);
    if (random.chance(0.2)) {
      const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
      const text = JSON.stringify({ ...json, [key]: "__DEEP__" }).replace('"__DEEP__"', nested);
      return { body: encoder.encode(text), label: `json(${key} = arrays nested ${depth} deep)` };
    }
    const shown = JSON.stringify(replacement) ?? "";
    return {
      body: encoder.encode(JSON.stringify({ ...json, [key]: replacement })),
      label: `json(${key} = ${shown.length > 20 ? `string(${shown.length})` : shown})`,
    };
  }
  return {
    body: concat(encoder.encode('{"'), random.bytes(random.int(64)), encoder.encode('":1}')),
    label: "json-garbage",
  };
}

function randomPath(random: SeededRandom): string {
  return random.pick([
    "/",
    "/nillion.values.v1.Values/NoSuchMethod",
    "/no.such.Service/Call",
    "/grpc.health.v1.Health/Check",
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    `/${"a".repeat(8192)}`,
    "/nillion.values.v1.Values/StoreValues/extra",
    "/%00%ff/..%2f",
  ]);
}
