// A 3-node devnet cluster with compute in this process, on real sockets, and a client for it: users fund a
// balance once (one MsgPayFor on the test chain) and pay every operation from it, store programs and
// values on every node (secrets masked per node with SecretMasker), invoke compute on every node with one
// receipt and unmask what each node returns. Also the shared Nada fixtures and a transcript auditor.
import { readFileSync } from "node:fs";
import path from "node:path";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type Client, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  createSignedToken,
  encodeTokenHeader,
  interpolateAtZero,
  lagrangeAtZero,
  PrimeField,
  type PrimeName,
  PrivateKey,
  SecretMasker,
} from "@nillion/crypto";
import type { ChannelMessage } from "@nillion/mpc";
import { decodeProgram, programContract } from "@nillion/nada";
import type { InvokeComputeRequestSchema } from "@nillion/proto/nillion/compute/v1/invoke";
import type { RetrieveResultsResponse } from "@nillion/proto/nillion/compute/v1/retrieve";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";
import type { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import type {
  ComputePermissionsSchema,
  Permissions as PermissionsMessage,
  PermissionsSchema,
} from "@nillion/proto/nillion/permissions/v1/permissions";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { type NamedValue, NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import {
  Integer,
  Array as NadaArray,
  Boolean as NadaBoolean,
  Tuple as NadaTuple,
  type NadaValue,
  type NadaValues,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  UnsignedInteger,
  type UserId,
} from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  type ClusterLayout,
  clusterLayout,
  MemoryStore,
  type NilChain,
  withBoundPorts,
} from "../src/index.js";
import { type ComputeExtensionOptions, computeExtension } from "../src/node/compute/compute-extension.js";
import { DevnetNode } from "../src/node/devnet-node.js";
import { broadcastPayment, startTestChain } from "./helpers.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");
export const PRIME: PrimeName = "SAFE_256_BITS";
const field = PrimeField.of(PRIME);

/** The arithmetic-tier fixtures (node-mpc.md §9.3 A). */
export const TIER_A = [
  "arith_basic",
  "three_parties",
  "unsigned_ops",
  "reveal_chain",
  "array_ops",
  "zip_unzip",
  "power_public",
] as const;

interface FixtureValue {
  readonly type: string;
  readonly value?: unknown;
  /** Either value is correct (`trunc_pr` rounds randomly). */
  readonly one_of?: readonly unknown[];
}

/**
 * The comparison, equality, shift, truncation, division and random fixtures (node-mpc.md §9.3 B): they
 * consume preprocessing elements.
 */
export const TIER_B = [
  "min_max",
  "div_mod_public",
  "equality",
  "shifts_trunc",
  "booleans",
  "div_secret",
  "random_values",
] as const;

export interface FixtureCase {
  readonly name: string;
  readonly inputs: Readonly<Record<string, FixtureValue>>;
  readonly outputs: Readonly<Record<string, Readonly<Record<string, FixtureValue>>>> | null;
  readonly error: string | null;
}

/** A fixture program's `.nada.bin` bytes, as a client uploads them. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, `${name}.nada.bin`)));
}

/** The input and output parties a fixture program declares. */
export function fixtureParties(name: string): {
  inputParties: readonly string[];
  outputParties: readonly string[];
} {
  const { inputParties, outputParties } = programContract(decodeProgram(fixtureBytes(name)));
  return { inputParties, outputParties };
}

