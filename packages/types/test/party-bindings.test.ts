import { InputPartyBinding, InvalidArgumentError, OutputPartyBinding, UserId } from "@nillion/types";
import { describe, expect, it } from "vitest";

const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");

function argumentOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as InvalidArgumentError).argument;
  }
  return undefined;
}

describe("party bindings", () => {
  it("bind party names to users (the seed's compute example)", () => {
    const input = new InputPartyBinding("Party1", me);
    expect(input.partyName).toBe("Party1");
    expect(input.user.equals(me)).toBe(true);
    const output = new OutputPartyBinding("Party1", [me, friend]);
    expect(output.partyName).toBe("Party1");
    expect(output.users.map(String)).toEqual([me.toHex(), friend.toHex()]);
    expect(Object.isFrozen(output.users)).toBe(true);
    expect(new OutputPartyBinding("Nobody", []).users).toEqual([]);
  });

  it("copy the users array", () => {
    const users = [me];
    const output = new OutputPartyBinding("Party1", users);
    users.push(friend);
    expect(output.users).toHaveLength(1);
  });

  it("reject an empty or non-string party name", () => {
    expect(argumentOf(() => new InputPartyBinding("", me))).toBe("partyName");
    expect(argumentOf(() => new OutputPartyBinding(7 as unknown as string, [me]))).toBe("partyName");
  });

  it("reject users that are not user ids", () => {
    expect(argumentOf(() => new InputPartyBinding("Party1", me.toHex() as unknown as UserId))).toBe("user");
    expect(argumentOf(() => new OutputPartyBinding("Party1", me as unknown as UserId[]))).toBe("users");
    expect(argumentOf(() => new OutputPartyBinding("Party1", [me, "x" as unknown as UserId]))).toBe(
      "users[1]",
    );
  });
});
