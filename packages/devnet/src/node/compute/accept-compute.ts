// The checks a node makes before it takes part in a computation of a program (node-mpc.md §4.1 step 3): the
// program, the party bindings, the compute permission on every stored value set, the merged inputs, and
// this node's preprocessing at the receipt's offsets.
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { WireNamedValueInput } from "@nillion/crypto";
import {
  checkProgramInputs,
  type ExecutionPlan,
  executeProgram,
  type PartyPosition,
  type PreprocessingMaterial,
  type PreprocessingSource,
} from "@nillion/mpc";
import { programContract } from "@nillion/nada";
import type { UserId as UserIdMessage } from "@nillion/proto/nillion/auth/v1/user";
import type { InvokeComputeRequest } from "@nillion/proto/nillion/compute/v1/invoke";
import { ComputeType } from "@nillion/proto/nillion/compute/v1/stream";
import type { InvokeComputeMetadata } from "@nillion/proto/nillion/payments/v1/receipt";
import { PermissionsSchema } from "@nillion/proto/nillion/permissions/v1/permissions";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";
import {
  PreprocessingElement as Elements,
  InvalidArgumentError,
  type PreprocessingElementName,
  type UserId,
} from "@nillion/types";
import type { NodeStore } from "../../storage/node-store.js";
import type { PreprocessingBatches } from "../preprocessing/preprocessing-batches.js";
import { liveValues, uuidOf } from "../services/values-service.js";
import { mayCompute, NOT_PERMITTED } from "../stored-permissions.js";
import type { ComputeJob } from "./compute-job.js";
import { successResult } from "./compute-results.js";
import type { ProgramPlans } from "./program-plans.js";

/**
 * What {@link acceptCompute} checks an InvokeCompute request against.
 *
 * @example
 * ```ts
 * const options: AcceptComputeOptions = { request, caller, metadata, plans, store, batches, prime, position, now: new Date() };
 * ```
 */
export interface AcceptComputeOptions {
  readonly request: InvokeComputeRequest;
  readonly caller: UserId;
  /** The receipt's metadata: the program id and the reserved preprocessing offsets. */
  readonly metadata: InvokeComputeMetadata;
  readonly plans: ProgramPlans;
  readonly store: NodeStore;
  readonly batches: PreprocessingBatches;
  /** The cluster prime (`Prime` enum number). */
  readonly prime: number;
  /** This node's party number among n: key shares in the inputs must be its own. */
  readonly position: PartyPosition;
  readonly now: Date;
}

/**
 * Checks an InvokeCompute request for a program (stored or built in) as the reference node does, in its
 * order, and gathers what the computation needs: its job runs the program with `@nillion/mpc` and keeps
 * each output user's values. Inputs are not checked against who bound to which input party: bindings
 * only have to name the program's parties exactly, and the output bindings route the results.
 *
 * @throws {ConnectError} NOT_FOUND "not found" (no such program) or "value not found" / "entity expired"
 * (a stored value set); INVALID_ARGUMENT for bindings ("input party X is not defined in program",
 * `output parties {"A"} not bound`), value ids ("values_id is not a uuid"), a name given twice
 * ("duplicate value key 'x'") and inputs that do not match the program ("input validation failed: missing
 * values: x"…, a key share that is not this node's); PERMISSION_DENIED "user does not have permissions
 * for action" for a value set that does not grant the caller compute on this program; INTERNAL "failed to
 * fetch runtime elements" when this node lacks the reserved preprocessing
 */
export async function acceptCompute(options: AcceptComputeOptions): Promise<ComputeJob> {
  const { request, metadata } = options;
  const programId = metadata.quote?.programId ?? "";
  const plan = await planOf(options.plans, programId);
  const contract = programContract(plan.program);
  checkBindings(
    request.inputBindings.map((binding) => binding.partyName),
    contract.inputParties,
    "input",
  );
  checkBindings(
    request.outputBindings.map((binding) => binding.partyName),
    contract.outputParties,
    "output",
  );
  for (const binding of request.inputBindings) userOf(binding.user);
  const outputUsers = new Map(
    request.outputBindings.map((binding) => [binding.partyName, binding.users.map(userOf)] as const),
  );
  const inputs = await mergedInputs(options, programId);
  invalidArgument(
    () => checkProgramInputs(plan.program, inputs, options.prime, options.position),
    "input validation failed: ",
  );
  const preprocessing = reservedMaterial(plan, metadata, options.batches);
  return {
    computeType: ComputeType.GENERAL,
    async run({ channel, parties, party, degree, prime }) {
      const { outputs, traffic } = await executeProgram(plan, {
        prime,
        parties,
        degree,
        party,
        inputs,
        channel,
        preprocessing,
      });
      return {
        result: successResult(outputs, outputUsers),
        summary: `${traffic.rounds} rounds, ${traffic.bytes} bytes sent`,
      };
    },
  };
}

