// An in-memory nilvm cluster for unit tests: tiny re-implementations of the node services (after
// wire-protocol.md §4–§7 and the devnet's behaviour) and the leader's Payments service from
// @nillion/test-kit, served through connect's router transport. It keeps what a test needs to assert:
// every call, every token's caller, what each node stored.
import { create, fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  createRouterTransport,
  type HandlerContext,
  type Interceptor,
  type ServiceImpl,
} from "@connectrpc/connect";
import {
  PrivateKey,
  SecretMasker,
  TOKEN_HEADER,
  verifySignedToken,
  type WireNamedValue,
} from "@nillion/crypto";
import { PublicKeyType } from "@nillion/proto/nillion/auth/v1/public_key";
import type { InvokeComputeRequest } from "@nillion/proto/nillion/compute/v1/invoke";
import type { RetrieveResultsResponseSchema } from "@nillion/proto/nillion/compute/v1/retrieve";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { PoolStatusResponseSchema } from "@nillion/proto/nillion/leader_queries/v1/pool_status";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Prime } from "@nillion/proto/nillion/membership/v1/cluster";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import {
  type OperationMetadata,
  type Receipt,
  ReceiptSchema,
  type SignedReceipt,
} from "@nillion/proto/nillion/payments/v1/receipt";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import type { Permissions as PermissionsMessage } from "@nillion/proto/nillion/permissions/v1/permissions";
import { Permissions as PermissionsService } from "@nillion/proto/nillion/permissions/v1/service";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import type { NamedValue } from "@nillion/proto/nillion/values/v1/value";
import { FakeLeader } from "@nillion/test-kit/fake-leader";
import { FakePayer } from "@nillion/test-kit/fake-payer";
import {
  bytesEqual,
  bytesToHex,
  formatProgramId,
  type NadaValues,
  type UserId,
  ValuesId,
} from "@nillion/types";
import type { TransportFactory, TransportTarget } from "@nillion/vm-client";
import { sha256 } from "@noble/hashes/sha2.js";

/** A node of the fake cluster, with what it stored. */
export interface FakeNode {
  readonly index: number;
  readonly key: PrivateKey;
  readonly id: Uint8Array;
  readonly idHex: string;
  readonly endpoint: string;
  readonly values: Map<string, { values: NamedValue[]; permissions: PermissionsMessage }>;
  readonly usedReceipts: Set<string>;
  readonly programs: Map<string, Uint8Array>;
  readonly computes: Map<string, { programId: string; request: InvokeComputeRequest }>;
}

/** One call a node received. */
export interface CallRecord {
  readonly node: string;
  readonly method: string;
  /** Who the token said was calling (hex), if anyone. */
  readonly caller: string | undefined;
  /** The token header as sent, if any. */
  readonly token: string | undefined;
  readonly request: unknown;
  /** The deadline the client sent (`grpc-timeout`), if any. */
  readonly timeoutMs: number | undefined;
}

/** A failure to inject: the next `times` calls of `method` (on `node`, or any) fail with `error`. */
export interface Fault {
  readonly method: string;
  readonly node?: string;
  times?: number;
  readonly error: ConnectError;
  /** Fail after the node did the work (and used the receipt), as when an answer is lost. */
  readonly after?: boolean;
}

export interface FakeClusterOptions {
  readonly nodes?: number;
  readonly prime?: Prime;
  readonly degree?: number;
  /** What `NodeVersion` reports; `null` for a build without a version. */
  readonly version?: { major: bigint; minor: bigint } | null;
  /** The leader's index among the nodes (default 1). */
  readonly leader?: number;
  /** How many `waiting_computation` messages precede a result (default 2). */
  readonly waitingMessages?: number;
  /** The nodes' endpoints (default `http://node-<index>.test:<port>`). */
  readonly endpoints?: readonly string[];
}

/** What a node answers for a receipt paid for another operation, as the devnet names operations. */
const OPERATION_NAMES: Record<NonNullable<OperationMetadata["operation"]["case"]>, string> = {
  poolStatus: "pool status",
  storeProgram: "store program",
  retrieveValues: "retrieve values",
  retrievePermissions: "retrieve permissions",
  storeValues: "store values",
  invokeCompute: "invoke compute",
  overwritePermissions: "overwrite permissions",
  updatePermissions: "update permissions",
};

