import { createHash } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import { AddFundsPayloadSchema } from "@nillion/proto/nillion/payments/v1/balance";

/**
 * An `AddFundsPayload` crediting `recipient` (20-byte user id), with a fresh nonce; a chain payment for
 * it must name {@link payloadHash} of these exact bytes.
 *
 * @example
 * ```ts
 * const payload = addFundsPayload(key.userId.bytes);
 * const txHash = await payer.submitPayment(1_000_000n, payloadHash(payload));
 * await leader.payments.addFunds({ payload, txHash });
 * ```
 */
export function addFundsPayload(recipient: Uint8Array): Uint8Array {
  return toBinary(
    AddFundsPayloadSchema,
    create(AddFundsPayloadSchema, {
      recipient: { contents: recipient },
      nonce: crypto.getRandomValues(new Uint8Array(32)),
    }),
  );
}

/** SHA-256 of an add-funds payload: the resource its chain payment must name. */
export function payloadHash(payload: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(payload).digest());
}
