// Structurally extreme but well-formed messages: values nested thousands deep, permissions naming tens of
// thousands of users, computations over a hundred thousand value ids. They stay under the node's 6 MiB
// message limit, so the node has to decode them and deal with what it gets.
import type { SeededRandom } from "../support/seeded-random.js";
import { bytesField, concat, repeatBytes, tag, varint, WIRE } from "./protobuf-wire.js";

export interface Stressed {
  readonly bytes: Uint8Array;
  readonly label: string;
}

/** Field numbers of the request messages this module extends (values/v1, compute/v1, permissions/v1). */
const FIELDS = {
  storeValuesValues: 5,
  invokeComputeValueIds: 2,
  invokeComputeValues: 6,
  overwritePermissions: 2,
  updateRetrieve: 2,
} as const;

/**
 * `message` (a request of `method`) with an extreme part appended, or undefined when the method has no
 * such part. Repeated fields concatenate on the wire, so the rest of the message stays as it was.
 */
export function stressMessage(
  method: string,
  message: Uint8Array,
  random: SeededRandom,
): Stressed | undefined {
  switch (method) {
    case "StoreValues":
    case "InvokeCompute": {
      const depth = random.pick([64, 1_000, 10_000, 100_000]);
      const shape = random.chance(0.5) ? "array" : "tuple";
      const field = method === "StoreValues" ? FIELDS.storeValuesValues : FIELDS.invokeComputeValues;
      const deep = bytesField(
        field,
        concat(bytesField(1, new TextEncoder().encode("deep")), bytesField(2, nestedValue(depth, shape))),
      );
      if (method === "InvokeCompute" && random.chance(0.5)) {
        const count = random.pick([10_000, 100_000]);
        const ids = repeatBytes(bytesField(FIELDS.invokeComputeValueIds, random.bytes(16)), count);
        return { bytes: concat(message, ids), label: `value-ids × ${count}` };
      }
      return { bytes: concat(message, deep), label: `nested-${shape}(depth ${depth})` };
    }
    case "OverwritePermissions":
    case "UpdatePermissions": {
      const count = random.pick([1_000, 50_000]);
      const user = bytesField(1, random.bytes(20));
      // Permissions.retrieve (2) or PermissionCommand.grant (1): repeated UserId either way.
      const inner = repeatBytes(bytesField(method === "OverwritePermissions" ? 2 : 1, user), count);
      const field = method === "OverwritePermissions" ? FIELDS.overwritePermissions : FIELDS.updateRetrieve;
      return { bytes: concat(message, bytesField(field, inner)), label: `user-ids × ${count}` };
    }
    default:
      return undefined;
  }
}

/**
 * A `nillion.values.v1.value.Value` nested `depth` levels deep — arrays of one element (each with an
 * element type, so that the array itself is valid) or tuples with a public integer on the right —
 * around a public integer. Written in one pass from precomputed sizes: nesting by concatenation would
 * copy the whole value at every level.
 */
export function nestedValue(depth: number, shape: "array" | "tuple"): Uint8Array {
  // Value { public_integer (2): PublicInteger { value (1): 32 bytes } }
  const leaf = bytesField(2, bytesField(1, new Uint8Array(32)));
  // array: Array { values (1): <inner>, inner_type (2): ValueType { public_integer (1): Empty } }
  // tuple: Tuple { left (1): <inner>, right (2): <leaf> }
  const suffix = shape === "array" ? bytesField(2, bytesField(1, new Uint8Array())) : bytesField(2, leaf);
  const outerField = shape === "array" ? 7 : 8;
  const sizes = [leaf.length];
  const heads: Uint8Array[] = [];
  for (let level = 0; level < depth; level++) {
    const inner = sizes[level] ?? 0;
    const innerHead = concat(tag(1, WIRE.bytes), varint(inner));
    const containerSize = innerHead.length + inner + suffix.length;
    const outerHead = concat(tag(outerField, WIRE.bytes), varint(containerSize));
    heads.push(concat(outerHead, innerHead));
    sizes.push(outerHead.length + containerSize);
  }
  const out = new Uint8Array(sizes[depth] ?? leaf.length);
  let front = 0;
  let back = out.length;
  for (let level = depth - 1; level >= 0; level--) {
    const head = heads[level] ?? new Uint8Array();
    out.set(head, front);
    front += head.length;
    back -= suffix.length;
    out.set(suffix, back);
  }
  out.set(leaf, front);
  return out;
}