export function fixtureCases(name: string): readonly FixtureCase[] {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.cases.json`), "utf8")).cases;
}

/** The value classes of a case's inputs. */
export function fixtureValues(values: Readonly<Record<string, FixtureValue>>): NadaValues {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toNadaValue(value)]));
}

function toNadaValue({ type, value }: FixtureValue): NadaValue {
  switch (type) {
    case "Integer":
      return new Integer(value as string);
    case "UnsignedInteger":
      return new UnsignedInteger(value as string);
    case "Boolean":
      return new NadaBoolean(value as boolean);
    case "SecretInteger":
      return new SecretInteger(value as string);
    case "SecretUnsignedInteger":
      return new SecretUnsignedInteger(value as string);
    case "SecretBoolean":
      return new SecretBoolean(value as boolean);
    case "Array":
      return new NadaArray((value as FixtureValue[]).map(toNadaValue));
    case "Tuple": {
      const [left, right] = value as [FixtureValue, FixtureValue];
      return new NadaTuple(toNadaValue(left), toNadaValue(right));
    }
    default:
      throw new Error(`fixture value type ${type} is not used by the arithmetic tier`);
  }
}

/** A value in the fixtures' JSON form, for comparison with `outputs`. */
export function toFixtureJson(value: NadaValue): FixtureValue {
  switch (value.type) {
    case "Array":
      return { type: "Array", value: value.value.map(toFixtureJson) };
    case "Tuple":
      return { type: "Tuple", value: [toFixtureJson(value.left), toFixtureJson(value.right)] };
    case "Boolean":
    case "SecretBoolean":
      return { type: value.type, value: value.value };
    case "Integer":
    case "UnsignedInteger":
    case "SecretInteger":
    case "SecretUnsignedInteger":
      return { type: value.type, value: value.value.toString() };
    default:
      throw new Error(`unexpected output type ${value.type}`);
  }
}

/**
 * The outputs `testCase` expects, in the form of {@link toFixtureJson}, given what was `actual`ly
 * computed: an output with `one_of` takes the computed value after checking that it is one of them.
 */
export function expectedOutputs(
  testCase: FixtureCase,
  actual: Readonly<Record<string, FixtureValue>>,
): Record<string, FixtureValue> {
  const expected: Record<string, FixtureValue> = Object.assign({}, ...Object.values(testCase.outputs ?? {}));
  return Object.fromEntries(
    Object.entries(expected).map(([name, { type, value, one_of }]) => {
      if (one_of === undefined) return [name, { type, value }];
      const computed = actual[name]?.value;
      if (!one_of.includes(computed))
        throw new Error(`${name}: ${String(computed)} is not one of ${one_of.join(", ")}`);
      return [name, { type, value: computed }];
    }),
  );
}

/** What a failed call was refused with: its code and message. */
export async function failure(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected a failure");
}

type Operation = NonNullable<MessageInitShape<typeof PriceQuoteRequestSchema>["operation"]>;

/** One node's InvokeCompute request. */
export interface InvokeRequest {
  readonly signedReceipt: SignedReceipt;
  readonly valueIds: Uint8Array[];
  readonly values: MessageInitShape<typeof NamedValueSchema>[];
  readonly inputBindings: { partyName: string; user: { contents: Uint8Array } }[];
  readonly outputBindings: { partyName: string; users: { contents: Uint8Array }[] }[];
}

/** What to compute: the program, stored value sets, compute-time values and the party bindings. */
export interface Invocation {
  readonly programId: string;
  readonly valueIds?: readonly Uint8Array[];
  /** Compute-time values, masked per node. */
  readonly values?: NadaValues;
  /** Input party → the user bound to it. */
  readonly inputs: Readonly<Record<string, UserId>>;
  /** Output party → the users bound to it. */
  readonly outputs: Readonly<Record<string, readonly UserId[]>>;
}

/** One client of the cluster: a user key with a funded balance and a client per node. */
export class ClusterUser {
  readonly key: PrivateKey;
  readonly #cluster: ComputeCluster;
  readonly #payments: Client<typeof Payments>;
  readonly #leaderQueries: Client<typeof LeaderQueries>;
  readonly #values: Client<typeof Values>[];
  readonly #permissions: Client<typeof Permissions>[];
  readonly #programs: Client<typeof Programs>[];
  readonly #compute: Client<typeof Compute>[];

  constructor(cluster: ComputeCluster, key: PrivateKey) {
    this.key = key;
    this.#cluster = cluster;
    const transports = cluster.layout.nodes.map((node) =>
      createGrpcTransport({ baseUrl: node.grpcEndpoint, interceptors: [authenticate(key, node.nodeId)] }),
    );
    const leader = transports[cluster.layout.leaderIndex];
    if (leader === undefined) throw new Error("no leader");
    this.#payments = createClient(Payments, leader);
    this.#leaderQueries = createClient(LeaderQueries, leader);
    this.#values = transports.map((transport) => createClient(Values, transport));
    this.#permissions = transports.map((transport) => createClient(Permissions, transport));
    this.#programs = transports.map((transport) => createClient(Programs, transport));
    this.#compute = transports.map((transport) => createClient(Compute, transport));
  }

  get id(): UserId {
    return this.key.userId;
  }

  /** A quote for `operation`, paid from the balance. */
  async receipt(operation: Operation): Promise<SignedReceipt> {
    const signedQuote = await this.#payments.priceQuote({ operation });
    return this.#payments.paymentReceipt({ signedQuote, txHash: "" });
  }

  /** Stores a program on every node; returns its id. */
  async storeProgram(name: string, program: Uint8Array): Promise<string> {
    const signedReceipt = await this.receipt({
      case: "storeProgram",
      value: { name, contentsSha256: sha256(program), metadata: { programSize: BigInt(program.length) } },
    });
    const ids = await Promise.all(
      this.#programs.map((client) => client.storeProgram({ program, signedReceipt })),
    );
    return ids[0]?.programId ?? "";
  }

  /** Stores `values` (each node gets its shares) that `computeFor` may compute with on `programId`. */
  async storeValues(
    values: NadaValues,
    access: {
      programId?: string;
      computeFor?: readonly UserId[];
      permissions?: MessageInitShape<typeof PermissionsSchema>;
    } = {},
  ): Promise<Uint8Array> {
    const signedReceipt = await this.receipt({
      case: "storeValues",
      value: { secretSharedCount: BigInt(Object.keys(values).length) },
    });
    const me = { contents: this.id.bytes };
    const permissions = access.permissions ?? {
      owner: me,
      retrieve: [me],
      update: [me],
      delete: [me],
      compute: (access.computeFor ?? [this.id]).map((user) => ({
        user: { contents: user.bytes },
        programIds: access.programId === undefined ? [] : [access.programId],
      })),
    };
    const shares = this.#cluster.mask(values);
    const responses = await Promise.all(
      this.#values.map((client, index) =>
        client.storeValues({ signedReceipt, permissions, values: shares[index] ?? [] }),
      ),
    );
    return responses[0]?.valuesId ?? new Uint8Array();
  }

  /** Each node's values of the set `valuesId` (by node index), paid. */
  async retrieveValues(valuesId: Uint8Array): Promise<NamedValue[][]> {
    const signedReceipt = await this.receipt({ case: "retrieveValues", value: { valuesId } });
    const responses = await Promise.all(
      this.#values.map((client) => client.retrieveValues({ signedReceipt })),
    );
    return responses.map((response) => response.values);
  }

  /** Each node's permissions of the set `valuesId` (by node index), paid. */
  async retrievePermissions(valuesId: Uint8Array): Promise<PermissionsMessage[]> {
    const signedReceipt = await this.receipt({ case: "retrievePermissions", value: { valuesId } });
    return Promise.all(this.#permissions.map((client) => client.retrievePermissions({ signedReceipt })));
  }

  /** Grants and revokes compute permissions on the set `valuesId` on every node, paid. */
  async updateCompute(
    valuesId: Uint8Array,
    compute: {
      grant?: MessageInitShape<typeof ComputePermissionsSchema>[];
      revoke?: MessageInitShape<typeof ComputePermissionsSchema>[];
    },
  ): Promise<void> {
    const signedReceipt = await this.receipt({ case: "updatePermissions", value: { valuesId } });
    await Promise.all(
      this.#permissions.map((client) => client.updatePermissions({ signedReceipt, compute })),
    );
  }

  /** A paid compute receipt for `programId`. */
  computeReceipt(programId: string): Promise<SignedReceipt> {
    return this.receipt({ case: "invokeCompute", value: { programId } });
  }

  /** Each node's InvokeCompute request for `invocation`, with its own shares of the compute-time values. */
  invokeRequests(invocation: Invocation, signedReceipt: SignedReceipt): InvokeRequest[] {
    const shares = this.#cluster.mask(invocation.values ?? {});
    return this.#cluster.layout.nodes.map((_, index) => ({
      signedReceipt,
      valueIds: [...(invocation.valueIds ?? [])],
      values: shares[index] ?? [],
      inputBindings: Object.entries(invocation.inputs).map(([partyName, user]) => ({
        partyName,
        user: { contents: user.bytes },
      })),
      outputBindings: Object.entries(invocation.outputs).map(([partyName, users]) => ({
        partyName,
        users: users.map((user) => ({ contents: user.bytes })),
      })),
    }));
  }

  /** Sends `request` to node `index`; resolves the compute id. */
  async invokeOn(
    index: number,
    request: MessageInitShape<typeof InvokeComputeRequestSchema>,
  ): Promise<Uint8Array> {
    const client = this.#compute[index];
    if (client === undefined) throw new Error(`no node ${index}`);
    return (await client.invokeCompute(request)).computeId;
  }

  /** Pays for and starts a computation on every node; resolves the compute id. */
  async invoke(invocation: Invocation): Promise<Uint8Array> {
    const receipt = await this.computeReceipt(invocation.programId);
    const requests = this.invokeRequests(invocation, receipt);
    const ids = await Promise.all(requests.map((request, index) => this.invokeOn(index, request)));
    return ids[0] ?? new Uint8Array();
  }

  /** Every message node `index` streams back for `computeId`; rejects if the stream ends with an error. */
  async resultStream(index: number, computeId: Uint8Array): Promise<RetrieveResultsResponse[]> {
    const client = this.#compute[index];
    if (client === undefined) throw new Error(`no node ${index}`);
    const messages: RetrieveResultsResponse[] = [];
    for await (const message of client.retrieveResults({ computeId })) messages.push(message);
    return messages;
  }

  /** The last message of each node's result stream. */
  async outcomes(computeId: Uint8Array): Promise<RetrieveResultsResponse["state"][]> {
    const streams = await Promise.all(
      this.#cluster.layout.nodes.map((_, index) => this.resultStream(index, computeId)),
    );
    return streams.map((messages) => messages[messages.length - 1]?.state ?? { case: undefined });
  }

  /** The computation's outputs for this user, unmasked from every node's answer. */
  async results(computeId: Uint8Array): Promise<NadaValues> {
    const outcomes = await this.outcomes(computeId);
    return this.#cluster.unmask(
      outcomes.map((state) => {
        if (state.case !== "success") throw new Error(`the computation failed: ${JSON.stringify(state)}`);
        return state.value.values;
      }),
    );
  }

  /** PoolStatus, paid. */
  async poolStatus() {
    const signedReceipt = await this.receipt({ case: "poolStatus", value: {} });
    return this.#leaderQueries.poolStatus({ signedReceipt });
  }

  /** The `PriceQuote` response for running `programId`. */
  quoteCompute(programId: string) {
    return this.#payments.priceQuote({ operation: { case: "invokeCompute", value: { programId } } });
  }
}

/** Every call from `key` to the node `nodeId` carries a fresh token for that node. */
function authenticate(key: PrivateKey, nodeId: Uint8Array): Interceptor {
  return (next) => (request) => {
    request.header.set(
      "x-nillion-token",
      encodeTokenHeader(createSignedToken({ signer: key, targetNodeId: nodeId })),
    );
    return next(request);
  };
}

/** Options of {@link startComputeCluster}. */
export interface ComputeClusterOptions {
  readonly compute?: ComputeExtensionOptions;
}

/** Nodes with compute (three, or a devnet's), a chain, and funded users. */
export class ComputeCluster {
  readonly chain: NilChain;
  readonly layout: ClusterLayout;
  readonly nodes: readonly DevnetNode[];
  /** Every round message any node received, as decoded by the receiving node. */
  readonly transcript: ChannelMessage[];
  readonly #masker: SecretMasker;
  #users = 0;
  #sequence: bigint | undefined;

  /** `sharing`: the cluster's prime and degree, the 256-bit prime and degree 1 unless given. */
  constructor(
    chain: NilChain,
    layout: ClusterLayout,
    nodes: readonly DevnetNode[],
    transcript: ChannelMessage[],
    sharing: { readonly prime: PrimeName; readonly degree: number } = { prime: PRIME, degree: 1 },
  ) {
    this.chain = chain;
    this.layout = layout;
    this.nodes = nodes;
    this.transcript = transcript;
    this.#masker = new SecretMasker({ ...sharing, parties: layout.nodes.map((node) => node.nodeId) });
  }

  /** A new user with 1,000 NIL of balance (100,000 credits: a thousand operations). */
  async user(): Promise<ClusterUser> {
    this.#users += 1;
    const user = new ClusterUser(this, PrivateKey.fromSeed(`compute test user ${this.#users}`));
    const payload = toBinary(
      AddFundsPayloadSchema,
      create(AddFundsPayloadSchema, {
        recipient: { contents: user.id.bytes },
        nonce: crypto.getRandomValues(new Uint8Array(32)),
      }),
    );
    // Counted from the chain's sequence, so that users of a restarted chain pay on from where it was.
    this.#sequence ??= this.chain.account(this.chain.keys[0]?.address ?? "")?.sequence ?? 0n;
    const txHash = await broadcastPayment(this.chain, {
      keyIndex: 0,
      sequence: this.#sequence++,
      amount: 1_000_000_000n,
      resource: sha256(payload),
    });
    const leader = createGrpcTransport({ baseUrl: this.layout.leader.grpcEndpoint });
    await createClient(Payments, leader).addFunds({ payload, txHash });
    return user;
  }

  /** Each node's shares of `values`, by node index. */
  mask(values: NadaValues): MessageInitShape<typeof NamedValueSchema>[][] {
    const shares = this.#masker.mask(values);
    return this.layout.nodes.map((node) => {
      const mine = shares.find((party) => party.partyHex === Buffer.from(node.nodeId).toString("hex"));
      return (mine?.values ?? []) as MessageInitShape<typeof NamedValueSchema>[];
    });
  }

  /** The values behind each node's answer (by node index). */
  unmask(perNode: readonly (readonly MessageInitShape<typeof NamedValueSchema>[])[]): NadaValues {
    return this.#masker.unmask(
      perNode.map((values, index) => ({
        party: this.layout.nodes[index]?.nodeId ?? new Uint8Array(),
        values: values.map((value) => create(NamedValueSchema, value)),
      })),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.close()));
    await this.chain.stop();
  }
}