/**
 * What an InvokeCompute request alone can get wrong: users in the bindings, value ids and compute-time
 * names given twice. The node checks it before using the receipt, so that the same receipt then pays for
 * the corrected request, as the reference refuses such a request while converting it from protobuf.
 *
 * @throws {ConnectError} INVALID_ARGUMENT naming what is wrong
 */
export function checkComputeRequest(request: InvokeComputeRequest): void {
  for (const binding of request.inputBindings) userOf(binding.user);
  for (const binding of request.outputBindings) binding.users.forEach(userOf);
  for (const bytes of request.valueIds) uuidOf(bytes, invalidValuesId);
  const names = new Set<string>();
  for (const { name } of request.values) {
    if (names.has(name)) throw duplicateKey(name);
    names.add(name);
  }
}

async function planOf(plans: ProgramPlans, programId: string): Promise<ExecutionPlan> {
  let plan: ExecutionPlan | undefined;
  try {
    plan = await plans.plan(programId);
  } catch (error) {
    throw new ConnectError(`invalid program: ${(error as Error).message}`, Code.InvalidArgument);
  }
  if (plan === undefined) throw new ConnectError("not found", Code.NotFound);
  return plan;
}

/** The reference's rule: every binding names a distinct party of the program, and every party is bound. */
function checkBindings(names: readonly string[], parties: readonly string[], kind: "input" | "output"): void {
  const unbound = new Set(parties);
  for (const name of names) {
    if (!unbound.delete(name)) {
      throw new ConnectError(`${kind} party ${name} is not defined in program`, Code.InvalidArgument);
    }
  }
  if (unbound.size === 0) return;
  const message =
    unbound.size <= 3
      ? `${kind} parties {${[...unbound].map((name) => JSON.stringify(name)).join(", ")}} not bound`
      : `${unbound.size} ${kind} parties not bound`;
  throw new ConnectError(message, Code.InvalidArgument);
}

function userOf(user: UserIdMessage | undefined): Uint8Array {
  if (user === undefined)
    throw new ConnectError("protobuf parsing error: 'user' not set", Code.InvalidArgument);
  if (user.contents.length !== 20) {
    throw new ConnectError("protobuf parsing error: a user id must have 20 bytes", Code.InvalidArgument);
  }
  return user.contents;
}

const invalidValuesId = () => new ConnectError("values_id is not a uuid", Code.InvalidArgument);
const duplicateKey = (name: string) =>
  new ConnectError(`duplicate value key '${name}'`, Code.InvalidArgument);

// The compute-time values, then each stored value set the caller may compute with on this program.
async function mergedInputs(
  options: AcceptComputeOptions,
  programId: string,
): Promise<WireNamedValueInput[]> {
  const ids = options.request.valueIds.map((bytes) => uuidOf(bytes, invalidValuesId));
  const merged: WireNamedValueInput[] = [];
  const names = new Set<string>();
  const add = (value: WireNamedValueInput) => {
    if (names.has(value.name)) throw duplicateKey(value.name);
    names.add(value.name);
    merged.push(value);
  };
  for (const value of options.request.values) add(value);
  for (const id of ids) {
    const record = await liveValues(options.store, id, options.now);
    const permissions = fromBinary(PermissionsSchema, record.permissionsBytes);
    if (!mayCompute(permissions, options.caller, programId)) {
      throw new ConnectError(NOT_PERMITTED, Code.PermissionDenied);
    }
    for (const bytes of record.valuesBytes) add(fromBinary(NamedValueSchema, bytes));
  }
  return merged;
}

// The plan numbers the elements it consumes 0, 1, 2… per kind; the receipt says where they start.
function reservedMaterial(
  plan: ExecutionPlan,
  metadata: InvokeComputeMetadata,
  batches: PreprocessingBatches,
): PreprocessingSource {
  const material = new Map<PreprocessingElementName, PreprocessingMaterial[]>();
  for (const [element, count] of Object.entries(plan.preprocessing) as [PreprocessingElementName, number][]) {
    if (count === 0) continue;
    const range = metadata.offsets.find((offsets) => offsets.element === Elements[element]);
    if (range === undefined || Number(range.end - range.start) !== count) {
      throw new ConnectError(
        `the receipt does not reserve the ${count} ${element} elements the program consumes`,
        Code.InvalidArgument,
      );
    }
    material.set(element, batches.read(element, Number(range.start), count, Number(range.batchSize)));
  }
  return {
    draw: async (element, offset, count) => (material.get(element) ?? []).slice(offset, offset + count),
  };
}

// The engine's refusals (InvalidArgumentError) as the node's INVALID_ARGUMENT.
function invalidArgument(check: () => void, prefix = ""): void {
  try {
    check();
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw new ConnectError(`${prefix}${error.message}`, Code.InvalidArgument);
    }
    throw error;
  }
}
