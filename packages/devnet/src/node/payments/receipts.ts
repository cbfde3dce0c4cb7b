import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { fillRandom, type PrivateKey } from "@nillion/crypto";
import type { PriceQuote } from "@nillion/proto/nillion/payments/v1/quote";
import {
  type OperationMetadata,
  OperationMetadataSchema,
  type Receipt,
  ReceiptSchema,
  type SignedReceipt,
  SignedReceiptSchema,
} from "@nillion/proto/nillion/payments/v1/receipt";
import { bytesToHex } from "@nillion/types";
import { DEVNET_PRICING } from "./devnet-pricing.js";
import { assertEnvelope, signEnvelope } from "./signed-envelope.js";

/** The operations a receipt pays for, named as the node names them in its errors. */
const OPERATION_NAMES = {
  poolStatus: "pool status",
  storeProgram: "store program",
  retrieveValues: "retrieve values",
  retrievePermissions: "retrieve permissions",
  storeValues: "store values",
  invokeCompute: "invoke compute",
  overwritePermissions: "overwrite permissions",
  updatePermissions: "update permissions",
} as const;

export type PaidOperation = keyof typeof OPERATION_NAMES;

/**
 * The leader's receipt for a paid quote. Its fresh UUIDv4 identifier becomes the values id or compute id,
 * so every node that receives the same receipt creates the same id.
 *
 * @param metadata the quote's operation; for compute, with the preprocessing offsets reserved for it
 */
export function issueReceipt(metadata: OperationMetadata, leaderKey: PrivateKey, now: Date): SignedReceipt {
  const identifier = fillRandom(new Uint8Array(16));
  identifier[6] = ((identifier[6] as number) & 0x0f) | 0x40; // version 4
  identifier[8] = ((identifier[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const receipt = toBinary(
    ReceiptSchema,
    create(ReceiptSchema, {
      identifier,
      metadata,
      expiresAt: timestampFromDate(new Date(now.getTime() + DEVNET_PRICING.receiptTtlMs)),
    }),
  );
  return create(SignedReceiptSchema, { receipt, signature: signEnvelope(leaderKey, receipt) });
}

/** The receipt metadata of a quote: its operation, echoed (compute adds its reserved offsets). */
export function metadataOf(quote: PriceQuote): OperationMetadata {
  const operation = quote.request?.operation;
  if (operation?.case === undefined)
    throw new ConnectError("protobuf parsing error: 'operation' not set", Code.InvalidArgument);
  if (operation.case === "invokeCompute") {
    return create(OperationMetadataSchema, {
      operation: { case: "invokeCompute", value: { quote: operation.value } },
    });
  }
  return create(OperationMetadataSchema, { operation } as Parameters<
    typeof create<typeof OperationMetadataSchema>
  >[1]);
}

export interface AcceptReceiptOptions {
  /** The leader's authentication key: receipts it did not sign are refused. */
  readonly leaderPublicKey: Uint8Array;
  readonly now: Date;
  /** Records a receipt identifier as used on this node; false when it already was. */
  readonly claim: (identifierHex: string, expiresAt: Date) => Promise<boolean>;
}

/**
 * Checks a receipt as every node does before acting on it (wire-protocol.md §4.4): the leader's
 * signature, then the identifier is recorded as used — even if the request fails later, so a blind retry
 * gets "nonce already used" —, then the expiry, then that it pays for this operation.
 */
export async function acceptReceipt(
  signed: SignedReceipt | undefined,
  operation: PaidOperation,
  options: AcceptReceiptOptions,
): Promise<Receipt> {
  if (!signed)
    throw new ConnectError("protobuf parsing error: 'signed_receipt' not set", Code.InvalidArgument);
  assertEnvelope(options.leaderPublicKey, signed.receipt, signed.signature);
  let receipt: Receipt;
  try {
    receipt = fromBinary(ReceiptSchema, signed.receipt);
  } catch (error) {
    throw new ConnectError(`protobuf parsing error: ${(error as Error).message}`, Code.InvalidArgument);
  }
  if (receipt.identifier.length !== 16) throw new ConnectError("invalid uuid", Code.Internal);
  const expiresAt = receipt.expiresAt ? timestampDate(receipt.expiresAt) : new Date(0);
  if (!(await options.claim(bytesToHex(receipt.identifier), expiresAt))) {
    throw new ConnectError("nonce already used", Code.FailedPrecondition);
  }
  if (expiresAt < options.now) throw new ConnectError("quote expired", Code.FailedPrecondition);
  if (receipt.metadata?.operation.case !== operation) {
    throw new ConnectError(
      `receipt is not for a '${OPERATION_NAMES[operation]}' operation`,
      Code.InvalidArgument,
    );
  }
  return receipt;
}

/** Decodes the leader's signed quote after checking its signature. */
export function openSignedQuote(
  signed: { quote: Uint8Array; signature: Uint8Array } | undefined,
  leaderPublicKey: Uint8Array,
  decode: (bytes: Uint8Array) => PriceQuote,
): PriceQuote {
  if (!signed) throw new ConnectError("protobuf parsing error: 'signed_quote' not set", Code.InvalidArgument);
  assertEnvelope(leaderPublicKey, signed.quote, signed.signature);
  try {
    return decode(signed.quote);
  } catch (error) {
    throw new ConnectError(`protobuf parsing error: ${(error as Error).message}`, Code.InvalidArgument);
  }
}