/** Starts a chain and three nodes with compute on ephemeral ports, and binds them. */
export async function startComputeCluster(options: ComputeClusterOptions = {}): Promise<ComputeCluster> {
  const chain = await startTestChain();
  const transcript: ChannelMessage[] = [];
  const compute = computeExtension({
    ...options.compute,
    onPeerMessage: (message) => {
      transcript.push(message);
      options.compute?.onPeerMessage?.(message);
    },
  });
  const planned = clusterLayout({ portBase: 0 });
  const nodes = await Promise.all(
    planned.nodes.map((_, index) =>
      DevnetNode.listen({
        layout: planned,
        index,
        prime: Prime.SAFE_256_BITS,
        polynomialDegree: 1,
        store: new MemoryStore(),
        chainRpcUrl: chain.urls.rpc,
        extensions: [compute],
      }),
    ),
  );
  const layout = withBoundPorts(
    planned,
    nodes.map((node) => node.port),
  );
  for (const node of nodes) node.bind(layout);
  return new ComputeCluster(chain, layout, nodes, transcript);
}

/**
 * Audits a computation's transcript (3 parties, T = 1) as an eavesdropper on every link would: every
 * element position of a round is either an opening (each sender sends the same element to both peers)
 * whose shares lie on one line and open an allowed value, or a resharing (each sender sends its two peers
 * different points) whose line through the two points is not constant and whose slope no other
 * resharing repeats: fresh randomness that no single peer can see through. Returns the opened values.
 */
