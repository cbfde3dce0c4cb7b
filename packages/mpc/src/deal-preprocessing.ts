// A trusted dealer for simulations: fresh material for a computation, dealt as Shamir shares.
import type { PrimeName } from "@nillion/crypto";
import { InvalidArgumentError, type PreprocessingElementName } from "@nillion/types";
import { PartySharing } from "./party-sharing.js";
import { sampleElements, zeroSharingCount } from "./preprocessing-layouts.js";
import type { PreprocessingMaterial, PreprocessingSource } from "./preprocessing-source.js";

/**
 * Options of {@link dealPreprocessing}.
 *
 * @example
 * ```ts
 * import type { DealPreprocessingOptions } from "@nillion/mpc";
 *
 * const options: DealPreprocessingOptions = { prime: "SAFE_256_BITS", parties: 3, degree: 1 };
 * ```
 */
export interface DealPreprocessingOptions {
  readonly prime: PrimeName | number;
  readonly parties: number;
  readonly degree: number;
}

/**
 * Samples `counts` fresh elements (e.g. an `ExecutionPlan`'s `preprocessing`) with
 * {@link sampleElements}, deals every value with its own random polynomial of degree T (2T for the zeros
 * {@link zeroSharingCount} counts), and returns one
 * {@link PreprocessingSource} per party, party 0 first, serving offsets `0 … count − 1` of each element.
 * The dealer sees everything in the clear: for simulations and tests, where it stands in for the
 * offline phase.
 *
 * @throws {InvalidArgumentError} for bad cluster parameters or an element without a layout; the sources
 * reject a draw beyond what was dealt
 *
 * @example
 * ```ts
 * import { dealPreprocessing, planExecution, simulateProgram } from "@nillion/mpc";
 *
 * const plan = planExecution(program);
 * const preprocessing = dealPreprocessing(plan.preprocessing, { prime: "SAFE_256_BITS", parties: 3, degree: 1 });
 * await simulateProgram(plan, { prime: "SAFE_256_BITS", degree: 1, inputs, preprocessing });
 * ```
 */
export function dealPreprocessing(
  counts: Readonly<Partial<Record<PreprocessingElementName, number>>>,
  options: DealPreprocessingOptions,
): PreprocessingSource[] {
  // Dealing does not depend on which party deals; party 0's view also checks the parameters.
  const dealer = new PartySharing({ ...options, party: 0 });
  const perParty = Array.from(
    { length: options.parties },
    () => new Map<PreprocessingElementName, PreprocessingMaterial[]>(),
  );
  for (const [element, count] of Object.entries(counts) as [PreprocessingElementName, number][]) {
    const elements = sampleElements(element, options.prime, count);
    const zeros = zeroSharingCount(element, options.prime);
    for (const party of perParty) party.set(element, []);
    for (const values of elements) {
      const split = values.length - zeros;
      const dealt = dealer.deal(values.slice(0, split));
      const zeroShares = dealer.deal(values.slice(split), 2 * options.degree);
      for (const [k, party] of perParty.entries()) {
        party.get(element)?.push([...(dealt[k] as bigint[]), ...(zeroShares[k] as bigint[])]);
      }
    }
  }
  return perParty.map((materials) => ({
    draw: async (element, offset, count) => {
      const available = materials.get(element) ?? [];
      if (offset < 0 || offset + count > available.length) {
        throw new InvalidArgumentError(
          `only ${available.length} ${element} elements were dealt, offsets ${offset}…${offset + count - 1} were drawn`,
          { argument: "preprocessing" },
        );
      }
      return available.slice(offset, offset + count);
    },
  }));
}
