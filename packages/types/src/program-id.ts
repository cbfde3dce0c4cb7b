// Program identifiers: `<owner hex>/<name>/sha256/<hex>` for uploaded programs, `builtin/<name>` for built-ins.
import { bytesToHex, describeType, hexToBytes, isBytes } from "./bytes.js";
import { InvalidArgumentError } from "./errors.js";
import { toUserId, UserId } from "./user-id.js";

/**
 * A program id, as the network returns and compares it: an exact string.
 *
 * @example
 * ```ts
 * import type { ProgramId } from "@nillion/types";
 *
 * const id: ProgramId = "builtin/tecdsa_sign";
 * ```
 */
export type ProgramId = string;

/**
 * The parts of a program id.
 *
 * @example
 * ```ts
 * import { parseProgramId, type ParsedProgramId } from "@nillion/types";
 *
 * const parsed: ParsedProgramId = parseProgramId("builtin/tecdsa_sign"); // { kind: "builtin", name: "tecdsa_sign" }
 * ```
 */
export type ParsedProgramId =
  | { readonly kind: "user"; readonly owner: UserId; readonly name: string; readonly sha256: Uint8Array }
  | { readonly kind: "builtin"; readonly name: string };

// The node's rule for program names (nilvm client/src/operation/store_program.rs).
const PROGRAM_NAME = /^[A-Za-z0-9+.:_-]{1,128}$/;
// The node writes hex in lowercase and compares program ids as exact strings, so only that form is valid.
const LOWER_HEX_40 = /^[0-9a-f]{40}$/;
const LOWER_HEX_64 = /^[0-9a-f]{64}$/;

/**
 * Throws unless `name` is a valid program name: 1 to 128 characters from `A-Z a-z 0-9 + . : _ -`.
 *
 * @param name the candidate name
 * @param argument the argument name to report (default `"name"`)
 * @throws {InvalidArgumentError}
 *
 * @example
 * ```ts
 * import { assertProgramName } from "@nillion/types";
 *
 * assertProgramName("my-test-program"); // ok
 * assertProgramName("my program"); // throws: a space is not allowed
 * ```
 */
export function assertProgramName(name: unknown, argument = "name"): asserts name is string {
  if (typeof name !== "string") {
    throw new InvalidArgumentError(
      `"${argument}" expected a program name (string), got ${describeType(name)}`,
      {
        argument,
      },
    );
  }
  if (!PROGRAM_NAME.test(name)) {
    const problem =
      name.length === 0
        ? "is empty"
        : name.length > 128
          ? `is ${name.length} characters long`
          : `contains ${JSON.stringify(name.match(/[^A-Za-z0-9+.:_-]/)?.[0])}`;
    throw new InvalidArgumentError(
      `"${argument}" must be a program name of 1 to 128 characters from A-Z a-z 0-9 + . : _ -, but it ${problem}`,
      { argument, details: { name } },
    );
  }
}

/**
 * Splits a program id into its parts.
 *
 * @throws {InvalidArgumentError} `argument` `"programId"` if `id` is neither
 * `<40 lowercase hex>/<name>/sha256/<64 lowercase hex>` nor `builtin/<name>`.
 *
 * @example
 * ```ts
 * import { parseProgramId } from "@nillion/types";
 *
 * const id = parseProgramId(
 *   "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9/my-program/sha256/" + "ab".repeat(32),
 * );
 * if (id.kind === "user") id.owner.toHex(); // "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"
 * ```
 */
export function parseProgramId(id: ProgramId): ParsedProgramId {
  const fail = (why: string): never => {
    throw new InvalidArgumentError(
      `"programId" must be "<user id hex>/<name>/sha256/<64 hex digits>" or "builtin/<name>" (lowercase hex), ` +
        `but ${why}`,
      { argument: "programId", details: { programId: id } },
    );
  };
  if (typeof id !== "string") return fail(`got ${describeType(id)}`);
  const parts = id.split("/");
  if (parts.length === 2 && parts[0] === "builtin") {
    const name = parts[1] ?? "";
    if (!PROGRAM_NAME.test(name))
      return fail(`the built-in name ${JSON.stringify(name)} is not a valid program name`);
    return { kind: "builtin", name };
  }
  if (parts.length !== 4) return fail(`${JSON.stringify(id)} has ${parts.length} "/"-separated parts`);
  const [owner = "", name = "", algorithm = "", hash = ""] = parts;
  if (!LOWER_HEX_40.test(owner))
    return fail(`the owner ${JSON.stringify(owner)} is not 40 lowercase hex digits`);
  if (!PROGRAM_NAME.test(name)) return fail(`the name ${JSON.stringify(name)} is not a valid program name`);
  if (algorithm !== "sha256") return fail(`the third part is ${JSON.stringify(algorithm)}, not "sha256"`);
  if (!LOWER_HEX_64.test(hash))
    return fail(`the hash ${JSON.stringify(hash)} is not 64 lowercase hex digits`);
  return { kind: "user", owner: UserId.parse(owner), name, sha256: hexToBytes(hash) };
}

/**
 * The id the network gives a program `name` uploaded by `owner` with contents hashing to `sha256`.
 *
 * @throws {InvalidArgumentError} for a bad owner, name or hash (`argument` names which)
 *
 * @example
 * ```ts
 * import { formatProgramId, UserId } from "@nillion/types";
 *
 * const owner = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * formatProgramId(owner, "my-program", new Uint8Array(32)); // "3113…8ce9/my-program/sha256/0000…0000"
 * ```
 */
export function formatProgramId(owner: UserId, name: string, sha256: Uint8Array): ProgramId {
  const user = toUserId(owner, "owner");
  assertProgramName(name, "name");
  if (!isBytes(sha256) || sha256.length !== 32) {
    const got = isBytes(sha256) ? `${sha256.length} bytes` : describeType(sha256);
    throw new InvalidArgumentError(`"sha256" must be a 32-byte SHA-256 digest, got ${got}`, {
      argument: "sha256",
    });
  }
  return `${user.toHex()}/${name}/sha256/${bytesToHex(sha256)}`;
}