export function auditTranscript(messages: readonly ChannelMessage[], allowed: readonly bigint[]): bigint[] {
  const n = 3;
  const rounds = new Map<number, Map<string, readonly bigint[]>>();
  for (const message of messages) {
    const round = rounds.get(message.round) ?? new Map<string, readonly bigint[]>();
    rounds.set(message.round, round);
    round.set(`${message.from}>${message.to}`, message.elements);
  }
  const allowedSet = new Set(allowed.map((value) => field.reduce(value)));
  const openAll = lagrangeAtZero(field, [1n, 2n, 3n]);
  const slopes = new Set<bigint>();
  const opened: bigint[] = [];
  for (const [r, round] of [...rounds.entries()].sort(([a], [b]) => a - b)) {
    if (round.size !== n * (n - 1)) throw new Error(`round ${r}: ${round.size} messages, expected 6`);
    const sent = (i: number, j: number) => round.get(`${i}>${j}`) ?? [];
    const length = sent(0, 1).length;
    for (let k = 0; k < length; k++) {
      const point = (i: number, j: number) => {
        const element = sent(i, j)[k];
        if (element === undefined) throw new Error(`round ${r}: message ${i}>${j} is short`);
        return element;
      };
      const peersOf = (i: number) => [0, 1, 2].filter((j) => j !== i) as [number, number];
      const broadcast = [0, 1, 2].map((i) => {
        const [a, b] = peersOf(i);
        return point(i, a) === point(i, b);
      });
      if (broadcast.every(Boolean)) {
        const shares = [0, 1, 2].map((i) => point(i, peersOf(i)[0]));
        const [s1, s2, s3] = shares as [bigint, bigint, bigint];
        if (field.sub(s2, s1) !== field.sub(s3, s2)) throw new Error(`round ${r}: an opening off one line`);
        const value = interpolateAtZero(field, openAll, shares);
        if (!allowedSet.has(value)) throw new Error(`round ${r}, element ${k}: opens ${value}, not allowed`);
        opened.push(value);
        continue;
      }
      if (broadcast.some(Boolean)) throw new Error(`round ${r}, element ${k}: mixes openings and resharings`);
      for (let i = 0; i < n; i++) {
        const [a, b] = peersOf(i);
        const slope = field.mul(field.sub(point(i, b), point(i, a)), field.inv(BigInt(b - a)));
        if (slope === 0n) throw new Error(`round ${r}, element ${k}: node party ${i} dealt a constant`);
        if (slopes.has(slope)) throw new Error(`round ${r}, element ${k}: party ${i} reused randomness`);
        slopes.add(slope);
      }
    }
  }
  return opened;
}
