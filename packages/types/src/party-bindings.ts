// Bindings of a program's named parties to users, for a computation.
import { describeType } from "./bytes.js";
import { InvalidArgumentError } from "./errors.js";
import { toUserId, type UserId } from "./user-id.js";

function checkPartyName(partyName: unknown): string {
  if (typeof partyName !== "string" || partyName.length === 0) {
    const got = typeof partyName === "string" ? "an empty string" : describeType(partyName);
    throw new InvalidArgumentError(
      `"partyName" must be a non-empty string (a party of the program), got ${got}`,
      {
        argument: "partyName",
      },
    );
  }
  return partyName;
}

/**
 * Binds an input party of a program to the user who provides its inputs.
 *
 * @throws {InvalidArgumentError} `argument` `"partyName"` (empty or not a string) or `"user"`
 *
 * @example
 * ```ts
 * import { InputPartyBinding, UserId } from "@nillion/types";
 *
 * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * const binding = new InputPartyBinding("Party1", me);
 * ```
 */
export class InputPartyBinding {
  /** The party's name in the program. */
  readonly partyName: string;
  /** The user bound to it. */
  readonly user: UserId;

  constructor(partyName: string, user: UserId) {
    this.partyName = checkPartyName(partyName);
    this.user = toUserId(user, "user");
  }
}

/**
 * Binds an output party of a program to the users who receive its outputs.
 *
 * @throws {InvalidArgumentError} `argument` `"partyName"`, `"users"` (not an array) or `"users[i]"`
 *
 * @example
 * ```ts
 * import { OutputPartyBinding, UserId } from "@nillion/types";
 *
 * const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
 * const binding = new OutputPartyBinding("Party1", [me]);
 * ```
 */
export class OutputPartyBinding {
  /** The party's name in the program. */
  readonly partyName: string;
  /** The users bound to it (a frozen copy of the given array). */
  readonly users: readonly UserId[];

  constructor(partyName: string, users: readonly UserId[]) {
    this.partyName = checkPartyName(partyName);
    if (!Array.isArray(users)) {
      throw new InvalidArgumentError(`"users" expected an array of UserId, got ${describeType(users)}`, {
        argument: "users",
      });
    }
    this.users = Object.freeze(users.map((user: unknown, index) => toUserId(user, `users[${index}]`)));
  }
}
