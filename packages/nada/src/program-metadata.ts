// The numbers a StoreProgram quote declares and the leader audits: memory, instructions, preprocessing.
import { create } from "@bufbuild/protobuf";
import {
  type ProgramMetadata as ProgramMetadataMessage,
  ProgramMetadataSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import { AuxiliaryMaterial } from "@nillion/proto/nillion/preprocessing/v1/material";
import { PreprocessingElement, type PreprocessingElementName } from "@nillion/types";
import type { RuntimeRequirement } from "./compile-protocols.js";
import { InvalidProgramError } from "./invalid-program-error.js";
import { isLowered } from "./lower-program.js";
import type { NadaProgram } from "./nada-program.js";
import { HIGH_LEVEL_OPERATION_KINDS } from "./operation.js";
import { operationIssue } from "./program-issue.js";
import { checkProgram } from "./validate-program.js";

/**
 * The auxiliary material a program can need: CGGMP21 auxiliary info, for threshold ECDSA signing.
 *
 * @example
 * ```ts
 * import type { AuxiliaryMaterialName } from "@nillion/nada";
 *
 * const material: AuxiliaryMaterialName = "CGGMP21_AUXILIARY_INFO";
 * ```
 */
export type AuxiliaryMaterialName = "CGGMP21_AUXILIARY_INFO";

/**
 * A program's metadata as the node's compiler computes it (`ProgramAuditorRequest`):
 * - `memorySize`: memory slots: each input and protocol result takes one, plus one per element of an
 *   array or tuple;
 * - `totalInstructions`: the number of protocols;
 * - `instructions`: protocols per name (`MultiplicationShares`, `LessThanShares`…);
 * - `preprocessing`: preprocessing elements consumed per run, per element;
 * - `auxiliaryMaterial`: protocols that need each piece of auxiliary material (a quote asks for the
 *   material once, whatever the count).
 *
 * @example
 * ```ts
 * import { programMetadata } from "@nillion/nada";
 *
 * const { memorySize, totalInstructions, instructions, preprocessing } = programMetadata(program);
 * instructions.MultiplicationShares; // e.g. 1
 * preprocessing.COMPARE; // e.g. 2, or undefined when none is needed
 * ```
 */
export interface ProgramMetadata {
  readonly memorySize: number;
  readonly totalInstructions: number;
  readonly instructions: Readonly<Record<string, number>>;
  readonly preprocessing: Readonly<Partial<Record<PreprocessingElementName, number>>>;
  readonly auxiliaryMaterial: Readonly<Partial<Record<AuxiliaryMaterialName, number>>>;
}

const ELEMENT_OF: Readonly<Record<Exclude<RuntimeRequirement, "EcdsaAuxInfo">, PreprocessingElementName>> = {
  Compare: "COMPARE",
  DivisionIntegerSecret: "DIVISION_SECRET_DIVISOR",
  EqualsIntegerSecret: "EQUALITY_SECRET_OUTPUT",
  Modulo: "MODULO",
  PublicOutputEquality: "EQUALITY_PUBLIC_OUTPUT",
  TruncPr: "TRUNC_PR",
  Trunc: "TRUNC",
  RandomInteger: "RANDOM_INTEGER",
  RandomBoolean: "RANDOM_BOOLEAN",
};

/**
 * The metadata of a lowered program, by the node compiler's counting rules (the README lists them), so
 * the leader's audit of a quote accepts it. It is the metadata of the program exactly as given: lower a
 * front-end program first, and upload the bytes of the lowered one.
 *
 * @throws {InvalidProgramError} if the program is not lowered, or breaks a rule `validateProgram` checks
 *
 * @example
 * ```ts
 * import { decodeProgram, lowerProgram, programMetadata } from "@nillion/nada";
 *
 * programMetadata(lowerProgram(decodeProgram(bytes)));
 * // { memorySize: 8, totalInstructions: 5, instructions: { Addition: 3, … }, preprocessing: {}, auxiliaryMaterial: {} }
 * ```
 */
export function programMetadata(program: NadaProgram): ProgramMetadata {
  if (!isLowered(program)) {
    const highLevel = program.operations.filter((operation) =>
      HIGH_LEVEL_OPERATION_KINDS.has(operation.kind),
    );
    throw new InvalidProgramError(
      highLevel.map((operation) =>
        operationIssue(
          program,
          operation,
          "unsupported",
          "the node compiles lowered programs only; lower the program first",
        ),
      ),
    );
  }
  const { issues, compiled } = checkProgram(program);
  if (compiled === undefined) throw new InvalidProgramError(issues);
  const instructions: Record<string, number> = {};
  const preprocessing: Partial<Record<PreprocessingElementName, number>> = {};
  const auxiliaryMaterial: Partial<Record<AuxiliaryMaterialName, number>> = {};
  for (const protocol of [...compiled.protocols].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    instructions[protocol.name] = (instructions[protocol.name] ?? 0) + 1;
  }
  for (const { requirement } of compiled.protocols) {
    if (requirement === "EcdsaAuxInfo") {
      auxiliaryMaterial.CGGMP21_AUXILIARY_INFO = (auxiliaryMaterial.CGGMP21_AUXILIARY_INFO ?? 0) + 1;
    } else if (requirement !== undefined) {
      const element = ELEMENT_OF[requirement];
      preprocessing[element] = (preprocessing[element] ?? 0) + 1;
    }
  }
  return Object.freeze({
    memorySize: compiled.memorySize,
    totalInstructions: compiled.protocols.length,
    instructions: Object.freeze(instructions),
    preprocessing: Object.freeze(sortedByElement(preprocessing)),
    auxiliaryMaterial: Object.freeze(auxiliaryMaterial),
  });
}

/**
 * The `ProgramMetadata` message of a StoreProgram quote request: `program_size` is the byte length of
 * the uploaded program (as the Rust and Python clients send it), requirements are listed by element
 * number, and needed auxiliary material is listed once, at version 0 (the node fills in the version).
 *
 * @example
 * ```ts
 * import { encodeProgram, programMetadata, programMetadataMessage } from "@nillion/nada";
 *
 * const bytes = encodeProgram(program);
 * const metadata = programMetadataMessage(programMetadata(program), bytes.length);
 * ```
 */
export function programMetadataMessage(
  metadata: ProgramMetadata,
  programSize: number,
): ProgramMetadataMessage {
  return create(ProgramMetadataSchema, {
    programSize: BigInt(programSize),
    memorySize: BigInt(metadata.memorySize),
    instructionCount: BigInt(metadata.totalInstructions),
    instructions: Object.fromEntries(
      Object.entries(metadata.instructions).map(([name, count]) => [name, BigInt(count)]),
    ),
    preprocessingRequirements: Object.entries(metadata.preprocessing).map(([name, count]) => ({
      element: PreprocessingElement[name as PreprocessingElementName],
      count: BigInt(count ?? 0),
    })),
    auxiliaryMaterialRequirements:
      metadata.auxiliaryMaterial.CGGMP21_AUXILIARY_INFO === undefined
        ? []
        : [{ material: AuxiliaryMaterial.CGGMP21_AUXILIARY_INFO, version: 0 }],
  });
}

function sortedByElement(
  counts: Partial<Record<PreprocessingElementName, number>>,
): Partial<Record<PreprocessingElementName, number>> {
  const names = Object.keys(counts) as PreprocessingElementName[];
  names.sort((a, b) => PreprocessingElement[a] - PreprocessingElement[b]);
  return Object.fromEntries(names.map((name) => [name, counts[name]]));
}
