import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { classifyValues, type PartyShares, payloadSize } from "@nillion/crypto";
import type { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import type { SignedReceipt } from "@nillion/proto/nillion/payments/v1/receipt";
import { Values } from "@nillion/proto/nillion/values/v1/service";
import { type StoreValuesRequest, StoreValuesRequestSchema } from "@nillion/proto/nillion/values/v1/store";
import { InvalidArgumentError, type NadaValues, Permissions, ValuesId } from "@nillion/types";
import type { ClusterNode } from "../cluster.js";
import { agreed, onEveryNode } from "../fan-out.js";
import { idFromNode, toValuesId } from "../ids.js";
import { assertNadaValues } from "../nada-values-input.js";
import { type CallEnvironment, callNode } from "../node-call.js";
import { type OperationSpec, type PayableOperation, payableOperation } from "../operation.js";
import { assertPermissions, permissionsToMessage } from "../permissions-codec.js";
import { receiptFor } from "../receipt-for.js";
import { assertPayloadSize, assertRequestSize, receiptAllowance } from "../request-size.js";
import type { Session } from "../session.js";
import { sharesFor } from "./shares-for.js";

/**
 * Options of `VmClient.storeValues`.
 *
 * @example
 * ```ts
 * import type { StoreValuesOptions } from "@nillion/vm-client";
 *
 * const options: StoreValuesOptions = { ttlDays: 7, permissions: Permissions.defaultsForUser(client.userId) };
 * ```
 */
export interface StoreValuesOptions extends InvokeStoreValuesOptions {
  /**
   * Days the network keeps the values: a whole number from 1 to about 95 million (nodes refuse an
   * expiry after 31 December 262142). Longer costs more.
   */
  readonly ttlDays: number;
}

/**
 * Options of `VmClient.invokeStoreValues` (the time to live is in the receipt's quote).
 *
 * @example
 * ```ts
 * import type { InvokeStoreValuesOptions } from "@nillion/vm-client";
 *
 * const options: InvokeStoreValuesOptions = { updateIdentifier: valuesId };
 * ```
 */
export interface InvokeStoreValuesOptions {
  /**
   * Who may do what with the values. A new store defaults to the caller owning them with retrieve,
   * update and delete rights. An update keeps the stored permissions unless you pass new ones.
   */
  readonly permissions?: Permissions;
  /** Replace the values stored under this id (you need `update` on it) instead of storing new ones. */
  readonly updateIdentifier?: ValuesId | string;
}

/** Values masked for the cluster, with the target of the store. */
interface PreparedStore {
  readonly values: NadaValues;
  readonly shares: readonly PartyShares[];
  readonly permissions: Permissions | undefined;
  readonly update: ValuesId | undefined;
}

// The reference node adds the days to the current UTC date-time with chrono, whose calendar ends on 31
// December 262142; an expiry from the next midnight on gets "ttl_days is too high".
const END_OF_CALENDAR_MS = Date.UTC(262143, 0, 1);
const DAY_MS = 24 * 60 * 60 * 1000;

/** `VmClient.storeValues`. */
export function storeValues(
  session: Session,
  values: NadaValues,
  options: StoreValuesOptions,
): PayableOperation<ValuesId> {
  let prepared: PreparedStore | undefined;
  const prepare = (): PreparedStore => {
    prepared ??= prepareStore(session, values, options);
    return prepared;
  };
  const spec: OperationSpec<ValuesId> = {
    name: "storeValues",
    quoteRequest: () => storeQuoteRequest(session, prepare(), ttlDaysOf(options)),
    run: (receipt, environment) => sendStore(session, environment, receipt, prepare()),
  };
  return payableOperation(session, spec);
}

/** `VmClient.invokeStoreValues`. */
export function invokeStoreValues(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  values: NadaValues,
  options: InvokeStoreValuesOptions,
): Promise<ValuesId> {
  return sendStore(session, environment, receipt, prepareStore(session, values, options));
}

function ttlDaysOf(options: StoreValuesOptions): number {
  const ttlDays = (options as Partial<StoreValuesOptions> | undefined)?.ttlDays;
  const maximum = Math.floor((END_OF_CALENDAR_MS - 1 - Date.now()) / DAY_MS);
  if (!Number.isSafeInteger(ttlDays) || (ttlDays as number) < 1 || (ttlDays as number) > maximum) {
    throw new InvalidArgumentError(
      `"ttlDays" must be a whole number of days from 1 to ${maximum} (nodes refuse an expiry after 31 December 262142), got ${String(ttlDays)}`,
      { argument: "ttlDays", details: { maximum } },
    );
  }
  return ttlDays as number;
}

function prepareStore(
  session: Session,
  values: NadaValues,
  options: InvokeStoreValuesOptions,
): PreparedStore {
  assertNadaValues(values, "values", false);
  const { permissions, updateIdentifier } = options ?? {};
  if (permissions !== undefined) assertPermissions(permissions, "permissions");
  const update =
    updateIdentifier === undefined ? undefined : toValuesId(updateIdentifier, "updateIdentifier");
  return { values, shares: session.masker.mask(values), permissions, update };
}

/** The quote request, once the payload and every node's request are known to be ones nodes accept. */
function storeQuoteRequest(
  session: Session,
  prepared: PreparedStore,
  ttlDays: number,
): MessageInitShape<typeof PriceQuoteRequestSchema> {
  const counts = classifyValues(prepared.values, session.cluster.prime);
  const payload = payloadSize((prepared.shares[0] as PartyShares).values);
  assertPayloadSize(payload, "values");
  const quoteRequest: MessageInitShape<typeof PriceQuoteRequestSchema> = {
    operation: {
      case: "storeValues",
      value: {
        secretSharedCount: BigInt(counts.secretShared),
        publicValuesCount: BigInt(counts.publicValues),
        ecdsaPrivateKeySharesCount: BigInt(counts.ecdsaPrivateKeyShares),
        ecdsaSignatureSharesCount: BigInt(counts.ecdsaSignatureShares),
        ttlDays,
        payloadSize: BigInt(payload),
      },
    },
  };
  const allowance = receiptAllowance(quoteRequest);
  for (const { node } of session.members) {
    assertRequestSize(requestSize(storeRequest(session, prepared, node)) + allowance, bulkOf(prepared));
  }
  return quoteRequest;
}

/** What `node` is sent; the receipt is added once there is one. */
function storeRequest(
  session: Session,
  prepared: PreparedStore,
  node: ClusterNode,
  receipt?: SignedReceipt,
): StoreValuesRequest {
  // A new store needs permissions; an update without them keeps the stored ones.
  const permissions =
    prepared.permissions ?? (prepared.update ? undefined : Permissions.defaultsForUser(session.userId));
  return create(StoreValuesRequestSchema, {
    ...(receipt ? { signedReceipt: receipt } : {}),
    ...(permissions ? { permissions: permissionsToMessage(permissions) } : {}),
    updateIdentifier: prepared.update?.bytes ?? new Uint8Array(),
    values: sharesFor(prepared.shares, node),
  });
}

/**
 * What to blame for a request too large: the payload check has passed, so given permissions are the
 * likely bulk; without them only the values can be.
 */
function bulkOf(prepared: PreparedStore): string {
  return prepared.permissions === undefined ? "values" : "permissions";
}

function requestSize(request: StoreValuesRequest): number {
  return toBinary(StoreValuesRequestSchema, request).length;
}

async function sendStore(
  session: Session,
  environment: CallEnvironment,
  receipt: SignedReceipt,
  prepared: PreparedStore,
): Promise<ValuesId> {
  receiptFor(receipt, "storeValues");
  const requests = new Map(
    session.members.map((member) => [member, storeRequest(session, prepared, member.node, receipt)]),
  );
  for (const request of requests.values()) assertRequestSize(requestSize(request), bulkOf(prepared));
  const answers = await onEveryNode(session.members, async (member) => {
    const { node, transport } = member;
    const request = requests.get(member) as StoreValuesRequest;
    const client = createClient(Values, transport);
    const response = await callNode(
      environment,
      { node: node.grpcEndpoint, method: "Values/StoreValues" },
      "consumes-receipt",
      (options) => client.storeValues(request, options),
    );
    const value = idFromNode(
      (bytes) => new ValuesId(bytes),
      response.valuesId,
      node.grpcEndpoint,
      "values id",
    );
    return { node: node.grpcEndpoint, value };
  });
  return agreed(answers, (a, b) => a.equals(b), "the values id");
}
