// Compute permissions: per user, the program ids that may use the values.
import { describeType } from "./bytes.js";
import { InvalidArgumentError } from "./errors.js";
import { type ProgramId, parseProgramId } from "./program-id.js";
import { toUserId, type UserId } from "./user-id.js";

/**
 * One user's compute permission: the programs that user may run on the values.
 *
 * @example
 * ```ts
 * import { UserId, type ComputePermission } from "@nillion/types";
 *
 * const entry: ComputePermission = {
 *   user: UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9"),
 *   programIds: ["builtin/tecdsa_sign"],
 * };
 * ```
 */
export interface ComputePermission {
  readonly user: UserId;
  readonly programIds: readonly ProgramId[];
}

/**
 * Checks a program id for a compute permission. A malformed id could never match the exact string the
 * node compares against, so it is rejected instead of stored.
 *
 * @internal
 */
export function checkProgramId(programId: unknown, argument = "programId"): ProgramId {
  if (typeof programId !== "string") {
    throw new InvalidArgumentError(
      `"${argument}" expected a program id (string), got ${describeType(programId)}`,
      {
        argument,
      },
    );
  }
  try {
    parseProgramId(programId);
  } catch (cause) {
    throw new InvalidArgumentError(
      `"${argument}" is not a program id: ${cause instanceof Error ? cause.message : String(cause)}`,
      { argument, cause },
    );
  }
  return programId;
}

/**
 * Users → program ids, with value semantics for both (users by hex, program ids by string).
 *
 * @internal
 */
export class ComputePermissionSet {
  readonly #entries = new Map<string, { user: UserId; programIds: Set<ProgramId> }>();

  constructor(entries: Iterable<ComputePermission> = [], argument = "compute") {
    let index = 0;
    for (const entry of entries) {
      const where = `${argument}[${index++}]`;
      if (typeof entry !== "object" || entry === null || !Array.isArray(entry.programIds)) {
        throw new InvalidArgumentError(
          `"${where}" expected { user: UserId, programIds: string[] }, got ${describeType(entry)}`,
          { argument: where },
        );
      }
      const user = toUserId(entry.user, `${where}.user`);
      // A user listed with no programs still gets an (empty) entry, as the proto message allows.
      this.#entry(user);
      entry.programIds.forEach((programId, i) => {
        this.add(user, programId, `${where}.programIds[${i}]`);
      });
    }
  }

  #entry(user: UserId): { user: UserId; programIds: Set<ProgramId> } {
    const key = user.toHex();
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { user, programIds: new Set() };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  add(user: UserId, programId: ProgramId, argument = "programId"): void {
    const id = toUserId(user, "user");
    this.#entry(id).programIds.add(checkProgramId(programId, argument));
  }

  /** Removes one program for one user; a user left without programs is removed. */
  delete(user: UserId, programId: ProgramId, argument = "programId"): void {
    const key = toUserId(user, "user").toHex();
    const checked = checkProgramId(programId, argument);
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    entry.programIds.delete(checked);
    if (entry.programIds.size === 0) this.#entries.delete(key);
  }

  has(user: UserId, programId: ProgramId): boolean {
    const key = toUserId(user, "user").toHex();
    return this.#entries.get(key)?.programIds.has(checkProgramId(programId)) ?? false;
  }

  /** Entries in insertion order, frozen. */
  toArray(): readonly ComputePermission[] {
    return Object.freeze(
      [...this.#entries.values()].map(({ user, programIds }) =>
        Object.freeze({ user, programIds: Object.freeze([...programIds]) }),
      ),
    );
  }

  clone(): ComputePermissionSet {
    return new ComputePermissionSet(this.toArray());
  }

  /** Same users with the same programs, in any order. */
  equals(other: ComputePermissionSet): boolean {
    const theirs = new Map(other.toArray().map((entry) => [entry.user.toHex(), new Set(entry.programIds)]));
    if (theirs.size !== this.#entries.size) return false;
    for (const [key, { programIds }] of this.#entries) {
      const programs = theirs.get(key);
      if (programs === undefined || programs.size !== programIds.size) return false;
      for (const programId of programIds) if (!programs.has(programId)) return false;
    }
    return true;
  }
}