export class FakeCluster {
  readonly nodes: FakeNode[];
  readonly leader: FakeNode;
  readonly payer = new FakePayer();
  /** The leader's Payments service: quotes, receipts, balances, paid through {@link FakeCluster.payer}. */
  readonly payments: FakeLeader;
  readonly calls: CallRecord[] = [];
  /** Every transport target the client asked for. */
  readonly targets: TransportTarget[] = [];
  readonly faults: Fault[] = [];
  /** The outputs of each computation, for every output user; or the computation's error. */
  computeResult: (computation: {
    programId: string;
    request: InvokeComputeRequest;
  }) => { readonly values: NadaValues } | { readonly error: string } = () => ({ values: {} });
  /** When set, what each node answers instead of its share of the results (a faulty node, say). */
  tamperResult: ((node: FakeNode, values: WireNamedValue[]) => WireNamedValue[]) | undefined;
  /** When set, results streams wait for it after their `waiting_computation` messages. */
  resultsGate: Promise<void> | undefined;
  readonly prime: Prime;
  readonly degree: number;
  #version: { major: bigint; minor: bigint } | null;
  readonly #waiting: number;
  readonly #results = new Map<string, Map<string, WireNamedValue[]> | string>();
  /** Nodes refusing connections: method → remaining count. */
  readonly #refusals: { method: string; node?: string; times: number }[] = [];

  constructor(options: FakeClusterOptions = {}) {
    this.prime = options.prime ?? Prime.SAFE_256_BITS;
    this.degree = options.degree ?? 1;
    this.#version = options.version === undefined ? { major: 0n, minor: 10n } : options.version;
    this.#waiting = options.waitingMessages ?? 2;
    this.nodes = Array.from({ length: options.nodes ?? 3 }, (_, index) => {
      const key = PrivateKey.fromSeed(`fake-node-${index}`);
      const id = key.userId.bytes;
      return {
        index,
        key,
        id,
        idHex: bytesToHex(id),
        endpoint: options.endpoints?.[index] ?? `http://node-${index}.test:${14311 + index}`,
        values: new Map(),
        usedReceipts: new Set(),
        programs: new Map(),
        computes: new Map(),
      };
    });
    this.leader = this.nodes[options.leader ?? 1] as FakeNode;
    const leader = this.leader;
    this.payments = new FakeLeader({
      chain: this.payer,
      enter: (method, request, context) => this.#enter(leader, method, context, request)?.toHex(),
    });
  }

  /** Credits per user (hex), on the leader. */
  get balances(): Map<string, bigint> {
    return this.payments.balances;
  }

  /** The bootnode: the first node. */
  get bootnode(): string {
    return (this.nodes[0] as FakeNode).endpoint;
  }

