// The reference node's program auditor (nilvm `nada-lang/program-auditor`), with the reference devnet's
// limits. The leader runs it on the metadata a StoreProgram quote declares, so that a program over the
// limits is refused before it is paid for; every node runs it again at upload on the program's own
// metadata, because the quote's numbers are only the client's claim.
import type { ProgramMetadata } from "@nillion/proto/nillion/payments/v1/quote";
import {
  PreprocessingElement as Elements,
  type PreprocessingElement,
  type PreprocessingElementName,
  preprocessingElementName,
} from "@nillion/types";

/**
 * What the program auditor allows.
 *
 * @example
 * ```ts
 * const limits: ProgramLimits = { ...DEVNET_PROGRAM_LIMITS, maxMemory: 100 };
 * ```
 */
export interface ProgramLimits {
  /** Memory slots (an array takes its size plus one). */
  readonly maxMemory: number;
  /** Protocols, all kinds together. */
  readonly maxInstructions: number;
  /** Per preprocessing element; an element without an entry is not capped. */
  readonly maxPreprocessing: Readonly<Partial<Record<PreprocessingElementName, number>>>;
}

/**
 * The reference devnet's limits (`nillion-devnet`'s builder, the same as production): random integers and
 * booleans are not capped.
 */
export const DEVNET_PROGRAM_LIMITS: ProgramLimits = Object.freeze({
  maxMemory: 50_000,
  maxInstructions: 50_000,
  maxPreprocessing: Object.freeze({
    COMPARE: 1_000,
    DIVISION_SECRET_DIVISOR: 1_000,
    EQUALITY_SECRET_OUTPUT: 1_000,
    EQUALITY_PUBLIC_OUTPUT: 1_000,
    MODULO: 1_000,
    TRUNC: 1_000,
    TRUNC_PR: 1_000,
  }),
});

// The auditor names elements by the node's runtime requirement types.
const REQUIREMENT_NAMES: Readonly<Record<PreprocessingElementName, string>> = {
  RANDOM_BOOLEAN: "RandomBoolean",
  COMPARE: "Compare",
  DIVISION_SECRET_DIVISOR: "DivisionIntegerSecret",
  EQUALITY_SECRET_OUTPUT: "EqualsIntegerSecret",
  EQUALITY_PUBLIC_OUTPUT: "PublicOutputEquality",
  MODULO: "Modulo",
  TRUNC: "Trunc",
  TRUNC_PR: "TruncPr",
  RANDOM_INTEGER: "RandomInteger",
};

/**
 * The first auditor policy `metadata` breaks, in the reference's order (memory, instructions,
 * preprocessing) and words, or undefined when it passes. Of several elements over their caps, the
 * reference names whichever its hash map yields first; this names the first in wire-number order.
 *
 * @throws {InvalidArgumentError} for a requirement whose element is not a preprocessing element number
 * (parse a quote's metadata first)
 *
 * @example
 * ```ts
 * programAuditViolation(create(ProgramMetadataSchema, { memorySize: 50_001n }), DEVNET_PROGRAM_LIMITS);
 * // "failure in policy max_memory: maximum memory limit exceeded for program, program memory is 50001, maximum: 50000"
 * ```
 */
export function programAuditViolation(metadata: ProgramMetadata, limits: ProgramLimits): string | undefined {
  if (metadata.memorySize > BigInt(limits.maxMemory)) {
    return `failure in policy max_memory: maximum memory limit exceeded for program, program memory is ${metadata.memorySize}, maximum: ${limits.maxMemory}`;
  }
  if (metadata.instructionCount > BigInt(limits.maxInstructions)) {
    return `failure in policy max_instructions: maximum total amount of instructions exceeded for program, instructions: ${metadata.instructionCount}, maximum: ${limits.maxInstructions}`;
  }
  const counts = new Map<PreprocessingElementName, bigint>();
  // An element listed twice counts with its last entry, as the reference reads the list.
  for (const { element, count } of metadata.preprocessingRequirements) {
    counts.set(preprocessingElementName(element as PreprocessingElement), count);
  }
  const caps = Object.entries(limits.maxPreprocessing) as [PreprocessingElementName, number][];
  for (const [element, maximum] of caps.sort(([a], [b]) => Elements[a] - Elements[b])) {
    const count = counts.get(element) ?? 0n;
    if (count > BigInt(maximum)) {
      const name = REQUIREMENT_NAMES[element];
      return `failure in policy max_preprocessing_elements[${name}]: preprocessing requirements exceeded for ${name}, max: ${maximum}, actual: ${count}`;
    }
  }
  return undefined;
}
