// Runs a program the way a client and a cluster would: validate and plan it, mask the inputs with
// SecretMasker for n parties, simulate every party, and unmask each output party's results.
import { type PrimeName, SecretMasker } from "@nillion/crypto";
import { assertValidProgram, type NadaProgram } from "@nillion/nada";
import type { NadaValues } from "@nillion/types";
import { type ChannelMessage, type ProgramResult, planExecution, simulateProgram } from "../src/index.js";

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
  readonly results: readonly ProgramResult[];
}

export async function runProgram(
  program: NadaProgram,
  values: NadaValues,
  cluster: Cluster,
  onMessage?: (message: ChannelMessage) => void,
): Promise<Run> {
  assertValidProgram(program);
  const masker = new SecretMasker({
    prime: cluster.prime,
    degree: cluster.degree,
    parties: partyIds(cluster.parties),
  });
  const shares = masker.mask(values);
  const results = await simulateProgram(planExecution(program), {
    prime: cluster.prime,
    degree: cluster.degree,
    inputs: shares.map((party) => party.values),
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
  return { outputs, results };
}