  /** Calls of `method`, in order. */
  callsOf(method: string): CallRecord[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The requests of `method`'s calls, in order (the test names their type). */
  requestsOf<T>(method: string): T[] {
    return this.callsOf(method).map((call) => call.request as T);
  }

  /** Makes the next `times` connections for `method` fail as refused, before any request is sent. */
  refuse(method: string, times = 1, node?: string): void {
    this.#refusals.push({ method, times, ...(node === undefined ? {} : { node }) });
  }

  /** Changes what `NodeVersion` reports. */
  setVersion(version: { major: bigint; minor: bigint } | null): void {
    this.#version = version;
  }

  /** The transport factory to hand to `VmClient.create`. */
  readonly transport: TransportFactory = (target) => {
    this.targets.push(target);
    const node = this.nodes.find((candidate) => candidate.endpoint === target.baseUrl);
    if (!node) throw new Error(`no fake node at ${target.baseUrl}`);
    return createRouterTransport((router) => this.routes(router, node), {
      transport: { interceptors: [...target.interceptors, this.#refusing(node)] },
    });
  };

  /** Registers `node`'s services on `router` (also usable with connect-node's server adapter). */
  routes(router: ConnectRouter, node: FakeNode): void {
    router.service(Membership, this.#membership(node));
    router.service(Values, this.#values(node));
    router.service(PermissionsService, this.#permissions(node));
    router.service(Programs, this.#programs(node));
    router.service(Compute, this.#compute(node));
    if (node === this.leader) {
      router.service(Payments, this.payments.service);
      router.service(LeaderQueries, this.#leaderQueries(node));
    }
  }

  /** Masks `values` for the cluster, as a client would. */
  mask(values: NadaValues) {
    return new SecretMasker({
      prime: this.prime,
      degree: this.degree,
      parties: this.nodes.map((n) => n.id),
    }).mask(values);
  }

  #refusing(node: FakeNode): Interceptor {
    return (next) => async (request) => {
      const index = this.#refusals.findIndex(
        (refusal) =>
          refusal.method === request.method.name &&
          (refusal.node === undefined || refusal.node === node.endpoint),
      );
      const refusal = this.#refusals[index];
      if (refusal) {
        refusal.times -= 1;
        if (refusal.times === 0) this.#refusals.splice(index, 1);
        const cause = Object.assign(new Error(`connect ECONNREFUSED ${node.endpoint}`), {
          code: "ECONNREFUSED",
        });
        throw new ConnectError(cause.message, Code.Unavailable, undefined, undefined, cause);
      }
      return next(request);
    };
  }

  /** Logs a call, applies faults, and returns the caller (hex) from the token, if there is one. */
  #enter(node: FakeNode, method: string, context: HandlerContext, request: unknown): UserId | undefined {
    const header = context.requestHeader.get(TOKEN_HEADER);
    let caller: UserId | undefined;
    if (header !== null) {
      try {
        caller = verifySignedToken(header, { nodeId: node.id }).userId;
      } catch (error) {
        throw new ConnectError((error as Error).message, Code.Unauthenticated);
      }
    }
    const deadline = context.timeoutMs();
    this.calls.push({
      node: node.endpoint,
      method,
      caller: caller?.toHex(),
      token: header ?? undefined,
      request,
      timeoutMs: deadline,
    });
    this.#fault(node, method, false);
    return caller;
  }

  #fault(node: FakeNode, method: string, after: boolean): void {
    const index = this.faults.findIndex(
      (fault) =>
        fault.method === method &&
        (fault.after ?? false) === after &&
        (fault.node === undefined || fault.node === node.endpoint),
    );
    const fault = this.faults[index];
    if (!fault) return;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    throw fault.error;
  }

  #caller(node: FakeNode, method: string, context: HandlerContext, request: unknown): UserId {
    const caller = this.#enter(node, method, context, request);
    if (!caller) throw new ConnectError("permissions denied", Code.PermissionDenied);
    return caller;
  }

  /**
   * Checks and uses a receipt on `node`, as a node does: it is marked used before the expiry and the
   * operation are checked, so a refused receipt is used up too.
   */
  #receipt(
    node: FakeNode,
    signed: SignedReceipt | undefined,
    operation: NonNullable<OperationMetadata["operation"]["case"]>,
  ) {
    if (!signed)
      throw new ConnectError("protobuf parsing error: 'signed_receipt' not set", Code.InvalidArgument);
    const receipt = fromBinary(ReceiptSchema, signed.receipt);
    const id = bytesToHex(receipt.identifier);
    if (node.usedReceipts.has(id)) throw new ConnectError("nonce already used", Code.FailedPrecondition);
    node.usedReceipts.add(id);
    const expiresAt = receipt.expiresAt ? timestampDate(receipt.expiresAt) : new Date(0);
    if (expiresAt < new Date()) throw new ConnectError("quote expired", Code.FailedPrecondition);
    if (receipt.metadata?.operation.case !== operation) {
      throw new ConnectError(
        `receipt is not for a '${OPERATION_NAMES[operation]}' operation`,
        Code.InvalidArgument,
      );
    }
    return receipt as Receipt & { metadata: OperationMetadata };
  }

  #membership(node: FakeNode): ServiceImpl<typeof Membership> {
    const member = (n: FakeNode) => {
      const key = { keyType: PublicKeyType.SECP256K1, contents: n.key.publicKey };
      return {
        identity: { contents: n.id },
        grpcEndpoint: n.endpoint,
        publicKey: key,
        publicKeys: { authentication: key },
      };
    };
    return {
      cluster: (request, context) => {
        this.#enter(node, "Cluster", context, request);
        return {
          members: this.nodes.map(member),
          leader: member(this.leader),
          prime: this.prime,
          polynomialDegree: this.degree,
          kappa: 0,
        };
      },
      nodeVersion: (request, context) => {
        this.#enter(node, "NodeVersion", context, request);
        return this.#version === null ? {} : { version: { ...this.#version, patch: 0n }, gitHash: "fake" };
      },
    };
  }

  #values(node: FakeNode): ServiceImpl<typeof Values> {
    return {
      storeValues: (request, context) => {
        const caller = this.#caller(node, "StoreValues", context, request);
        // As on the devnet, what is wrong with the request itself is refused before the receipt is used.
        if (request.values.length === 0) throw new ConnectError("no values provided", Code.InvalidArgument);
        const creating = request.updateIdentifier.length === 0;
        if (creating && !request.permissions) {
          throw new ConnectError("'permissions' is required when storing values", Code.InvalidArgument);
        }
        const receipt = this.#receipt(node, request.signedReceipt, "storeValues");
        if (creating) {
          node.values.set(uuid(receipt.identifier), {
            values: request.values,
            permissions: request.permissions as PermissionsMessage,
          });
          this.#fault(node, "StoreValues", true);
          return { valuesId: receipt.identifier };
        }
        const record = this.#record(node, request.updateIdentifier);
        requireIn(record.permissions.update, caller);
        record.values = request.values;
        // Only the owner's permissions replace the stored ones: the devnet ignores an updater's, which
        // could otherwise name the updater owner.
        if (request.permissions && isOwner(record.permissions, caller))
          record.permissions = request.permissions;
        this.#fault(node, "StoreValues", true);
        return { valuesId: request.updateIdentifier };
      },
      retrieveValues: (request, context) => {
        const caller = this.#caller(node, "RetrieveValues", context, request);
        const receipt = this.#receipt(node, request.signedReceipt, "retrieveValues");
        const record = this.#record(node, targetOf(receipt));
        requireIn(record.permissions.retrieve, caller);
        this.#fault(node, "RetrieveValues", true);
        return { values: record.values };
      },
      deleteValues: (request, context) => {
        const caller = this.#caller(node, "DeleteValues", context, request);
        const record = this.#record(node, request.valuesId);
        requireIn(record.permissions.delete, caller);
        node.values.delete(uuid(request.valuesId));
        this.#fault(node, "DeleteValues", true);
        return {};
      },
    };
  }

  #permissions(node: FakeNode): ServiceImpl<typeof PermissionsService> {
    return {
      retrievePermissions: (request, context) => {
        const caller = this.#caller(node, "RetrievePermissions", context, request);
        const receipt = this.#receipt(node, request.signedReceipt, "retrievePermissions");
        const record = this.#record(node, targetOf(receipt));
        requireIn(record.permissions.retrieve, caller);
        return record.permissions;
      },
      overwritePermissions: (request, context) => {
        const caller = this.#caller(node, "OverwritePermissions", context, request);
        const { permissions } = request;
        if (!permissions) throw new ConnectError("'permissions' is required", Code.InvalidArgument);
        const receipt = this.#receipt(node, request.signedReceipt, "overwritePermissions");
        const record = this.#record(node, targetOf(receipt));
        requireIn(record.permissions.owner ? [record.permissions.owner] : [], caller);
        record.permissions = permissions;
        return {};
      },
      updatePermissions: (request, context) => {
        const caller = this.#caller(node, "UpdatePermissions", context, request);
        const receipt = this.#receipt(node, request.signedReceipt, "updatePermissions");
        const record = this.#record(node, targetOf(receipt));
        requireIn(record.permissions.owner ? [record.permissions.owner] : [], caller);
        const hex = (users: { contents: Uint8Array }[]) => users.map((user) => bytesToHex(user.contents));
        for (const right of ["retrieve", "update", "delete"] as const) {
          const revoked = new Set(hex(request[right]?.revoke ?? []));
          const kept = [...record.permissions[right], ...(request[right]?.grant ?? [])];
          record.permissions[right] = kept.filter((user) => !revoked.has(bytesToHex(user.contents)));
        }
        return {};
      },
    };
  }

