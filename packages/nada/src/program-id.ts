import { formatProgramId, InvalidArgumentError, isBytes, type ProgramId, type UserId } from "@nillion/types";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * The id the network gives `program` (the exact bytes uploaded) when `user` stores it under `name`:
 * `<user id hex>/<name>/sha256/<hex SHA-256 of the bytes>`. The name must be 1 to 128 characters from
 * `A-Z a-z 0-9 + . : _ -`.
 *
 * @throws {InvalidArgumentError} for a bad user, name (`argument` `"name"`) or program (`"program"`)
 *
 * @example
 * ```ts
 * import { UserId } from "@nillion/types";
 * import { programIdFor } from "@nillion/nada";
 *
 * const id = programIdFor(UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"), "main", bytes);
 * // "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9/main/sha256/…"
 * ```
 */
export function programIdFor(user: UserId, name: string, program: Uint8Array): ProgramId {
  if (!isBytes(program)) {
    throw new InvalidArgumentError(`"program" must be the program's bytes (a Uint8Array)`, {
      argument: "program",
    });
  }
  return formatProgramId(user, name, sha256(program));
}
