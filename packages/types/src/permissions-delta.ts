// `PermissionsDelta`: grants and revocations applied to stored permissions by their owner.
import { describeType } from "./bytes.js";
import { type ComputePermission, ComputePermissionSet } from "./compute-permissions.js";
import { InvalidArgumentError } from "./errors.js";
import { Permissions } from "./permissions.js";
import type { ProgramId } from "./program-id.js";
import type { UserId } from "./user-id.js";
import { UserSet } from "./user-set.js";

/**
 * Users to add to and remove from one permission set.
 *
 * @example
 * ```ts
 * import { UserId, type PermissionCommand } from "@nillion/types";
 *
 * const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
 * const command: PermissionCommand = { grant: [friend], revoke: [] };
 * ```
 */
export interface PermissionCommand {
  readonly grant: readonly UserId[];
  readonly revoke: readonly UserId[];
}

/**
 * Compute permissions to add and remove, per user and program.
 *
 * @example
 * ```ts
 * import { UserId, type ComputePermissionCommand } from "@nillion/types";
 *
 * const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
 * const command: ComputePermissionCommand = {
 *   grant: [{ user: friend, programIds: ["builtin/tecdsa_sign"] }],
 *   revoke: [],
 * };
 * ```
 */
export interface ComputePermissionCommand {
  readonly grant: readonly ComputePermission[];
  readonly revoke: readonly ComputePermission[];
}

/**
 * The optional parts of a {@link PermissionsDelta}.
 *
 * @example
 * ```ts
 * import { PermissionsDelta, UserId, type PermissionsDeltaInit } from "@nillion/types";
 *
 * const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
 * const init: PermissionsDeltaInit = { retrieve: { grant: [friend] } };
 * new PermissionsDelta(init);
 * ```
 */
export interface PermissionsDeltaInit {
  retrieve?: { grant?: Iterable<UserId>; revoke?: Iterable<UserId> };
  update?: { grant?: Iterable<UserId>; revoke?: Iterable<UserId> };
  delete?: { grant?: Iterable<UserId>; revoke?: Iterable<UserId> };
  compute?: { grant?: Iterable<ComputePermission>; revoke?: Iterable<ComputePermission> };
}

interface UserCommand {
  readonly grant: UserSet;
  readonly revoke: UserSet;
}

function userCommand(init: PermissionsDeltaInit["retrieve"], name: string): UserCommand {
  return {
    grant: new UserSet(init?.grant, `${name}.grant`),
    revoke: new UserSet(init?.revoke, `${name}.revoke`),
  };
}

/**
 * A set of grants and revocations for the permissions of stored values (the network's
 * `UpdatePermissions`; only the owner may send one). `grant*` and `revoke*` change this object and return
 * it, for chaining.
 *
 * Semantics, as the nodes apply it: **all grants first, then all revocations**, so a user both granted and
 * revoked the same right ends up without it; a compute entry whose last program is revoked disappears.
 * Revoking something absent, or granting something present, is not an error.
 *
 * @example
 * ```ts
 * import { Permissions, PermissionsDelta, UserId } from "@nillion/types";
 *
 * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
 * const delta = new PermissionsDelta().grantRetrieve(friend).grantCompute(friend, "builtin/tecdsa_sign");
 * const after = delta.applyTo(Permissions.defaultsForUser(me));
 * after.canRetrieve(friend); // true
 * ```
 */
export class PermissionsDelta {
  readonly #retrieve: UserCommand;
  readonly #update: UserCommand;
  readonly #delete: UserCommand;
  readonly #compute: { readonly grant: ComputePermissionSet; readonly revoke: ComputePermissionSet };

