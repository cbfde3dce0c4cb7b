import { fromBinary } from "@bufbuild/protobuf";
import {
  type OperationMetadata,
  ReceiptSchema,
  type SignedReceipt,
} from "@nillion/proto/nillion/payments/v1/receipt";
import { InvalidArgumentError, isBytes } from "@nillion/types";

/** The operations a receipt can pay for, as `OperationMetadata` names them. */
export type ReceiptOperation = NonNullable<OperationMetadata["operation"]["case"]>;

/** What a receipt paid for `operation` holds: that operation's quoted request. */
export type ReceiptMetadata<K extends ReceiptOperation> = Extract<
  OperationMetadata["operation"],
  { case: K }
>["value"];

/**
 * The quoted request a receipt paid for, once it is known to pay for `operation`. A node records a
 * receipt as used as soon as it reads it, even when it then refuses it for another operation: checked
 * here, a receipt handed to the wrong call is not lost.
 *
 * @throws {InvalidArgumentError} (`argument: "receipt"`) for a value that is not a signed receipt, or a
 * receipt for another operation
 */
export function receiptFor<K extends ReceiptOperation>(
  receipt: SignedReceipt,
  operation: K,
): ReceiptMetadata<K> {
  const bytes = (receipt as Partial<SignedReceipt> | null)?.receipt;
  let paid: OperationMetadata["operation"] | undefined;
  if (isBytes(bytes) && isBytes((receipt as Partial<SignedReceipt>).signature)) {
    try {
      paid = fromBinary(ReceiptSchema, bytes).metadata?.operation;
    } catch {
      paid = undefined;
    }
  }
  if (paid === undefined) {
    throw new InvalidArgumentError(`"receipt" expected a SignedReceipt from the leader`, {
      argument: "receipt",
    });
  }
  if (paid.case !== operation) {
    throw new InvalidArgumentError(
      `"receipt" pays for ${paid.case ?? "no operation"}, not for ${operation}: nodes would refuse it, and it would be used up`,
      { argument: "receipt", details: { paidFor: paid.case, operation } },
    );
  }
  return paid.value as ReceiptMetadata<K>;
}
