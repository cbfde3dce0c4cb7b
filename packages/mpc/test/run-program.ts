// Runs a program the way a client and a cluster would: validate, lower and plan it, deal the plan's
// preprocessing, mask the inputs with SecretMasker for n parties, simulate every party, and unmask each
// output party's results.
import { type PrimeName, SecretMasker, type WireNamedValue } from "@nillion/crypto";
import {
  assertValidProgram,
  type BinaryOperationKind,
  lowerProgram,
  type NadaProgram,
  type NadaType,
} from "@nillion/nada";
import type { NadaValues } from "@nillion/types";
import {
  type ChannelMessage,
  dealPreprocessing,
  type ExecutionPlan,
  type ProgramResult,
  planExecution,
  simulateProgram,
} from "../src/index.js";
import { pairwiseInputs, pairwiseProgram } from "./program-builder.js";

export interface Cluster {
  readonly prime: PrimeName;
  readonly parties: number;
  readonly degree: number;
}

/** Every cluster shape the unit tests cover: each prime with n = 3 (T = 1) and n = 5 (T = 1 and 2). */
export const CLUSTERS: readonly Cluster[] = (
  ["SAFE_64_BITS", "SAFE_128_BITS", "SAFE_256_BITS"] as const
).flatMap((prime) => [
  { prime, parties: 3, degree: 1 },
  { prime, parties: 5, degree: 1 },
  { prime, parties: 5, degree: 2 },
]);

export const clusterName = ({ prime, parties, degree }: Cluster): string =>
  `${prime} n=${parties} T=${degree}`;

/** 20-byte party ids, deliberately not in abscissa order. */
export function partyIds(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    Uint8Array.from({ length: 20 }, (_, j) => ((count - i) * 37 + j * 11) & 0xff),
  );
}

export interface Run {
  /** Per output party, its unmasked outputs. */
  readonly outputs: Readonly<Record<string, NadaValues>>;
  /** Each party's masked inputs, party 0 first. */
  readonly inputs: readonly (readonly WireNamedValue[])[];
  readonly results: readonly ProgramResult[];
  /** The plan every party ran; its `preprocessing` is what was dealt. */
  readonly plan: ExecutionPlan;
}

export interface RunOptions {
  /**
   * Whether @nillion/nada validates the program first (default `true`). `false` reaches the engine's own
   * checks with programs no valid front end produces, e.g. a trunc_pr by a signed amount, which the
   * node's VM accepts.
   */
  readonly validate?: boolean;
}

export async function runProgram(
  program: NadaProgram,
  values: NadaValues,
  cluster: Cluster,
  onMessage?: (message: ChannelMessage) => void,
  { validate = true }: RunOptions = {},
): Promise<Run> {
  if (validate) assertValidProgram(program);
  const plan = planExecution(lowerProgram(program));
  const masker = new SecretMasker({
    prime: cluster.prime,
    degree: cluster.degree,
    parties: partyIds(cluster.parties),
  });
  const shares = masker.mask(values);
  const preprocessing =
    Object.keys(plan.preprocessing).length === 0 ? undefined : dealPreprocessing(plan.preprocessing, cluster);
  const results = await simulateProgram(plan, {
    prime: cluster.prime,
    degree: cluster.degree,
    inputs: shares.map((party) => party.values),
    ...(preprocessing === undefined ? {} : { preprocessing }),
    ...(onMessage === undefined ? {} : { onMessage }),
  });
  const outputs: Record<string, NadaValues> = {};
  for (const party of results[0]?.outputs.keys() ?? []) {
    outputs[party] = masker.unmask(
      results.map((result, k) => ({
        party: shares[k]?.party ?? "",
        values: result.outputs.get(party) ?? [],
      })),
    );
  }
  return { outputs, inputs: shares.map((party) => party.values), results, plan };
}

/**
 * Runs a {@link pairwiseProgram} of `kinds` over `pairs` (anything after a pair's operands is ignored):
 * party P's outputs, the plan's preprocessing, and each party's result.
 */
export async function runPairwise(
  cluster: Cluster,
  kinds: readonly BinaryOperationKind[],
  [left, right]: readonly [NadaType, NadaType],
  pairs: readonly (readonly [bigint | boolean, bigint | boolean, ...unknown[]])[],
  options?: RunOptions,
) {
  const run = await runProgram(
    pairwiseProgram(kinds, left, right, pairs.length),
    pairwiseInputs(left, right, pairs),
    cluster,
    undefined,
    options,
  );
  return { outputs: run.outputs["P"] ?? {}, preprocessing: run.plan.preprocessing, results: run.results };
}
