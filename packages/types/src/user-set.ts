// A set of user ids with value semantics (keyed by hex), kept in insertion order.
import { toUserId, type UserId } from "./user-id.js";

/** @internal */
export class UserSet {
  readonly #users = new Map<string, UserId>();

  constructor(users: Iterable<UserId> = [], argument = "users") {
    let index = 0;
    for (const user of users) this.add(user, `${argument}[${index++}]`);
  }

  add(user: UserId, argument = "user"): void {
    const id = toUserId(user, argument);
    this.#users.set(id.toHex(), id);
  }

  delete(user: UserId, argument = "user"): void {
    this.#users.delete(toUserId(user, argument).toHex());
  }

  has(user: UserId, argument = "user"): boolean {
    return this.#users.has(toUserId(user, argument).toHex());
  }

  get size(): number {
    return this.#users.size;
  }

  /** The users, in insertion order, as a frozen array. */
  toArray(): readonly UserId[] {
    return Object.freeze([...this.#users.values()]);
  }

  clone(): UserSet {
    return new UserSet(this.#users.values());
  }

  /** Same members, in any order. */
  equals(other: UserSet): boolean {
    return this.size === other.size && [...this.#users.values()].every((user) => other.has(user));
  }
}