  /** @throws {InvalidArgumentError} for anything that is not a user id or a program id */
  constructor(init: PermissionsDeltaInit = {}) {
    this.#retrieve = userCommand(init.retrieve, "retrieve");
    this.#update = userCommand(init.update, "update");
    this.#delete = userCommand(init.delete, "delete");
    this.#compute = {
      grant: new ComputePermissionSet(init.compute?.grant, "compute.grant"),
      revoke: new ComputePermissionSet(init.compute?.revoke, "compute.revoke"),
    };
  }

  /** Retrieve grants and revocations (frozen copies). */
  get retrieve(): PermissionCommand {
    return command(this.#retrieve);
  }

  /** Update grants and revocations (frozen copies). */
  get update(): PermissionCommand {
    return command(this.#update);
  }

  /** Delete grants and revocations (frozen copies). */
  get delete(): PermissionCommand {
    return command(this.#delete);
  }

  /** Compute grants and revocations (frozen copies). */
  get compute(): ComputePermissionCommand {
    return Object.freeze({ grant: this.#compute.grant.toArray(), revoke: this.#compute.revoke.toArray() });
  }

  /** Grants `user` the right to retrieve. */
  grantRetrieve(user: UserId): this {
    this.#retrieve.grant.add(user);
    return this;
  }

  /** Revokes `user`'s right to retrieve. */
  revokeRetrieve(user: UserId): this {
    this.#retrieve.revoke.add(user);
    return this;
  }

  /** Grants `user` the right to update. */
  grantUpdate(user: UserId): this {
    this.#update.grant.add(user);
    return this;
  }

  /** Revokes `user`'s right to update. */
  revokeUpdate(user: UserId): this {
    this.#update.revoke.add(user);
    return this;
  }

  /** Grants `user` the right to delete. */
  grantDelete(user: UserId): this {
    this.#delete.grant.add(user);
    return this;
  }

  /** Revokes `user`'s right to delete. */
  revokeDelete(user: UserId): this {
    this.#delete.revoke.add(user);
    return this;
  }

  /**
   * Grants `user` the right to use the values in computations of `programId`.
   *
   * @throws {InvalidArgumentError} `argument` `"programId"` if it is not a well-formed program id
   */
  grantCompute(user: UserId, programId: ProgramId): this {
    this.#compute.grant.add(user, programId);
    return this;
  }

  /**
   * Revokes `user`'s right to use the values in computations of `programId`.
   *
   * @throws {InvalidArgumentError} `argument` `"programId"` if it is not a well-formed program id
   */
  revokeCompute(user: UserId, programId: ProgramId): this {
    this.#compute.revoke.add(user, programId);
    return this;
  }

  /** Whether the delta grants and revokes nothing. */
  isEmpty(): boolean {
    return (
      [this.#retrieve, this.#update, this.#delete].every((c) => c.grant.size === 0 && c.revoke.size === 0) &&
      this.#compute.grant.toArray().length === 0 &&
      this.#compute.revoke.toArray().length === 0
    );
  }

  /**
   * The permissions after this delta, as a node computes them: grants first, then revocations. `permissions`
   * itself is not changed, and the owner stays the same.
   *
   * @example
   * ```ts
   * import { Permissions, PermissionsDelta, UserId } from "@nillion/types";
   *
   * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
   * const after = new PermissionsDelta().grantDelete(me).revokeDelete(me).applyTo(Permissions.defaultsForUser(me));
   * after.canDelete(me); // false: the revocation wins
   * ```
   */
  applyTo(permissions: Permissions): Permissions {
    if (!(permissions instanceof Permissions)) {
      throw new InvalidArgumentError(
        `"permissions" expected a Permissions, got ${describeType(permissions)}`,
        {
          argument: "permissions",
        },
      );
    }
    const next = permissions.clone();
    for (const user of this.#retrieve.grant.toArray()) next.allowRetrieve(user);
    for (const user of this.#update.grant.toArray()) next.allowUpdate(user);
    for (const user of this.#delete.grant.toArray()) next.allowDelete(user);
    for (const { user, programIds } of this.#compute.grant.toArray()) {
      for (const programId of programIds) next.allowCompute(user, programId);
    }
    for (const user of this.#retrieve.revoke.toArray()) next.revokeRetrieve(user);
    for (const user of this.#update.revoke.toArray()) next.revokeUpdate(user);
    for (const user of this.#delete.revoke.toArray()) next.revokeDelete(user);
    for (const { user, programIds } of this.#compute.revoke.toArray()) {
      for (const programId of programIds) next.revokeCompute(user, programId);
    }
    return next;
  }
}

function command(sets: UserCommand): PermissionCommand {
  return Object.freeze({ grant: sets.grant.toArray(), revoke: sets.revoke.toArray() });
}
