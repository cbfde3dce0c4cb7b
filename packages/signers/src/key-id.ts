import { InvalidArgumentError, ValuesId } from "@nillion/types";

/** `keyId` as a `ValuesId`; an `InvalidArgumentError` naming `argument` for anything but one or its UUID. */
export function toKeyId(keyId: unknown, argument: string): ValuesId {
  if (keyId instanceof ValuesId) return keyId;
  if (typeof keyId === "string") {
    try {
      return ValuesId.parse(keyId);
    } catch (cause) {
      throw new InvalidArgumentError(`${argument} must be a UUID, got ${JSON.stringify(keyId)}`, {
        argument,
        cause,
      });
    }
  }
  throw new InvalidArgumentError(`${argument} must be a ValuesId or a UUID string, got ${typeof keyId}`, {
    argument,
  });
}
