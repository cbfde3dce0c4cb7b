// n parties of one computation in one process, over in-memory channels: the engine's test bench.
import type { PrimeName, WireNamedValueInput } from "@nillion/crypto";
import { InternalError, InvalidArgumentError } from "@nillion/types";
import type { ChannelMessage } from "./channel.js";
import { executeProgram, type ProgramResult } from "./execute-program.js";
import type { ExecutionPlan } from "./execution-plan.js";
import { InMemoryNetwork } from "./in-memory-network.js";
import type { PreprocessingSource } from "./preprocessing-source.js";

/**
 * Options of {@link simulateProgram}.
 *
 * @example
 * ```ts
 * import { SecretMasker } from "@nillion/crypto";
 * import type { SimulateProgramOptions } from "@nillion/mpc";
 *
 * const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties: ids });
 * const options: SimulateProgramOptions = {
 *   prime: "SAFE_256_BITS",
 *   degree: 1,
 *   inputs: masker.mask(values).map((party) => party.values),
 * };
 * ```
 */
export interface SimulateProgramOptions {
  /** The prime, by name or wire number. */
  readonly prime: PrimeName | number;
  /** T, the polynomial degree; there must be at least 2T + 1 parties. */
  readonly degree: number;
  /**
   * Each party's pieces of the inputs, party 0 (the lowest id) first; one entry per party, so its length
   * is n. `SecretMasker.mask` returns them in this order.
   */
  readonly inputs: readonly (readonly WireNamedValueInput[])[];
  /** Each party's preprocessing source, party 0 first, for programs that consume preprocessing. */
  readonly preprocessing?: readonly PreprocessingSource[];
  /** Sees every message as it is sent. */
  readonly onMessage?: (message: ChannelMessage) => void;
}

/**
 * Runs every party of a computation concurrently over an {@link InMemoryNetwork} and returns each
 * party's result, party 0 first. When one party fails, the network is closed so that no other party
 * waits forever; once every party has stopped, the simulation rejects with the first failure.
 *
 * @throws whatever the first failing party throws (see `executeProgram`)
 *
 * @example
 * ```ts
 * import { SecretMasker } from "@nillion/crypto";
 * import { planExecution, simulateProgram } from "@nillion/mpc";
 *
 * const masker = new SecretMasker({ prime: "SAFE_256_BITS", degree: 1, parties: ids });
 * const shares = masker.mask({ a: new SecretInteger(6), b: new SecretInteger(7) });
 * const results = await simulateProgram(planExecution(program), {
 *   prime: "SAFE_256_BITS",
 *   degree: 1,
 *   inputs: shares.map((party) => party.values),
 * });
 * masker.unmask(results.map((result, k) => ({ party: shares[k].party, values: result.outputs.get("Dealer") ?? [] })));
 * ```
 */
export async function simulateProgram(
  plan: ExecutionPlan,
  options: SimulateProgramOptions,
): Promise<ProgramResult[]> {
  const parties = options.inputs.length;
  if (options.preprocessing !== undefined && options.preprocessing.length !== parties) {
    throw new InvalidArgumentError(
      `one preprocessing source per party is needed: ${parties} parties, ${options.preprocessing.length} sources`,
      { argument: "preprocessing" },
    );
  }
  const network = new InMemoryNetwork(
    parties,
    options.onMessage === undefined ? {} : { onMessage: options.onMessage },
  );
  let failure: { readonly reason: unknown } | undefined;
  const outcomes = await Promise.allSettled(
    options.inputs.map(async (inputs, party) => {
      const preprocessing = options.preprocessing?.[party];
      try {
        return await executeProgram(plan, {
          prime: options.prime,
          parties,
          degree: options.degree,
          party,
          inputs,
          channel: network.channel(party),
          ...(preprocessing === undefined ? {} : { preprocessing }),
        });
      } catch (error) {
        if (failure === undefined) {
          failure = { reason: error };
          network.close(
            new InternalError(`party ${party} failed, so the computation stopped`, { cause: error }),
          );
        }
        throw error;
      }
    }),
  );
  if (failure !== undefined) throw failure.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<ProgramResult>).value);
}
