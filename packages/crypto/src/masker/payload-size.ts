import { valueSize } from "./wire-codec.js";
import type { WireNamedValue } from "./wire-value.js";

const utf8 = new TextEncoder();

/**
 * The payload size a quote declares for a set of shares (`StoreValues.payload_size`,
 * `InvokeCompute.values_payload_size`): Σ (name length + encoded `Value` length), over the values sent
 * to one node. Names are measured in UTF-8 bytes, as the Rust client does; the official TS client counts
 * UTF-16 units, which only differs for non-ASCII names.
 *
 * @example
 * const [first] = masker.mask(values);
 * payloadSize(first.values);
 */
export function payloadSize(values: readonly WireNamedValue[]): number {
  let size = 0;
  for (const { name, value } of values) size += utf8.encode(name).length + valueSize(value);
  return size;
}
