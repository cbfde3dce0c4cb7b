// Runs a planned program for one party over its channel: the engine's entry point.
import type { PrimeField, PrimeName, WireNamedValue, WireNamedValueInput } from "@nillion/crypto";
import { operandsOf, programContract } from "@nillion/nada";
import { InternalError } from "@nillion/types";
import type { Channel } from "./channel.js";
import type { ExecutionPlan, PlannedStep } from "./execution-plan.js";
import { PartySharing } from "./party-sharing.js";
import { drawPreprocessing, type PreprocessingSource } from "./preprocessing-source.js";
import { readProgramInputs } from "./program-inputs.js";
import type {
  LocalProtocol,
  OnlineProtocol,
  ProtocolImplementation,
  StepInput,
} from "./protocol-implementation.js";
import { PROTOCOLS } from "./protocol-table.js";
import { type RoundContext, RoundScheduler, type Traffic } from "./round-scheduler.js";
import { type ShareValue, writeWireValue } from "./share-values.js";
import { structuralValue } from "./structural-value.js";

/**
 * What one party needs to run a computation.
 *
 * @example
 * ```ts
 * import type { ExecuteProgramOptions } from "@nillion/mpc";
 *
 * const options: ExecuteProgramOptions = {
 *   prime: "SAFE_256_BITS", parties: 3, degree: 1, party: 0,
 *   inputs: storedShares, // this node's NamedValues, stored and compute-time merged
 *   channel,
 * };
 * ```
 */
export interface ExecuteProgramOptions {
  /** `Cluster.prime`, by name or wire number. */
  readonly prime: PrimeName | number;
  /** n, the number of parties. */
  readonly parties: number;
  /** T, the polynomial degree; n ≥ 2T + 1 and T ≥ 1. */
  readonly degree: number;
  /** This party's index 0…n−1: its rank in ascending node-id order (its abscissa is `party + 1`). */
  readonly party: number;
  /** This party's piece of every program input, by name, in the shape nodes store. */
  readonly inputs: readonly WireNamedValueInput[];
  /** The link to the other parties of this computation. */
  readonly channel: Channel;
  /** The preprocessing reserved for this computation; needed only by programs that consume some. */
  readonly preprocessing?: PreprocessingSource;
}

/**
 * One party's result of a computation.
 *
 * @example
 * ```ts
 * import type { ProgramResult } from "@nillion/mpc";
 *
 * function valuesFor(result: ProgramResult, boundParties: readonly string[]) {
 *   // A user bound to several output parties gets the union of their outputs.
 *   return boundParties.flatMap((party) => result.outputs.get(party) ?? []);
 * }
 * ```
 */
export interface ProgramResult {
  /**
   * Per output party of the program (in declaration order), this party's piece of each of its outputs,
   * in program order: a share for a secret output, the value itself for a public one. A client unmasks
   * the pieces of all parties with `SecretMasker.unmask`.
   */
  readonly outputs: ReadonlyMap<string, readonly WireNamedValue[]>;
  /** Rounds run and what this party sent; `bytes` counts field elements at the prime's width. */
  readonly traffic: Traffic & { readonly bytes: number };
}

/**
 * Executes `plan` for one party. Inputs are read and checked, the preprocessing the plan consumes is
 * drawn, and then each stage runs: its local steps at once, its online steps together, every round they
 * need being one message to each peer. Every party must run the same plan with the same public
 * parameters; secrets only ever leave a party as fresh random resharings or through the program's
 * reveals (see the README for what each protocol opens).
 *
 * @throws {InvalidArgumentError} before any message is sent for bad parameters or inputs (a key share
 * that is not this party's included); during the run when a public division or modulo by zero fails the
 * computation (`… division by zero`)
 * @throws {InternalError} when a peer sends a message that does not fit the protocol, and whatever the
 * channel rejects with (a timeout, a lost peer)
 *
 * @example
 * ```ts
 * import { executeProgram, planExecution } from "@nillion/mpc";
 *
 * const plan = planExecution(lowered);
 * const result = await executeProgram(plan, { prime: "SAFE_256_BITS", parties: 3, degree: 1, party, inputs, channel });
 * for (const [outputParty, values] of result.outputs) store(outputParty, values);
 * ```
 */
export async function executeProgram(
  plan: ExecutionPlan,
  options: ExecuteProgramOptions,
): Promise<ProgramResult> {
  const sharing = new PartySharing(options);
  const { field } = sharing;
  const { program } = plan;
  const inputs = readProgramInputs(program, options.inputs, field, sharing);
  const material = await drawPreprocessing(plan, options.preprocessing);
  const scheduler = new RoundScheduler(sharing, options.channel);
  const values = new Map<number, ShareValue>();
  const stepInput = (step: PlannedStep): StepInput => ({
    step,
    operands: operandValues(step, values),
    material: material.get(step.operation.id),
  });

  for (const stage of plan.stages) {
    for (const step of stage.local) {
      const protocol = protocolOf(step, false);
      const value =
        protocol === undefined
          ? structuralValue(step, operandValues(step, values), inputs, program, field)
          : protocol.run(stepInput(step), field);
      values.set(step.operation.id, value);
    }
    const instances = stage.online.map((step) => {
      const protocol = protocolOf(step, true);
      if (protocol === undefined) throw new InternalError(`step ${step.operation.id} has no protocol`);
      const input = stepInput(step);
      return (round: RoundContext) => protocol.run(input, round);
    });
    const results = await scheduler.run(instances);
    for (const [i, step] of stage.online.entries()) values.set(step.operation.id, results[i] as ShareValue);
  }
  const traffic = scheduler.traffic;
  return {
    outputs: programOutputs(plan, values, field),
    traffic: { ...traffic, bytes: traffic.elements * field.byteLength },
  };
}

// The implementation of a step's protocol (none for structural steps), which must communicate exactly
// when the plan says so. Every protocol the plan can choose is implemented, so a miss here means the plan
// and the protocol table disagree: a bug, not an unsupported program.
function protocolOf(step: PlannedStep, online: true): OnlineProtocol | undefined;
function protocolOf(step: PlannedStep, online: false): LocalProtocol | undefined;
function protocolOf(step: PlannedStep, online: boolean): ProtocolImplementation | undefined {
  if (step.protocol === undefined) return undefined;
  const protocol = PROTOCOLS.get(step.protocol);
  if (protocol === undefined || protocol.online !== online) {
    throw new InternalError(
      `the plan runs protocol ${step.protocol} ${online ? "online" : "locally"}, but the protocol table disagrees`,
    );
  }
  return protocol;
}

// Per output party (in declaration order), its outputs in program order, in wire shape.
function programOutputs(
  plan: ExecutionPlan,
  values: ReadonlyMap<number, ShareValue>,
  field: PrimeField,
): Map<string, WireNamedValue[]> {
  const outputs = new Map<string, WireNamedValue[]>();
  for (const party of programContract(plan.program).outputParties) outputs.set(party, []);
  for (const output of plan.program.outputs) {
    const value = values.get(output.operationId);
    if (value === undefined) throw new InternalError(`output ${output.name} was not computed`);
    outputs.get(output.party)?.push({ name: output.name, value: writeWireValue(value, field) });
  }
  return outputs;
}

function operandValues(step: PlannedStep, values: ReadonlyMap<number, ShareValue>): ShareValue[] {
  return operandsOf(step.operation).map((id) => {
    const value = values.get(id);
    if (value === undefined)
      throw new InternalError(`operand ${id} of operation ${step.operation.id} has no value`);
    return value;
  });
}