  #programs(node: FakeNode): ServiceImpl<typeof Programs> {
    return {
      storeProgram: (request, context) => {
        const caller = this.#caller(node, "StoreProgram", context, request);
        const receipt = this.#receipt(node, request.signedReceipt, "storeProgram");
        const quote = receipt.metadata.operation.value as { name: string; contentsSha256: Uint8Array };
        if (!bytesEqual(sha256(request.program), quote.contentsSha256)) {
          throw new ConnectError("invalid program hash", Code.InvalidArgument);
        }
        const programId = formatProgramId(caller, quote.name, quote.contentsSha256);
        node.programs.set(programId, request.program);
        return { programId };
      },
    };
  }

  #compute(node: FakeNode): Partial<ServiceImpl<typeof Compute>> {
    const cluster = this;
    return {
      invokeCompute: (request, context) => {
        this.#caller(node, "InvokeCompute", context, request);
        const receipt = this.#receipt(node, request.signedReceipt, "invokeCompute");
        const metadata = receipt.metadata.operation.value as { quote?: { programId: string } };
        node.computes.set(uuid(receipt.identifier), { programId: metadata.quote?.programId ?? "", request });
        return { computeId: receipt.identifier };
      },
      async *retrieveResults(request, context) {
        const caller = cluster.#caller(node, "RetrieveResults", context, request);
        const computation = node.computes.get(uuid(request.computeId));
        if (!computation) throw new ConnectError("not found", Code.NotFound);
        const outputUsers = computation.request.outputBindings.flatMap((binding) =>
          binding.users.map((user) => bytesToHex(user.contents)),
        );
        if (!outputUsers.includes(caller.toHex())) {
          throw new ConnectError("user is not authorized to fetch result", Code.PermissionDenied);
        }
        type Response = MessageInitShape<typeof RetrieveResultsResponseSchema>;
        for (let k = 0; k < cluster.#waiting; k++) {
          yield { state: { case: "waitingComputation", value: {} } } satisfies Response as Response;
        }
        await cluster.resultsGate;
        const result = cluster.#resultFor(uuid(request.computeId), computation);
        if (typeof result === "string") {
          yield { state: { case: "error", value: result } } satisfies Response as Response;
          return;
        }
        const shares = result.get(node.idHex) ?? [];
        const values = cluster.tamperResult?.(node, shares) ?? shares;
        yield { state: { case: "success", value: { values } } } satisfies Response as Response;
      },
    };
  }

  /** Masks a computation's outputs once, so that every node serves shares of the same polynomials. */
  #resultFor(id: string, computation: { programId: string; request: InvokeComputeRequest }) {
    let result = this.#results.get(id);
    if (result === undefined) {
      const outcome = this.computeResult(computation);
      result =
        "error" in outcome
          ? outcome.error
          : new Map(this.mask(outcome.values).map((party) => [party.partyHex, party.values]));
      this.#results.set(id, result);
    }
    return result;
  }

  #leaderQueries(node: FakeNode): ServiceImpl<typeof LeaderQueries> {
    return {
      poolStatus: (request, context) => {
        this.#caller(node, "PoolStatus", context, request);
        this.#receipt(node, request.signedReceipt, "poolStatus");
        return create(PoolStatusResponseSchema, {
          offsets: [
            { element: 2, start: 0n, end: 1000n },
            { element: 10, start: 5n, end: 1_000_000n },
          ],
          preprocessingActive: true,
          auxiliaryMaterialAvailable: false,
        });
      },
    };
  }

  #record(node: FakeNode, id: Uint8Array) {
    const record = node.values.get(uuid(id));
    if (!record) throw new ConnectError("value not found", Code.NotFound);
    return record;
  }
}

/** The bytes (hex) of a scalar named value: a share or a public value. */
export function elementHex(named: NamedValue | undefined): string {
  const element = named?.value?.value.value as { value?: unknown } | undefined;
  if (!(element?.value instanceof Uint8Array)) throw new Error(`${named?.name} is not a scalar value`);
  return bytesToHex(element.value);
}

function targetOf(receipt: Receipt & { metadata: OperationMetadata }): Uint8Array {
  return (receipt.metadata.operation.value as { valuesId: Uint8Array }).valuesId;
}

function isOwner(permissions: PermissionsMessage, caller: UserId): boolean {
  return permissions.owner !== undefined && bytesEqual(permissions.owner.contents, caller.bytes);
}

function requireIn(users: readonly { contents: Uint8Array }[], caller: UserId): void {
  if (!users.some((user) => bytesEqual(user.contents, caller.bytes))) {
    throw new ConnectError("user does not have permissions for action", Code.PermissionDenied);
  }
}

function uuid(bytes: Uint8Array): string {
  return bytes.length === 16 ? ValuesId.fromBytes(bytes).toString() : bytesToHex(bytes);
}
