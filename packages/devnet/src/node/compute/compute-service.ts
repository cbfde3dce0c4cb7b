// The Compute service of one node: InvokeCompute from clients, StreamCompute between nodes,
// RetrieveResults for output users (node-mpc.md §4.1).
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { RetrieveResultsResponseSchema } from "@nillion/proto/nillion/compute/v1/retrieve";
import type { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";
import type { NodeStore } from "../../storage/node-store.js";
import { requireCaller } from "../caller.js";
import type { PreprocessingBatches } from "../preprocessing/preprocessing-batches.js";
import type { ReceiptChecker } from "../receipt-checker.js";
import { uuidOf } from "../services/values-service.js";
import { acceptCompute, checkComputeRequest } from "./accept-compute.js";
import { acceptKeyGeneration } from "./accept-key-generation.js";
import { KEY_GENERATIONS } from "./builtin-programs.js";
import { requireMember } from "./cluster-caller.js";
import { resultFor } from "./compute-results.js";
import type { ComputeSessions, PeerSink } from "./compute-sessions.js";
import type { PartyRanks } from "./party-ranks.js";
import type { ProgramPlans } from "./program-plans.js";

const WAITING: MessageInitShape<typeof RetrieveResultsResponseSchema> = {
  state: { case: "waitingComputation", value: {} },
};

/**
 * Options of {@link computeService}.
 *
 * @example
 * ```ts
 * const options: ComputeServiceOptions = { store, checkReceipt, prime, sessions, plans, batches, ranks, nodeIndex: 0, now, heartbeatIntervalMs: 30_000 };
 * ```
 */
export interface ComputeServiceOptions {
  readonly store: NodeStore;
  readonly checkReceipt: ReceiptChecker;
  /** The cluster prime (`Prime` enum number). */
  readonly prime: number;
  readonly sessions: ComputeSessions;
  readonly plans: ProgramPlans;
  readonly batches: PreprocessingBatches;
  /** The cluster's party numbering, read once the cluster is bound. */
  readonly ranks: () => PartyRanks;
  /** This node's index in the layout. */
  readonly nodeIndex: number;
  readonly now: () => Date;
  /** How often RetrieveResults repeats `waiting_computation` while the computation runs. */
  readonly heartbeatIntervalMs: number;
}

/**
 * `nillion.compute.v1.Compute` on one node.
 *
 * - `InvokeCompute` uses the receipt (its identifier is the compute id), checks the request
 *   (`acceptKeyGeneration` for `builtin/tecdsa_dkg` and `builtin/teddsa_dkg`, `acceptCompute` for every
 *   other program) and starts the computation in the background. A request refused after the receipt was
 *   used fails the computation everywhere: its error is stored as the result and the peers are told.
 * - `StreamCompute` is for cluster members only (PERMISSION_DENIED "not a member of this cluster"): one
 *   call per peer and computation, the first message naming the computation and its type (`GENERAL`,
 *   `ECDSA_DKG`, `EDDSA_DKG`), every payload a `nillion.devnet.v1.ComputePeerMessage`.
 * - `RetrieveResults` sends `waiting_computation` at once and again every heartbeat while the
 *   computation runs, then one `success` with the caller's values or one `error`. A caller bound to no
 *   output party of a successful computation gets PERMISSION_DENIED "user is not authorized to fetch
 *   result"; an unknown or expired compute id NOT_FOUND "not found".
 *
 * @example
 * ```ts
 * router.service(Compute, computeService(options));
 * ```
 */
export function computeService(options: ComputeServiceOptions): ServiceImpl<typeof Compute> {
  const { sessions } = options;
  // Only a leader-signed receipt carries the identifier: a bad one is the leader's fault, not the caller's.
  const invalidReceiptId = () => new ConnectError("invalid uuid", Code.Internal);
  // The reference answers INTERNAL with the same text; a caller's mistake is INVALID_ARGUMENT here.
  const invalidComputeId = () => new ConnectError("invalid uuid", Code.InvalidArgument);
  return {
    async invokeCompute(request, context) {
      const caller = requireCaller(context);
      checkComputeRequest(request);
      const receipt = await options.checkReceipt(request.signedReceipt, "invokeCompute");
      const operation = receipt.metadata?.operation;
      // checkReceipt has made sure of this; the test narrows the type.
      if (operation?.case !== "invokeCompute") throw new ConnectError("invalid receipt", Code.Internal);
      const metadata = operation.value;
      const id = uuidOf(receipt.identifier, invalidReceiptId);
      const programId = metadata.quote?.programId ?? "";
      const keyGeneration = KEY_GENERATIONS.get(programId);
      try {
        const job =
          keyGeneration === undefined
            ? await acceptCompute({
                request,
                caller,
                metadata,
                plans: options.plans,
                store: options.store,
                batches: options.batches,
                prime: options.prime,
                position: positionOf(options),
                now: options.now(),
              })
            : acceptKeyGeneration({
                request,
                program: keyGeneration,
                id,
                idBytes: receipt.identifier,
                store: options.store,
                now: options.now,
              });
        await sessions.start(id, receipt.identifier, job);
      } catch (error) {
        const type = keyGeneration?.computeType ?? ComputeType.GENERAL;
        await sessions.refuse(id, receipt.identifier, type, ConnectError.from(error).rawMessage);
        throw error;
      }
      return { computeId: receipt.identifier };
    },

    async streamCompute(requests, context) {
      const from = requireMember(context, options.ranks(), "not a member of this cluster");
      let sink: PeerSink | undefined;
      try {
        for await (const message of requests) {
          if (sink === undefined) {
            if (message.computeId.length === 0) {
              throw new ConnectError("expected init message as first stream message", Code.InvalidArgument);
            }
            if (ComputeType[message.computeType] === undefined) {
              throw new ConnectError(
                `compute type ${message.computeType} is not supported`,
                Code.InvalidArgument,
              );
            }
            sink = await sessions.peerSink(
              uuidOf(message.computeId, invalidComputeId),
              message.computeId,
              from,
              message.computeType,
            );
          }
          if (message.bincodeMessage.length > 0) sink.receive(message.bincodeMessage);
        }
      } catch (error) {
        sink?.lost(error);
        throw error instanceof ConnectError
          ? error
          : new ConnectError((error as Error).message, Code.InvalidArgument);
      }
      if (sink === undefined)
        throw new ConnectError("no compute stream header provided", Code.InvalidArgument);
      return {};
    },

    async *retrieveResults(request, context) {
      const caller = requireCaller(context);
      const id = uuidOf(request.computeId, invalidComputeId);
      yield WAITING;
      for (;;) {
        const state = await sessions.waitForResult(id, options.heartbeatIntervalMs, context.signal);
        if (context.signal.aborted) return;
        if (state === "pending") {
          yield WAITING;
          continue;
        }
        if (state === undefined) throw new ConnectError("not found", Code.NotFound);
        const answer = resultFor(state.result, caller);
        if (answer === "unauthorized") {
          throw new ConnectError("user is not authorized to fetch result", Code.PermissionDenied);
        }
        yield "error" in answer
          ? { state: { case: "error", value: answer.error } }
          : { state: { case: "success", value: { values: answer.values } } };
        return;
      }
    },
  };
}

// This node's party number: key shares in a computation's inputs must be its own.
function positionOf(options: ComputeServiceOptions): { parties: number; party: number } {
  const ranks = options.ranks();
  return { parties: ranks.parties, party: ranks.rankOf(options.nodeIndex) };
}
