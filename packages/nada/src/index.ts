/**
 * @nillion/nada — The Nada program model shared by the client and the devnet: decode and encode
 * `ProgramMIR` (`.nada.bin`), validate a program with the node's rules, lower it as the reference
 * pre-processor does, and derive its contract (parties, inputs, outputs) and its quote metadata with the
 * node compiler's counting rules.
 *
 * @packageDocumentation
 */
export {
  type CheckComputeValuesOptions,
  checkComputeBindings,
  checkComputeResults,
  checkComputeValues,
} from "./check-compute-values.js";
export { type CompilableProgram, isCompilableProgram } from "./compilable-program.js";
export { decodeProgram, programFromMir } from "./decode-program.js";
export { encodeProgram, programToMir } from "./encode-program.js";
export { InvalidProgramError } from "./invalid-program-error.js";
export { isLowered, lowerProgram } from "./lower-program.js";
export type {
  FunctionArgument,
  Literal,
  NadaFunction,
  NadaProgram,
  Party,
  ProgramInput,
  ProgramOutput,
  SourceRef,
} from "./nada-program.js";
export {
  type ArrayType,
  formatNadaType,
  type NadaType,
  type NTupleType,
  nadaTypesEqual,
  type ObjectType,
  type ScalarType,
  type ScalarTypeName,
  type TupleType,
} from "./nada-type.js";
export {
  type ArgumentReference,
  type ArrayAccessor,
  type BinaryOperation,
  type BinaryOperationKind,
  type CastOperation,
  HIGH_LEVEL_OPERATION_KINDS,
  type IfElseOperation,
  type InputReference,
  type LiteralReference,
  type MapOperation,
  type NewOperation,
  type NTupleAccessor,
  type ObjectAccessor,
  type Operation,
  type OperationCommon,
  type OperationKind,
  operandsOf,
  type RandomOperation,
  type ReduceOperation,
  type TupleAccessor,
  type UnaryOperation,
  type UnaryOperationKind,
} from "./operation.js";
export { type ContractValue, type ProgramContract, programContract } from "./program-contract.js";
export { programIdFor } from "./program-id.js";
export type { ProgramIssue, ProgramRule } from "./program-issue.js";
export {
  type AuxiliaryMaterialName,
  type ProgramMetadata,
  programMetadata,
  programMetadataMessage,
} from "./program-metadata.js";
export { type FunctionStructure, type ProgramStructure, programStructure } from "./program-structure.js";
export { sourceLocation } from "./source-location.js";
export { isSecretType } from "./type-traits.js";
export { assertValidProgram, validateProgram } from "./validate-program.js";
