// The `Permissions` attached to a set of stored values.
import { type ComputePermission, ComputePermissionSet } from "./compute-permissions.js";
import { setInspect } from "./inspect.js";
import type { ProgramId } from "./program-id.js";
import { toUserId, type UserId } from "./user-id.js";
import { UserSet } from "./user-set.js";

/**
 * The optional parts of a {@link Permissions}.
 *
 * @example
 * ```ts
 * import { Permissions, UserId, type PermissionsInit } from "@nillion/types";
 *
 * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * const init: PermissionsInit = { retrieve: [me], compute: [{ user: me, programIds: ["builtin/tecdsa_sign"] }] };
 * new Permissions(me, init);
 * ```
 */
export interface PermissionsInit {
  retrieve?: Iterable<UserId>;
  update?: Iterable<UserId>;
  delete?: Iterable<UserId>;
  compute?: Iterable<ComputePermission>;
}

function inspectPermissions(this: Permissions): string {
  return `Permissions ${JSON.stringify(this.toJSON())}`;
}

/**
 * Who may do what with a set of stored values, as the nodes enforce it:
 *
 * - retrieve the values **or read these permissions**: users in `retrieve`;
 * - update the values: users in `update` (an update that carries new permissions replaces these);
 * - delete the values: users in `delete`;
 * - use the values in a computation: users listed in `compute` for that exact program id;
 * - overwrite the permissions or apply a {@link PermissionsDelta}: the `owner` only.
 *
 * The owner has **no implicit** retrieve, update, delete or compute right: the nodes check membership only
 * (nilvm; see the wire-protocol notes §6), so {@link Permissions.canRetrieve} and friends do too. Use
 * {@link Permissions.defaultsForUser} to give the owner the usual rights.
 *
 * Sets compare users by value. `allow*` and `revoke*` change this object and return it, for chaining.
 *
 * @example
 * ```ts
 * import { Permissions, UserId } from "@nillion/types";
 *
 * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
 * const permissions = Permissions.defaultsForUser(me)
 *   .allowRetrieve(friend)
 *   .allowCompute(friend, "builtin/tecdsa_sign");
 * permissions.canCompute(friend, "builtin/tecdsa_sign"); // true
 * permissions.canCompute(me, "builtin/tecdsa_sign"); // false: owning is not enough
 * ```
 */
export class Permissions {
  readonly #owner: UserId;
  readonly #retrieve: UserSet;
  readonly #update: UserSet;
  readonly #delete: UserSet;
  readonly #compute: ComputePermissionSet;

  /**
   * @param owner the owner
   * @param init initial members of each set
   * @throws {InvalidArgumentError} for anything that is not a user id or a program id
   */
  constructor(owner: UserId, init: PermissionsInit = {}) {
    this.#owner = toUserId(owner, "owner");
    this.#retrieve = new UserSet(init.retrieve, "retrieve");
    this.#update = new UserSet(init.update, "update");
    this.#delete = new UserSet(init.delete, "delete");
    this.#compute = new ComputePermissionSet(init.compute, "compute");
    setInspect(this, inspectPermissions);
  }

  /**
   * Permissions owned by `user`, who may retrieve, update and delete the values (what a store uses when
   * no permissions are given). No compute permission is included.
   *
   * @example
   * ```ts
   * import { Permissions, UserId } from "@nillion/types";
   *
   * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
   * Permissions.defaultsForUser(me).canDelete(me); // true
   * ```
   */
  static defaultsForUser(user: UserId): Permissions {
    const owner = toUserId(user, "user");
    return new Permissions(owner, { retrieve: [owner], update: [owner], delete: [owner] });
  }

  /** The owner. */
  get owner(): UserId {
    return this.#owner;
  }

  /** Users who may retrieve the values and read these permissions (a frozen copy). */
  get retrieve(): readonly UserId[] {
    return this.#retrieve.toArray();
  }

  /** Users who may update the values (a frozen copy). */
  get update(): readonly UserId[] {
    return this.#update.toArray();
  }

  /** Users who may delete the values (a frozen copy). */
  get delete(): readonly UserId[] {
    return this.#delete.toArray();
  }

  /** Per user, the programs that may use the values (a frozen copy). */
  get compute(): readonly ComputePermission[] {
    return this.#compute.toArray();
  }

  /** Lets `user` retrieve the values (and read these permissions). */
  allowRetrieve(user: UserId): this {
    this.#retrieve.add(user);
    return this;
  }

  /** Lets `user` update the values. */
  allowUpdate(user: UserId): this {
    this.#update.add(user);
    return this;
  }

  /** Lets `user` delete the values. */
  allowDelete(user: UserId): this {
    this.#delete.add(user);
    return this;
  }

  /**
   * Lets `user` use the values in computations of `programId`.
   *
   * @throws {InvalidArgumentError} `argument` `"programId"` if it is not a well-formed program id
   */
  allowCompute(user: UserId, programId: ProgramId): this {
    this.#compute.add(user, programId);
    return this;
  }

  /** Removes `user` from `retrieve`. */
  revokeRetrieve(user: UserId): this {
    this.#retrieve.delete(user);
    return this;
  }

  /** Removes `user` from `update`. */
  revokeUpdate(user: UserId): this {
    this.#update.delete(user);
    return this;
  }

  /** Removes `user` from `delete`. */
  revokeDelete(user: UserId): this {
    this.#delete.delete(user);
    return this;
  }

  /** Removes `programId` from `user`'s compute permission (and the user, once no program is left). */
  revokeCompute(user: UserId, programId: ProgramId): this {
    this.#compute.delete(user, programId);
    return this;
  }

  /** Whether `user` is the owner (who alone may overwrite or update these permissions). */
  isOwner(user: UserId): boolean {
    return this.#owner.equals(toUserId(user, "user"));
  }

  /** Whether `user` is in `retrieve`. */
  canRetrieve(user: UserId): boolean {
    return this.#retrieve.has(user);
  }

  /** Whether `user` is in `update`. */
  canUpdate(user: UserId): boolean {
    return this.#update.has(user);
  }

  /** Whether `user` is in `delete`. */
  canDelete(user: UserId): boolean {
    return this.#delete.has(user);
  }

  /** Whether `user` may use the values in computations of exactly `programId`. */
  canCompute(user: UserId, programId: ProgramId): boolean {
    return this.#compute.has(user, programId);
  }

  /** Same owner and the same members in every set (order does not matter). */
  equals(other: unknown): boolean {
    return (
      other instanceof Permissions &&
      this.#owner.equals(other.#owner) &&
      this.#retrieve.equals(other.#retrieve) &&
      this.#update.equals(other.#update) &&
      this.#delete.equals(other.#delete) &&
      this.#compute.equals(other.#compute)
    );
  }

  /** An independent copy. */
  clone(): Permissions {
    return new Permissions(this.#owner, {
      retrieve: this.retrieve,
      update: this.update,
      delete: this.delete,
      compute: this.compute,
    });
  }

  /** A plain object with hex user ids, for logs and JSON. */
  toJSON(): {
    owner: string;
    retrieve: string[];
    update: string[];
    delete: string[];
    compute: { user: string; programIds: string[] }[];
  } {
    const hex = (users: readonly UserId[]) => users.map((user) => user.toHex());
    return {
      owner: this.#owner.toHex(),
      retrieve: hex(this.retrieve),
      update: hex(this.update),
      delete: hex(this.delete),
      compute: this.compute.map(({ user, programIds }) => ({
        user: user.toHex(),
        programIds: [...programIds],
      })),
    };
  }
}
