// The devnet's compute: genuine MPC between the nodes of a cluster, with the leader's preprocessing pools.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { PrimeField } from "@nillion/crypto";
import { type ChannelMessage, type ExecutionPlan, SAMPLED_ELEMENTS } from "@nillion/mpc";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import {
  AuxiliaryMaterialRequirementSchema,
  PreprocessingRequirementSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import { AuxiliaryMaterial } from "@nillion/proto/nillion/preprocessing/v1/material";
import { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import {
  PreprocessingElement as Elements,
  InvalidArgumentError,
  type PreprocessingElementName,
} from "@nillion/types";
import type { NodeContext, NodeExtension, NodeExtensionFactory } from "../node-extension.js";
import { clusterDealer } from "../preprocessing/cluster-dealer.js";
import { DEVNET_POOLS, type PoolConfig } from "../preprocessing/pool-config.js";
import { PreprocessingBatches } from "../preprocessing/preprocessing-batches.js";
import { PreprocessingPools } from "../preprocessing/preprocessing-pools.js";
import { preprocessingService } from "../preprocessing/preprocessing-service.js";
import { KEY_GENERATIONS } from "./builtin-programs.js";
import { computeReceiptMetadata } from "./compute-receipt-metadata.js";
import { computeService } from "./compute-service.js";
import { ComputeSessions } from "./compute-sessions.js";
import { type PartyRanks, partyRanks } from "./party-ranks.js";
import { ProgramPlans } from "./program-plans.js";

/**
 * Options of {@link computeExtension}. The defaults are the reference devnet's.
 *
 * @example
 * ```ts
 * const options: ComputeExtensionOptions = { maxConcurrentComputes: 10, inactivityTimeoutMs: 5_000 };
 * ```
 */
export interface ComputeExtensionOptions {
  /**
   * Computations the leader lets run at once: a compute receipt is refused with UNAVAILABLE "too many
   * compute operations running, try again later" while this many are active on the leader. 100 by default.
   */
  readonly maxConcurrentComputes?: number;
  /**
   * A computation that hears nothing from its peers for this long fails with an error result instead of
   * hanging; so does one that peers started but the client never invoked on this node. 30 s by default.
   */
  readonly inactivityTimeoutMs?: number;
  /** How often RetrieveResults repeats `waiting_computation`; 30 s by default. */
  readonly heartbeatIntervalMs?: number;
  /**
   * The preprocessing pools, by element (replacing the devnet's, {@link DEVNET_POOLS}). An element without
   * a pool cannot be used: a quote for a program that needs it is refused.
   */
  readonly pools?: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>>;
  /** How often the leader deletes used preprocessing batches on every node; 900 s by default. */
  readonly cleanupIntervalMs?: number;
  /**
   * Instrumentation: sees every round message a node receives from a peer, decoded, with the parties'
   * numbers (`from`, `to`) and the round. Tests audit the transcript with it; benchmarks count traffic.
   */
  readonly onPeerMessage?: (message: ChannelMessage) => void;
}

/**
 * Compute for every node of a devnet cluster, as a node extension: the `Compute` service (InvokeCompute,
 * StreamCompute, RetrieveResults) running lowered Nada programs with `@nillion/mpc` over Shamir shares,
 * each node holding only its own shares, the built-in threshold signing programs and key generations, and
 * the node-to-node `Preprocessing` service. On the leader it also derives the preprocessing and auxiliary
 * material requirements of compute quotes (refusing, before anything is paid, a program the pools cannot
 * supply), reserves pool offsets in compute receipts, enforces the concurrency limit, answers PoolStatus,
 * and keeps the pools filled.
 *
 * Devnet simplification: preprocessing material comes from a dealer on the leader, which samples each
 * element in the clear and deals fresh Shamir shares to every node; the online phase is genuine MPC.
 *
 * @throws {InvalidArgumentError} (argument `pools`) for a pool of an element the dealer cannot generate,
 * or a pool whose sizes are not whole numbers (a batch at least 1); naming the option for a limit or
 * interval that is not a positive whole number
 *
 * @example
 * ```ts
 * const node = await DevnetNode.listen({ ...options, extensions: [computeExtension()] });
 * ```
 */
export function computeExtension(options: ComputeExtensionOptions = {}): NodeExtensionFactory {
  const pools = options.pools ?? DEVNET_POOLS;
  checkPools(pools);
  for (const argument of [
    "maxConcurrentComputes",
    "inactivityTimeoutMs",
    "heartbeatIntervalMs",
    "cleanupIntervalMs",
  ] as const) {
    const value = options[argument];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
      throw new InvalidArgumentError(`"${argument}" must be a positive whole number, got ${value}`, {
        argument,
      });
    }
  }
  return (context) => {
    const { store } = context;
    const field = PrimeField.of(context.prime);
    const batches = new PreprocessingBatches(field);
    const plans = new ProgramPlans(store);
    let ranks: PartyRanks | undefined;
    const ranksOf = () => {
      ranks ??= partyRanks(context.layout());
      return ranks;
    };
    const sessions = new ComputeSessions({
      store,
      prime: context.prime,
      degree: context.polynomialDegree,
      nodeIndex: context.identity.index,
      ranks: ranksOf,
      peer: context.peer,
      inactivityTimeoutMs: options.inactivityTimeoutMs ?? 30_000,
      now: context.now,
      log: context.log,
      ...(options.onPeerMessage ? { onPeerMessage: options.onPeerMessage } : {}),
    });
    const extension: NodeExtension = {
      routes(router) {
        router.service(
          Compute,
          computeService({
            store,
            checkReceipt: context.checkReceipt,
            prime: context.prime,
            sessions,
            plans,
            batches,
            ranks: ranksOf,
            nodeIndex: context.identity.index,
            now: context.now,
            heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
          }),
        );
        router.service(
          Preprocessing,
          preprocessingService({
            batches,
            field,
            ranks: ranksOf,
            leaderIndex: () => context.layout().leaderIndex,
          }),
        );
      },
      close: () => sessions.close(),
    };
    return context.isLeader
      ? leaderExtension(extension, context, { options, pools, plans, sessions, batches })
      : extension;
  };
}

// The leader's part: quotes, receipts, pool status and the pools themselves.
function leaderExtension(
  extension: NodeExtension,
  context: NodeContext,
  parts: {
    options: ComputeExtensionOptions;
    pools: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>>;
    plans: ProgramPlans;
    sessions: ComputeSessions;
    batches: PreprocessingBatches;
  },
): NodeExtension {
  const { options, plans, sessions } = parts;
  const maxConcurrent = options.maxConcurrentComputes ?? 100;
  const pools = new PreprocessingPools({
    store: context.store,
    configs: parts.pools,
    dealer: clusterDealer(context, parts.batches),
    log: context.log,
    ...(options.cleanupIntervalMs === undefined ? {} : { cleanupIntervalMs: options.cleanupIntervalMs }),
  });
  // The reference leader generates CGGMP21 auxiliary info once its cluster is up, and quotes ECDSA
  // programs only after that. This engine's ECDSA needs none, so the material "exists" once every node
  // listens: the quotes and PoolStatus then say what the reference's say.
  let auxiliaryMaterialAvailable = false;
  return {
    ...extension,
    async computeRequirements(programId) {
      if (KEY_GENERATIONS.has(programId))
        return { preprocessingRequirements: [], auxiliaryMaterialRequirements: [] };
      let plan: Awaited<ReturnType<ProgramPlans["plan"]>>;
      try {
        plan = await plans.plan(programId);
      } catch (error) {
        throw new ConnectError(
          `processing target program failed: ${(error as Error).message}`,
          Code.InvalidArgument,
        );
      }
      if (plan === undefined)
        throw new ConnectError("processing target program failed: not found", Code.InvalidArgument);
      const requirements = pools.requirements(plan.preprocessing);
      const needsAuxiliaryMaterial = signsEcdsa(plan);
      if (needsAuxiliaryMaterial && !auxiliaryMaterialAvailable) {
        throw new ConnectError("auxiliary material is missing", Code.Unavailable);
      }
      return {
        preprocessingRequirements: requirements.map(({ element, count }) =>
          create(PreprocessingRequirementSchema, { element: Elements[element], count: BigInt(count) }),
        ),
        auxiliaryMaterialRequirements: needsAuxiliaryMaterial
          ? [
              create(AuxiliaryMaterialRequirementSchema, {
                material: AuxiliaryMaterial.CGGMP21_AUXILIARY_INFO,
                version: 0,
              }),
            ]
          : [],
      };
    },
    receiptMetadata: computeReceiptMetadata({
      pools,
      activeComputations: () => sessions.active,
      maxConcurrent,
    }),
    poolStatus: async () => ({ ...(await pools.status()), auxiliaryMaterialAvailable }),
    start() {
      auxiliaryMaterialAvailable = true;
      pools
        .start()
        .catch((error: unknown) => context.log.warn(`preprocessing failed to start: ${String(error)}`));
    },
    close() {
      pools.close();
      return extension.close();
    },
  };
}

// Whether a program signs with ECDSA, the one protocol for which the reference needs auxiliary material.
function signsEcdsa(plan: ExecutionPlan): boolean {
  return plan.stages.some((stage) => stage.online.some((step) => step.protocol === "EcdsaSign"));
}

function checkPools(pools: Readonly<Partial<Record<PreprocessingElementName, PoolConfig>>>): void {
  for (const [element, config] of Object.entries(pools) as [PreprocessingElementName, PoolConfig][]) {
    if (!SAMPLED_ELEMENTS.includes(element)) {
      throw new InvalidArgumentError(
        `the dealer cannot generate ${element} elements, so they cannot be pooled`,
        {
          argument: "pools",
        },
      );
    }
    const { batchSize, generationThreshold, targetOffsetJump, maxPerComputation } = config;
    const whole = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
    if (!whole(batchSize, 1) || !whole(generationThreshold, 0) || !whole(targetOffsetJump, 0)) {
      throw new InvalidArgumentError(
        `the ${element} pool needs a positive batch size and non-negative threshold and jump, got ${JSON.stringify(config)}`,
        { argument: "pools" },
      );
    }
    if (maxPerComputation !== undefined && !whole(maxPerComputation, 0)) {
      throw new InvalidArgumentError(
        `the ${element} pool's maxPerComputation must be a non-negative whole number, got ${maxPerComputation}`,
        { argument: "pools" },
      );
    }
  }
}
