import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { type PartyShares, payloadSize } from "@nillion/crypto";
import {
  checkComputeBindings,
  checkComputeValues,
  type ProgramContract,
  programContract,
} from "@nillion/nada";
import {
  type InvokeComputeRequest,
  InvokeComputeRequestSchema,
} from "@nillion/proto/nillion/compute/v1/invoke";
import { Compute } from "@nillion/proto/nillion/compute/v1/service";
import type { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import {
  bytesEqual,
  ComputeId,
  InputPartyBinding,
  InvalidArgumentError,
  type NadaValues,
  OutputPartyBinding,
  type ProgramId,
  parseProgramId,
  type ValuesId,
} from "@nillion/types";
import { BUILTIN_CONTRACTS } from "../builtin-contracts.js";
import type { ClusterNode } from "../cluster.js";
import { agreed, onEveryNode } from "../fan-out.js";
import { idFromNode, toValuesId } from "../ids.js";
import { assertNadaValues } from "../nada-values-input.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type OperationSpec, type PayableOperation, payableOperation } from "../operation.js";
import { receiptFor } from "../receipt-for.js";
import { assertPayloadSize, assertRequestSize, receiptAllowance } from "../request-size.js";
import type { Session } from "../session.js";
import { sharesFor } from "./shares-for.js";
import { prepareProgram } from "./store-program.js";

/**
 * How `VmClient.compute` learns the program's contract, to check the bindings and values before paying.
 * Programs uploaded through the same client and the built-in programs need nothing.
 *
 * @example
 * ```ts
 * import type { ComputeOptions } from "@nillion/vm-client";
 *
 * const options: ComputeOptions = { program: readFileSync("main.nada.bin") };
 * ```
 */
export interface ComputeOptions {
  /**
   * The program's `.nada.bin` (as compiled, or lowered), for a program this client did not upload. It
   * must be the program `programId` names: its lowered form must hash to the id's SHA-256.
   */
  readonly program?: Uint8Array;
  /**
   * Pay without checking the call against the program, when its contract is unknown. The nodes still
   * check it, after the payment; a call they refuse is paid for nonetheless.
   */
  readonly skipContractCheck?: boolean;
}

/** A computation, checked and masked, ready to send. */
interface ComputeCall {
  readonly inputBindings: readonly InputPartyBinding[];
  readonly outputBindings: readonly OutputPartyBinding[];
  readonly valueIds: readonly ValuesId[];
  readonly shares: readonly PartyShares[];
}

/** `VmClient.compute`. */
export function compute(
  session: Session,
  programId: ProgramId,
  inputBindings: readonly InputPartyBinding[],
  outputBindings: readonly OutputPartyBinding[],
  values: NadaValues,
  valueIds: readonly (ValuesId | string)[] = [],
  options: ComputeOptions = {},
): PayableOperation<ComputeId> {
  return payableOperation(
    session,
    computeSpec(session, programId, inputBindings, outputBindings, values, valueIds, options),
  );
}

/**
 * What `VmClient.compute` quotes and runs, for operations made of a computation (see
 * `computeAndRetrieve`).
 */
export function computeSpec(
  session: Session,
  programId: ProgramId,
  inputBindings: readonly InputPartyBinding[],
  outputBindings: readonly OutputPartyBinding[],
  values: NadaValues,
  valueIds: readonly (ValuesId | string)[] = [],
  options: ComputeOptions = {},
): OperationSpec<ComputeId> {
  let prepared: ComputeCall | undefined;
  const prepare = (): ComputeCall => {
    prepared ??= prepareCompute(session, programId, inputBindings, outputBindings, values, valueIds, options);
    return prepared;
  };
  return {
    name: "compute",
    quoteRequest: () => {
      const call = prepare();
      const valuesPayloadSize = payloadSize((call.shares[0] as PartyShares).values);
      assertPayloadSize(valuesPayloadSize, "values");
      const quoteRequest: MessageInitShape<typeof PriceQuoteRequestSchema> = {
        operation: {
          case: "invokeCompute",
          value: { programId, valuesPayloadSize: BigInt(valuesPayloadSize) },
        },
      };
      const allowance = receiptAllowance(quoteRequest);
      for (const { node } of session.members) {
        assertRequestSize(requestSize(computeRequest(call, node)) + allowance, "values");
      }
      return quoteRequest;
    },
    run: (receipt, environment) => sendCompute(session, environment, receipt, prepare()),
  };
}

/** `VmClient.invokeCompute`: the program id is in the receipt; no contract check (it is paid for). */
export function invokeCompute(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  inputBindings: readonly InputPartyBinding[],
  outputBindings: readonly OutputPartyBinding[],
  values: NadaValues,
  valueIds: readonly (ValuesId | string)[] = [],
): Promise<ComputeId> {
  assertNadaValues(values, "values", true);
  return sendCompute(session, environment, receipt, {
    inputBindings: toInputBindings(inputBindings),
    outputBindings: toOutputBindings(outputBindings),
    valueIds: toValuesIds(valueIds),
    shares: session.masker.mask(values),
  });
}

function prepareCompute(
  session: Session,
  programId: ProgramId,
  inputBindingsInput: readonly InputPartyBinding[],
  outputBindingsInput: readonly OutputPartyBinding[],
  values: NadaValues,
  valueIdsInput: readonly (ValuesId | string)[],
  options: ComputeOptions,
): ComputeCall {
  const parsed = parseProgramId(programId);
  const inputBindings = toInputBindings(inputBindingsInput);
  const outputBindings = toOutputBindings(outputBindingsInput);
  assertNadaValues(values, "values", true);
  const valueIds = toValuesIds(valueIdsInput);
  const contract = contractOf(session, programId, parsed, options);
  if (contract !== undefined) {
    checkComputeBindings(contract, inputBindings, outputBindings);
    // Names in stored value sets are unknown here: any input not given may be in one of them.
    const given = new Set(Object.keys(values));
    const storedValueNames =
      valueIds.length === 0
        ? []
        : contract.inputs.map((input) => input.name).filter((name) => !given.has(name));
    checkComputeValues(contract, values, { storedValueNames });
  }
  return { inputBindings, outputBindings, valueIds, shares: session.masker.mask(values) };
}

function contractOf(
  session: Session,
  programId: ProgramId,
  parsed: ReturnType<typeof parseProgramId>,
  options: ComputeOptions,
): ProgramContract | undefined {
  if (options.program !== undefined) {
    const prepared = prepareProgram(options.program);
    if (parsed.kind !== "user" || !bytesEqual(parsed.sha256, prepared.sha256)) {
      throw new InvalidArgumentError(
        `"program" is not the program ${programId}: its lowered form does not hash to the id's SHA-256`,
        { argument: "program" },
      );
    }
    return programContract(prepared.program);
  }
  const known = BUILTIN_CONTRACTS.get(programId) ?? session.contracts.get(programId);
  if (known !== undefined || options.skipContractCheck === true) return known;
  throw new InvalidArgumentError(
    `cannot check the computation before paying for it: this client does not know program ${programId}. ` +
      `Pass its .nada.bin as the "program" compute option, or set "skipContractCheck" to pay unchecked`,
    { argument: "programId", details: { programId } },
  );
}

// Bindings are rebuilt, so plain objects and bindings from another copy of @nillion/types are checked
// and accepted alike.
function toInputBindings(bindings: readonly InputPartyBinding[]): InputPartyBinding[] {
  const rebuilt = arrayOf(bindings, "inputBindings").map((binding, index) =>
    rename(() => new InputPartyBinding(binding?.partyName, binding?.user), `inputBindings[${index}]`),
  );
  return distinct(rebuilt, (binding) => binding.partyName, "inputBindings", "binds party");
}

function toOutputBindings(bindings: readonly OutputPartyBinding[]): OutputPartyBinding[] {
  const rebuilt = arrayOf(bindings, "outputBindings").map((binding, index) =>
    rename(() => new OutputPartyBinding(binding?.partyName, binding?.users), `outputBindings[${index}]`),
  );
  return distinct(rebuilt, (binding) => binding.partyName, "outputBindings", "binds party");
}

/**
 * `items`, unless two share a key: nodes refuse a party bound twice ("party X is not defined in
 * program") and a value set listed twice (its names come twice: "duplicate value key").
 */
function distinct<T>(items: T[], key: (item: T) => string, argument: string, what: string): T[] {
  const first = new Map<string, number>();
  items.forEach((item, index) => {
    const earlier = first.get(key(item));
    if (earlier !== undefined) {
      throw new InvalidArgumentError(
        `"${argument}[${index}]" ${what} ${JSON.stringify(key(item))} again (as ${argument}[${earlier}] does)`,
        { argument: `${argument}[${index}]` },
      );
    }
    first.set(key(item), index);
  });
  return items;
}

function arrayOf<T>(value: readonly T[], argument: string): readonly T[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError(`"${argument}" expected an array`, { argument });
  return value;
}

function toValuesIds(valueIds: readonly (ValuesId | string)[]): ValuesId[] {
  const ids = arrayOf(valueIds, "valueIds").map((id, index) => toValuesId(id, `valueIds[${index}]`));
  return distinct(ids, (id) => id.toString(), "valueIds", "lists value set");
}

/** Runs `make`, reporting its argument errors against `argument` (e.g. `inputBindings[1]`). */
function rename<T>(make: () => T, argument: string): T {
  try {
    return make();
  } catch (cause) {
    if (!(cause instanceof InvalidArgumentError)) throw cause;
    throw new InvalidArgumentError(`"${argument}": ${cause.message}`, { argument, cause });
  }
}

/** What `node` is sent; the receipt is added once there is one. */
function computeRequest(
  prepared: ComputeCall,
  node: ClusterNode,
  receipt?: SignedReceipt,
): InvokeComputeRequest {
  return create(InvokeComputeRequestSchema, {
    ...(receipt ? { signedReceipt: receipt } : {}),
    valueIds: prepared.valueIds.map((id) => id.bytes),
    inputBindings: prepared.inputBindings.map(({ partyName, user }) => ({
      partyName,
      user: { contents: user.bytes },
    })),
    outputBindings: prepared.outputBindings.map(({ partyName, users }) => ({
      partyName,
      users: users.map((user) => ({ contents: user.bytes })),
    })),
    values: sharesFor(prepared.shares, node),
  });
}

function requestSize(request: InvokeComputeRequest): number {
  return toBinary(InvokeComputeRequestSchema, request).length;
}

async function sendCompute(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  prepared: ComputeCall,
): Promise<ComputeId> {
  receiptFor(receipt, "invokeCompute");
  const requests = new Map(
    session.members.map((member) => [member, computeRequest(prepared, member.node, receipt)]),
  );
  for (const request of requests.values()) assertRequestSize(requestSize(request), "values");
  const answers = await onEveryNode(session.members, async (member) => {
    const { node, transport } = member;
    const client = createClient(Compute, transport);
    const response = await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Compute/InvokeCompute" },
      "consumes-receipt",
      (options) => client.invokeCompute(requests.get(member) as InvokeComputeRequest, options),
    );
    const value = idFromNode(
      (bytes) => new ComputeId(bytes),
      response.computeId,
      node.grpcEndpoint,
      "compute id",
    );
    return { node: node.grpcEndpoint, value };
  });
  return agreed(answers, (a, b) => a.equals(b), "the compute id");
}
