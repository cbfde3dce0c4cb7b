import { type DescMessage, isMessage, type MessageShape } from "@bufbuild/protobuf";
import { InvalidArgumentError } from "@nillion/types";

/**
 * Throws unless `value` is a message of `schema`, built with `create` or decoded with `fromBinary`.
 *
 * @throws {InvalidArgumentError} (`argument: "proto"`) naming the expected message type
 */
export function assertProtoMessage<Desc extends DescMessage>(
  value: unknown,
  schema: Desc,
): asserts value is MessageShape<Desc> {
  if (!isMessage(value, schema)) {
    const got =
      typeof value === "object" && value !== null && "$typeName" in value
        ? `a ${String((value as { $typeName: unknown }).$typeName)} message`
        : typeof value === "object" && value !== null
          ? "a plain object"
          : String(value);
    throw new InvalidArgumentError(
      `"proto" expected a ${schema.typeName} message (from create(…Schema, init) or fromBinary), got ${got}`,
      { argument: "proto", details: { expected: schema.typeName } },
    );
  }
}

/**
 * `fn()`, with a bad field's error restated as a bad `proto` naming the field's path; an error about a
 * nested message (`"proto.contents"`) gets the path of the field that holds it (`"proto.users[0].contents"`).
 */
export function fromProtoField<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    if (!(cause instanceof InvalidArgumentError)) throw cause;
    const message =
      cause.argument === "proto" && cause.message.startsWith(`"proto.`)
        ? `"proto.${field}.${cause.message.slice('"proto.'.length)}`
        : `"proto.${field}": ${cause.message}`;
    throw new InvalidArgumentError(message, { argument: "proto", cause });
  }
}
