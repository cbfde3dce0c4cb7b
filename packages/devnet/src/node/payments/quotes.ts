import { create, type DescEnum, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { fillRandom, type PrivateKey } from "@nillion/crypto";
import {
  type PriceQuote,
  type PriceQuoteRequest,
  PriceQuoteSchema,
  type ProgramMetadata,
  type SignedQuote,
  SignedQuoteSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
import { PreprocessingElementSchema } from "@nillion/proto/nillion/preprocessing/v1/element";
import { AuxiliaryMaterialSchema } from "@nillion/proto/nillion/preprocessing/v1/material";
import { DEVNET_PROGRAM_LIMITS, programAuditViolation } from "../program-audit.js";
import { valuesExpiry } from "../services/values-expiry.js";
import { DEVNET_PRICING, priceOf } from "./devnet-pricing.js";
import { openSignedQuote } from "./receipts.js";
import { signEnvelope } from "./signed-envelope.js";

/** The largest payload a node accepts (also its gRPC message limit): 6 MiB. */
export const MAX_PAYLOAD_SIZE = 6n * 1024n * 1024n;

/**
 * What the leader adds to a compute quote: the preprocessing material the program will consume.
 * Supplied by the compute service; other operations need none.
 */
export type ComputeRequirements = (
  programId: string,
) => Promise<Pick<PriceQuote, "preprocessingRequirements" | "auxiliaryMaterialRequirements">>;

export interface IssueQuoteOptions {
  readonly leaderKey: PrivateKey;
  readonly now: Date;
  readonly computeRequirements?: ComputeRequirements;
}

/**
 * The leader's answer to `PriceQuote`: a fresh 32-byte nonce (what a chain payment must name as its
 * resource), the fees, the request echoed back and an expiry, signed with the leader's key. What would be
 * refused once paid for and the request alone shows is refused here instead.
 *
 * @throws {ConnectError} INVALID_ARGUMENT "protobuf parsing error: …" for a request the reference cannot
 * convert, "payload size (…) exceeds maximum (…)" (a StoreProgram's `program_size` too), "processing
 * target program failed: program audit failed: invalid program: failure in policy …" for declared program
 * metadata over the auditor's limits, "ttl_days is too high" for an expiry after 31 December 262142; and
 * what `computeRequirements` throws
 *
 * @example
 * ```ts
 * const signed = await issueQuote(request, { leaderKey, now: new Date() });
 * ```
 */
export async function issueQuote(
  request: PriceQuoteRequest,
  options: IssueQuoteOptions,
): Promise<SignedQuote> {
  const operation = request.operation;
  if (operation.case === undefined)
    throw new ConnectError("protobuf parsing error: 'operation' not set", Code.InvalidArgument);
  checkRequest(operation, options.now);
  const requirements =
    operation.case === "invokeCompute" && options.computeRequirements
      ? await options.computeRequirements(operation.value.programId)
      : { preprocessingRequirements: [], auxiliaryMaterialRequirements: [] };
  const quote = toBinary(
    PriceQuoteSchema,
    create(PriceQuoteSchema, {
      nonce: fillRandom(new Uint8Array(32)),
      fees: priceOf(operation),
      request,
      expiresAt: timestampFromDate(new Date(options.now.getTime() + DEVNET_PRICING.quoteTtlMs)),
      ...requirements,
    }),
  );
  return create(SignedQuoteSchema, { quote, signature: signEnvelope(options.leaderKey, quote) });
}

/** Checks the leader's signature on a quote a client sends back, and decodes it. */
export function openQuote(signed: SignedQuote | undefined, leaderPublicKey: Uint8Array): PriceQuote {
  return openSignedQuote(signed, leaderPublicKey, (bytes) => fromBinary(PriceQuoteSchema, bytes));
}

type Operation = Exclude<PriceQuoteRequest["operation"], { case: undefined }>;

/**
 * What the leader checks before pricing, in the reference's order: the request's conversion from protobuf,
 * the declared payload size, the auditor on a declared program. Stricter than the reference, which checks
 * it only once the store is paid for: a StoreValues TTL.
 */
function checkRequest(operation: Operation, now: Date): void {
  switch (operation.case) {
    case "storeValues":
      checkPayloadSize(operation.value.payloadSize);
      valuesExpiry(operation.value.ttlDays, now);
      return;
    case "invokeCompute":
      checkPayloadSize(operation.value.valuesPayloadSize);
      return;
    case "storeProgram": {
      const metadata = parseProgramMetadata(operation.value.metadata);
      checkPayloadSize(metadata.programSize);
      const violation = programAuditViolation(metadata, DEVNET_PROGRAM_LIMITS);
      if (violation !== undefined) {
        throw new ConnectError(
          `processing target program failed: program audit failed: invalid program: ${violation}`,
          Code.InvalidArgument,
        );
      }
      return;
    }
    default:
      return;
  }
}

function checkPayloadSize(payloadSize: bigint): void {
  if (payloadSize > MAX_PAYLOAD_SIZE) {
    throw new ConnectError(
      `payload size (${payloadSize}) exceeds maximum (${MAX_PAYLOAD_SIZE})`,
      Code.InvalidArgument,
    );
  }
}

function parseProgramMetadata(metadata: ProgramMetadata | undefined): ProgramMetadata {
  if (!metadata) throw new ConnectError("protobuf parsing error: 'metadata' not set", Code.InvalidArgument);
  for (const { element } of metadata.preprocessingRequirements) {
    if (!isEnumNumber(PreprocessingElementSchema, element)) {
      throw new ConnectError("protobuf parsing error: invalid 'element' field", Code.InvalidArgument);
    }
  }
  for (const { material } of metadata.auxiliaryMaterialRequirements) {
    if (!isEnumNumber(AuxiliaryMaterialSchema, material)) {
      throw new ConnectError("protobuf parsing error: invalid 'material' field", Code.InvalidArgument);
    }
  }
  return metadata;
}

const isEnumNumber = (schema: DescEnum, value: number) =>
  schema.values.some(({ number }) => number === value);
