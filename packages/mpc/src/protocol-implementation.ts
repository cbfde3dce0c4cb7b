// The shape of a protocol implementation: a function from a step's operand values to its result.
import type { PrimeField } from "@nillion/crypto";
import type { PlannedStep } from "./execution-plan.js";
import type { PreprocessingMaterial } from "./preprocessing-source.js";
import type { RoundContext } from "./round-scheduler.js";
import type { ShareValue } from "./share-values.js";

/** What a protocol computes from. */
export interface StepInput {
  readonly step: PlannedStep;
  /** The values of the operation's operands, in operand order. */
  readonly operands: readonly ShareValue[];
  /** The preprocessing element the plan assigned to the step, if it consumes one. */
  readonly material: PreprocessingMaterial | undefined;
}

/** A protocol without communication. */
export interface LocalProtocol {
  readonly online: false;
  run(input: StepInput, field: PrimeField): ShareValue;
}

/** A protocol that exchanges messages through the level's rounds. */
export interface OnlineProtocol {
  readonly online: true;
  run(input: StepInput, round: RoundContext): Promise<ShareValue>;
}

/** Either kind of protocol. */
export type ProtocolImplementation = LocalProtocol | OnlineProtocol;
