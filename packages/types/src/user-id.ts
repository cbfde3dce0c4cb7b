// The `UserId` identifier.
import { bytesEqual, bytesToHex, describeType, hexToBytes, isBytes } from "./bytes.js";
import { InvalidArgumentError } from "./errors.js";
import { setInspect } from "./inspect.js";

// A global symbol marks user ids, so one built by another copy of this package is still recognised.
const USER_ID: unique symbol = /* @__PURE__ */ Symbol.for("@nillion/types/user-id");
const HEX_40 = /^[0-9a-fA-F]{40}$/;

function inspectUserId(this: UserId): string {
  return `UserId(${this.toHex()})`;
}

/**
 * A user's identity on the network: 20 bytes, the last 20 bytes of SHA-256 of the user's authentication
 * public key (derive it with `@nillion/crypto`; this package does no hashing). Not sensitive: share it
 * freely. Immutable.
 *
 * @example
 * ```ts
 * import { UserId } from "@nillion/types";
 *
 * const user = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * user.toHex(); // "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"
 * user.equals(new UserId(user.bytes)); // true
 * ```
 */
export class UserId {
  /** The length of a user id in bytes. */
  static readonly LENGTH = 20;
  readonly #bytes: Uint8Array;

  /**
   * @param bytes exactly 20 bytes (copied)
   * @throws {InvalidArgumentError} `argument` `"bytes"` for anything else
   */
  constructor(bytes: Uint8Array) {
    if (!isBytes(bytes)) {
      throw new InvalidArgumentError(`UserId: "bytes" expected a Uint8Array, got ${describeType(bytes)}`, {
        argument: "bytes",
      });
    }
    if (bytes.length !== UserId.LENGTH) {
      throw new InvalidArgumentError(`UserId: "bytes" must be exactly 20 bytes, got ${bytes.length} bytes`, {
        argument: "bytes",
        details: { got: bytes.length },
      });
    }
    this.#bytes = Uint8Array.from(bytes);
    // Per instance: a computed class member would keep bundlers from tree-shaking this class.
    Object.defineProperty(this, USER_ID, { value: true });
    setInspect(this, inspectUserId);
  }

  /**
   * Parses 40 hex digits (either case). A `0x` prefix is rejected: user ids appear without one everywhere
   * on the network (program ids, node ids, the Python client's `UserId.parse`), so one id has one spelling.
   *
   * @throws {InvalidArgumentError} `argument` `"hex"`
   *
   * @example
   * ```ts
   * import { UserId } from "@nillion/types";
   *
   * UserId.parse("3113A1170DE795E4B725B84D1E0B4CFD9EC58CE9").toString(); // lowercase hex
   * ```
   */
  static parse(hex: string): UserId {
    if (typeof hex !== "string" || !HEX_40.test(hex)) {
      const got = typeof hex === "string" ? JSON.stringify(hex) : describeType(hex);
      throw new InvalidArgumentError(
        `UserId: "hex" must be exactly 40 hex digits (20 bytes, no 0x prefix), got ${got}`,
        { argument: "hex" },
      );
    }
    return new UserId(hexToBytes(hex, "hex"));
  }

  /** A copy of the 20 bytes. */
  get bytes(): Uint8Array {
    return this.#bytes.slice();
  }

  /** Lowercase hex, 40 digits, no prefix. */
  toHex(): string {
    return bytesToHex(this.#bytes);
  }

  /** The same as {@link UserId.toHex}. */
  toString(): string {
    return this.toHex();
  }

  /** The hex form, so JSON carries a readable id. */
  toJSON(): string {
    return this.toHex();
  }

  /** Whether `other` is a user id (from any copy of this package) with the same bytes. */
  equals(other: unknown): boolean {
    return isUserId(other) && bytesEqual(this.#bytes, other.bytes);
  }
}

/**
 * Whether `value` is a {@link UserId}, from this copy of the package or another one.
 *
 * @example
 * ```ts
 * import { isUserId, UserId } from "@nillion/types";
 *
 * isUserId(UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9")); // true
 * isUserId("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"); // false
 * ```
 */
export function isUserId(value: unknown): value is UserId {
  return (
    value instanceof UserId ||
    (typeof value === "object" && value !== null && (value as { [USER_ID]?: unknown })[USER_ID] === true)
  );
}

/**
 * Checks that `value` is a user id and returns it as one of this copy's, or throws an
 * {@link InvalidArgumentError} naming `argument`.
 *
 * @internal
 */
export function toUserId(value: unknown, argument: string): UserId {
  if (value instanceof UserId) return value;
  if (isUserId(value)) return new UserId(value.bytes);
  throw new InvalidArgumentError(`"${argument}" expected a UserId, got ${describeType(value)}`, { argument });
}
