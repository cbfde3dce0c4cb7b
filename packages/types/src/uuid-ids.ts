// `ValuesId` and `ComputeId`: UUID identifiers assigned by the network.
import { bytesEqual, describeType, isBytes } from "./bytes.js";
import { InvalidArgumentError } from "./errors.js";
import { setInspect } from "./inspect.js";
import { bytesToUuid, uuidToBytes } from "./uuid.js";

function inspectUuidId(this: UuidId): string {
  return `${this.kind}(${this.toString()})`;
}

/**
 * What {@link ValuesId} and {@link ComputeId} share: 16 bytes shown as a canonical lowercase UUID.
 * The `kind` keeps the two apart, in types and in {@link UuidId.equals}.
 *
 * @example
 * ```ts
 * import type { UuidId } from "@nillion/types";
 *
 * const log = (id: UuidId) => console.warn(`${id.kind} ${id}`);
 * ```
 */
export abstract class UuidId {
  /** Which id this is. */
  abstract readonly kind: "ValuesId" | "ComputeId";
  readonly #bytes: Uint8Array;

  protected constructor(kind: string, bytes: Uint8Array) {
    if (!isBytes(bytes)) {
      throw new InvalidArgumentError(`${kind}: "bytes" expected a Uint8Array, got ${describeType(bytes)}`, {
        argument: "bytes",
      });
    }
    if (bytes.length !== 16) {
      throw new InvalidArgumentError(
        `${kind}: "bytes" must be exactly 16 bytes (a UUID), got ${bytes.length} bytes`,
        {
          argument: "bytes",
          details: { got: bytes.length },
        },
      );
    }
    this.#bytes = Uint8Array.from(bytes);
    setInspect(this, inspectUuidId);
  }

  /** A copy of the 16 bytes. */
  get bytes(): Uint8Array {
    return this.#bytes.slice();
  }

  /** The canonical lowercase UUID, 8-4-4-4-12. */
  toString(): string {
    return bytesToUuid(this.#bytes);
  }

  /** The UUID text, so JSON carries a readable id. */
  toJSON(): string {
    return this.toString();
  }

  /** Whether `other` is the same kind of id with the same bytes. */
  equals(other: unknown): boolean {
    return other instanceof UuidId
      ? other.kind === this.kind && bytesEqual(this.#bytes, other.#bytes)
      : typeof other === "object" &&
          other !== null &&
          (other as { kind?: unknown }).kind === this.kind &&
          isBytes((other as { bytes?: unknown }).bytes) &&
          bytesEqual(this.#bytes, (other as { bytes: Uint8Array }).bytes);
  }
}

function parseUuid(kind: string, text: string): Uint8Array {
  const bytes = typeof text === "string" ? uuidToBytes(text) : undefined;
  if (bytes === undefined) {
    const got = typeof text === "string" ? JSON.stringify(text) : describeType(text);
    throw new InvalidArgumentError(
      `${kind}: "uuid" must be a UUID in the form 8-4-4-4-12 hex digits (e.g. ` +
        `"123e4567-e89b-12d3-a456-426614174000"), got ${got}`,
      { argument: "uuid" },
    );
  }
  return bytes;
}

/**
 * The id of a set of stored values (returned by store, used by retrieve, update, delete, permissions
 * and compute).
 *
 * @example
 * ```ts
 * import { ValuesId } from "@nillion/types";
 *
 * const id = ValuesId.parse("123E4567-E89B-12D3-A456-426614174000");
 * id.toString(); // "123e4567-e89b-12d3-a456-426614174000"
 * ValuesId.fromBytes(id.bytes).equals(id); // true
 * ```
 */
export class ValuesId extends UuidId {
  readonly kind = "ValuesId";

  /** @param bytes exactly 16 bytes (copied) */
  constructor(bytes: Uint8Array) {
    super("ValuesId", bytes);
  }

  /**
   * Parses the canonical UUID form (either case); braces, `urn:uuid:` and missing dashes are rejected.
   *
   * @throws {InvalidArgumentError} `argument` `"uuid"`
   */
  static parse(uuid: string): ValuesId {
    return new ValuesId(parseUuid("ValuesId", uuid));
  }

  /** The same as `new ValuesId(bytes)`. */
  static fromBytes(bytes: Uint8Array): ValuesId {
    return new ValuesId(bytes);
  }
}

/**
 * The id of a computation (returned by compute, used to fetch its results).
 *
 * @example
 * ```ts
 * import { ComputeId } from "@nillion/types";
 *
 * const id = ComputeId.parse("00000000-0000-4000-8000-000000000001");
 * String(id); // "00000000-0000-4000-8000-000000000001"
 * ```
 */
export class ComputeId extends UuidId {
  readonly kind = "ComputeId";

  /** @param bytes exactly 16 bytes (copied) */
  constructor(bytes: Uint8Array) {
    super("ComputeId", bytes);
  }

  /**
   * Parses the canonical UUID form (either case); braces, `urn:uuid:` and missing dashes are rejected.
   *
   * @throws {InvalidArgumentError} `argument` `"uuid"`
   */
  static parse(uuid: string): ComputeId {
    return new ComputeId(parseUuid("ComputeId", uuid));
  }

  /** The same as `new ComputeId(bytes)`. */
  static fromBytes(bytes: Uint8Array): ComputeId {
    return new ComputeId(bytes);
  }
}
