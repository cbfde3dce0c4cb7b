import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { PriceQuoteRequestSchema } from "@nillion/proto/nillion/payments/v1/quote";
import { InvalidArgumentError } from "@nillion/types";

/**
 * nilvm's default `max_payload_size`, 6 MiB, as the reference devnet configures it: the leader
 * refuses to quote a larger payload, and a node reads no larger message.
 */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

// A receipt repeats the quote request it pays for; besides, it holds a 16-byte id, an expiry, the
// preprocessing offsets reserved for a computation (a few bytes per element kind) and a 64-byte
// signature. This bounds all of that, with room to spare.
const RECEIPT_BYTES_BEYOND_QUOTE = 1024;

/**
 * Throws unless the payload a quote declares (`payload_size`, `values_payload_size`, a program's size)
 * is one the leader quotes.
 *
 * @param argument what the payload is made of, e.g. `values`
 * @throws {InvalidArgumentError} naming `argument`, the size and the limit
 */
export function assertPayloadSize(bytes: number, argument: string): void {
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new InvalidArgumentError(
      `"${argument}" makes a payload of ${bytes} bytes; nodes accept at most ${MAX_PAYLOAD_BYTES} (6 MiB)`,
      { argument, details: { bytes, maximum: MAX_PAYLOAD_BYTES } },
    );
  }
}

/**
 * Throws unless a node request of `bytes` (encoded, its receipt included) fits the largest message a
 * node reads.
 *
 * @param argument what makes the request large, e.g. `permissions`
 * @throws {InvalidArgumentError} naming `argument`, the size and the limit
 */
export function assertRequestSize(bytes: number, argument: string): void {
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new InvalidArgumentError(
      `"${argument}" makes the request to a node ${bytes} bytes long; nodes read at most ${MAX_PAYLOAD_BYTES} (6 MiB)`,
      { argument, details: { bytes, maximum: MAX_PAYLOAD_BYTES } },
    );
  }
}

/**
 * The most bytes the receipt for `quoteRequest` adds to a node request: what a request is measured with
 * before it is paid for.
 */
export function receiptAllowance(quoteRequest: MessageInitShape<typeof PriceQuoteRequestSchema>): number {
  const quoted = toBinary(PriceQuoteRequestSchema, create(PriceQuoteRequestSchema, quoteRequest)).length;
  return quoted + RECEIPT_BYTES_BEYOND_QUOTE;
}
