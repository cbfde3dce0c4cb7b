/**
 * @nillion/mpc — Multi-party computation protocols and the MIR execution engine over a message channel.
 *
 * This entry point is the package's whole public API: plan a lowered program, execute it for one party
 * over a {@link Channel}, or simulate all parties in one process; generate threshold ECDSA/EdDSA keys.
 *
 * @packageDocumentation
 */
export { BytePacking } from "./byte-packing.js";
export type { Channel, ChannelMessage } from "./channel.js";
export { type DealPreprocessingOptions, dealPreprocessing } from "./deal-preprocessing.js";
export {
  type ExecuteProgramOptions,
  executeProgram,
  type ProgramResult,
} from "./execute-program.js";
export {
  type ExecutionPlan,
  type ExecutionStage,
  type PlannedStep,
  planExecution,
} from "./execution-plan.js";
export {
  type GenerateKeyShareOptions,
  generateKeyShare,
  type KeyShareResult,
} from "./generate-key-share.js";
export { InMemoryNetwork, type InMemoryNetworkOptions } from "./in-memory-network.js";
export { integerSize, KAPPA, secretDivisionBits } from "./integer-sizes.js";
export { Mailbox } from "./mailbox.js";
export {
  materialLength,
  SAMPLED_ELEMENTS,
  sampleElements,
  zeroSharingCount,
} from "./preprocessing-layouts.js";
export type { PreprocessingMaterial, PreprocessingSource } from "./preprocessing-source.js";
export { checkProgramInputs } from "./program-inputs.js";
export type { Traffic } from "./round-scheduler.js";
export { type SimulateProgramOptions, simulateProgram } from "./simulator.js";
export type { PartyPosition } from "./threshold/threshold-values.js";
