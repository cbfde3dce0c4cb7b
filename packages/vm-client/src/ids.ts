import { ComputeId, InternalError, InvalidArgumentError, isBytes, ValuesId } from "@nillion/types";

/**
 * A `ValuesId` from what a caller passed: the id itself or its UUID text.
 *
 * @throws {InvalidArgumentError} naming `argument`
 */
export function toValuesId(value: ValuesId | string, argument: string): ValuesId {
  if (value instanceof ValuesId) return value;
  if (typeof value === "string") return parseWith(() => ValuesId.parse(value), argument);
  // An id made by another copy of @nillion/types.
  const other: unknown = value;
  if (isIdOfKind(other, "ValuesId")) return new ValuesId(other.bytes);
  throw new InvalidArgumentError(`"${argument}" expected a ValuesId or its UUID string`, { argument });
}

/**
 * A `ComputeId` from what a caller passed: the id itself or its UUID text.
 *
 * @throws {InvalidArgumentError} naming `argument`
 */
export function toComputeId(value: ComputeId | string, argument: string): ComputeId {
  if (value instanceof ComputeId) return value;
  if (typeof value === "string") return parseWith(() => ComputeId.parse(value), argument);
  const other: unknown = value;
  if (isIdOfKind(other, "ComputeId")) return new ComputeId(other.bytes);
  throw new InvalidArgumentError(`"${argument}" expected a ComputeId or its UUID string`, { argument });
}

/**
 * An id a node sent, which must be 16 bytes.
 *
 * @throws {InternalError} naming the node when it is not
 */
export function idFromNode<T>(
  make: (bytes: Uint8Array) => T,
  bytes: Uint8Array,
  node: string,
  what: string,
): T {
  try {
    return make(bytes);
  } catch (cause) {
    throw new InternalError(`${node} answered with an invalid ${what} (${bytes.length} bytes)`, {
      cause,
      details: { node },
    });
  }
}

function parseWith<T>(parse: () => T, argument: string): T {
  try {
    return parse();
  } catch (cause) {
    throw new InvalidArgumentError(`"${argument}": ${(cause as Error).message}`, { argument, cause });
  }
}

function isIdOfKind(value: unknown, kind: string): value is { bytes: Uint8Array } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === kind &&
    isBytes((value as { bytes?: unknown }).bytes)
  );
}
