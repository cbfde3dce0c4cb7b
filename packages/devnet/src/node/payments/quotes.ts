import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { fillRandom, type PrivateKey } from "@nillion/crypto";
import {
  type PriceQuote,
  type PriceQuoteRequest,
  PriceQuoteSchema,
  type SignedQuote,
  SignedQuoteSchema,
} from "@nillion/proto/nillion/payments/v1/quote";
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
 * resource), the fees, the request echoed back and an expiry, signed with the leader's key.
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
  const payloadSize =
    operation.case === "storeValues"
      ? operation.value.payloadSize
      : operation.case === "invokeCompute"
        ? operation.value.valuesPayloadSize
        : 0n;
  if (payloadSize > MAX_PAYLOAD_SIZE) {
    throw new ConnectError(
      `payload size (${payloadSize}) exceeds maximum (${MAX_PAYLOAD_SIZE})`,
      Code.InvalidArgument,
    );
  }
  if (operation.case === "storeProgram" && !operation.value.metadata) {
    throw new ConnectError("protobuf parsing error: 'metadata' not set", Code.InvalidArgument);
  }
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
