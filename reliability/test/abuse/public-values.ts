import { fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { bigIntToBytes, bytesToBigInt } from "@nillion/crypto";
import type { ValuesRecord } from "@nillion/devnet";
import type { StoreValuesRequest, StoreValuesRequestSchema } from "@nillion/proto/nillion/values/v1/store";
import { NamedValueSchema } from "@nillion/proto/nillion/values/v1/value";

// The devnet's default prime is 256 bits wide: every field element travels as 32 little-endian bytes.
const ELEMENT_BYTES = 32;

/**
 * A `StoreValues` request storing one public integer `a = value`, owned by `owner` alone. Public values
 * are the same on every node, so the suite needs no masker, and what each node stored tells which of
 * many concurrent requests it accepted.
 */
export function storePublicValue(
  signedReceipt: StoreValuesRequest["signedReceipt"],
  owner: Uint8Array,
  value: bigint,
): MessageInitShape<typeof StoreValuesRequestSchema> {
  const user = { contents: owner };
  return {
    signedReceipt,
    permissions: { owner: user, retrieve: [user], update: [user], delete: [user], compute: [] },
    values: [
      {
        name: "a",
        value: {
          value: { case: "publicInteger", value: { value: bigIntToBytes(value, ELEMENT_BYTES, "le") } },
        },
      },
    ],
  };
}

/** The public integer `a` a node stored, as {@link storePublicValue} wrote it. */
export function storedPublicValue(record: ValuesRecord): bigint {
  const [first] = record.valuesBytes;
  const stored = first === undefined ? undefined : fromBinary(NamedValueSchema, first).value?.value;
  if (stored?.case !== "publicInteger") throw new Error(`record ${record.id} holds no public integer`);
  return bytesToBigInt(stored.value.value, "le");
}
