// Every method a devnet node serves on its one port — the client services and the node-to-node ones a
// hostile user reaches just as easily — with the real messages the fuzzer starts from.
import { create, type DescMethod, type DescService, toBinary } from "@bufbuild/protobuf";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import { ComputeStreamMessageSchema, ComputeType } from "@nillion/proto/nillion/compute/v1/stream";
import { ComputePeerMessageSchema } from "@nillion/proto/nillion/devnet/v1/compute";
import { PreprocessingBatchSchema } from "@nillion/proto/nillion/devnet/v1/preprocessing";
import { LeaderQueries } from "@nillion/proto/nillion/leader_queries/v1/service";
import { Membership } from "@nillion/proto/nillion/membership/v1/service";
import { Payments } from "@nillion/proto/nillion/payments/v1/service";
import { Permissions } from "@nillion/proto/nillion/permissions/v1/service";
import { CleanupUsedElementsRequestSchema } from "@nillion/proto/nillion/preprocessing/v1/cleanup";
import { PreprocessingElement } from "@nillion/proto/nillion/preprocessing/v1/element";
import {
  GenerateAuxiliaryMaterialRequestSchema,
  GeneratePreprocessingRequestSchema,
} from "@nillion/proto/nillion/preprocessing/v1/generate";
import { Preprocessing } from "@nillion/proto/nillion/preprocessing/v1/service";
import {
  AuxiliaryMaterialStreamMessageSchema,
  PreprocessingStreamMessageSchema,
} from "@nillion/proto/nillion/preprocessing/v1/stream";
import { Programs } from "@nillion/proto/nillion/programs/v1/service";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import type { SeededRandom } from "../support/seeded-random.js";

/** One method of a node. */
export interface NodeTarget {
  /** `/<package>.<Service>/<Method>`. */
  readonly path: string;
  readonly method: DescMethod;
  /** Payments and LeaderQueries run on the leader only; the others on every node. */
  readonly leaderOnly: boolean;
  /** A node-to-node method: only cluster members may call it. */
  readonly peerOnly: boolean;
}

const CLIENT_SERVICES: readonly DescService[] = [
  Membership,
  Payments,
  LeaderQueries,
  Values,
  Permissions,
  Programs,
  Compute,
];
const LEADER_SERVICES: ReadonlySet<DescService> = new Set([Payments, LeaderQueries]);
const PEER_METHODS = new Set(["StreamCompute"]);

/** Every method of every service a node may serve. */
export function nodeTargets(): NodeTarget[] {
  return [...CLIENT_SERVICES, Preprocessing].flatMap((service) =>
    service.methods.map((method) => ({
      path: `/${service.typeName}/${method.name}`,
      method,
      leaderOnly: LEADER_SERVICES.has(service),
      peerOnly: service === Preprocessing || PEER_METHODS.has(method.name),
    })),
  );
}

/**
 * Messages of a node-to-node call that no client records: a peer's MPC round, a dealer's batch, a
 * cleanup. Their ids are random, so they never touch a real computation or batch.
 */
export function peerMessages(path: string, random: SeededRandom): Uint8Array[] | undefined {
  const id = random.bytes(16);
  const element = random.pick([
    PreprocessingElement.COMPARE,
    PreprocessingElement.RANDOM_BOOLEAN,
    PreprocessingElement.MODULO,
    1,
    6,
    99,
  ]);
  switch (path.split("/").pop()) {
    case "StreamCompute": {
      const round = (n: number, elements: number) =>
        toBinary(
          ComputePeerMessageSchema,
          create(ComputePeerMessageSchema, {
            payload: { case: "round", value: { round: n, elements: random.bytes(32 * elements) } },
          }),
        );
      const abort = toBinary(
        ComputePeerMessageSchema,
        create(ComputePeerMessageSchema, { payload: { case: "abort", value: { reason: "fuzz" } } }),
      );
      return [
        toBinary(
          ComputeStreamMessageSchema,
          create(ComputeStreamMessageSchema, {
            computeId: id,
            computeType: ComputeType.GENERAL,
            bincodeMessage: round(0, 2),
          }),
        ),
        toBinary(
          ComputeStreamMessageSchema,
          create(ComputeStreamMessageSchema, { bincodeMessage: round(1, 1) }),
        ),
        toBinary(ComputeStreamMessageSchema, create(ComputeStreamMessageSchema, { bincodeMessage: abort })),
      ];
    }
    case "StreamPreprocessing": {
      const batch = toBinary(
        PreprocessingBatchSchema,
        create(PreprocessingBatchSchema, {
          batchId: BigInt(1_000_000 + random.int(1_000_000)),
          elements: [random.bytes(32), random.bytes(64)],
        }),
      );
      return [
        toBinary(
          PreprocessingStreamMessageSchema,
          create(PreprocessingStreamMessageSchema, { generationId: id, element, bincodeMessage: batch }),
        ),
      ];
    }
    case "StreamAuxiliaryMaterial":
      return [
        toBinary(
          AuxiliaryMaterialStreamMessageSchema,
          create(AuxiliaryMaterialStreamMessageSchema, {
            generationId: id,
            material: 0,
            bincodeMessage: random.bytes(64),
          }),
        ),
      ];
    case "CleanupUsedElements":
      return [
        toBinary(
          CleanupUsedElementsRequestSchema,
          create(CleanupUsedElementsRequestSchema, { element, startChunk: 1_000_000n, endChunk: 1_000_001n }),
        ),
      ];
    case "GeneratePreprocessing":
      return [
        toBinary(
          GeneratePreprocessingRequestSchema,
          create(GeneratePreprocessingRequestSchema, {
            generationId: id,
            batchId: 1n,
            batchSize: 8,
            element,
          }),
        ),
      ];
    case "GenerateAuxiliaryMaterial":
      return [
        toBinary(
          GenerateAuxiliaryMaterialRequestSchema,
          create(GenerateAuxiliaryMaterialRequestSchema, { generationId: id, material: 0, version: 0 }),
        ),
      ];
    default:
      return undefined;
  }
}
