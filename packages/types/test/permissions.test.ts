import { inspect } from "node:util";
import { InvalidArgumentError, Permissions, UserId } from "@nillion/types";
import { describe, expect, it } from "vitest";

const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
const stranger = UserId.parse("fce231f9dc3a15c4b2fa9ba013a1b6aa2a765335");
const PROGRAM = `${me.toHex()}/my-program/sha256/${"ab".repeat(32)}`;
const SIGN = "builtin/tecdsa_sign";
const hexes = (users: readonly UserId[]) => users.map((user) => user.toHex());

describe("Permissions", () => {
  it("defaultsForUser: owner plus retrieve, update and delete, no compute (the seed's default)", () => {
    const permissions = Permissions.defaultsForUser(me);
    expect(permissions.owner.equals(me)).toBe(true);
    expect(hexes(permissions.retrieve)).toEqual([me.toHex()]);
    expect(hexes(permissions.update)).toEqual([me.toHex()]);
    expect(hexes(permissions.delete)).toEqual([me.toHex()]);
    expect(permissions.compute).toEqual([]);
    expect(permissions.canRetrieve(me) && permissions.canUpdate(me) && permissions.canDelete(me)).toBe(true);
    expect(permissions.canCompute(me, SIGN)).toBe(false);
  });

  it("allow* chains and returns the same object (the seed example)", () => {
    const permissions = Permissions.defaultsForUser(me);
    const returned = permissions
      .allowRetrieve(friend)
      .allowUpdate(friend)
      .allowDelete(friend)
      .allowCompute(friend, PROGRAM);
    expect(returned).toBe(permissions);
    expect(permissions.canRetrieve(friend)).toBe(true);
    expect(permissions.canUpdate(friend)).toBe(true);
    expect(permissions.canDelete(friend)).toBe(true);
    expect(permissions.canCompute(friend, PROGRAM)).toBe(true);
    expect(permissions.canCompute(friend, SIGN)).toBe(false);
    expect(permissions.canRetrieve(stranger)).toBe(false);
  });

  it("the owner has no implicit rights: the nodes check membership only", () => {
    const permissions = new Permissions(me);
    expect(permissions.isOwner(me)).toBe(true);
    expect(permissions.isOwner(friend)).toBe(false);
    expect(permissions.canRetrieve(me)).toBe(false);
    expect(permissions.canUpdate(me)).toBe(false);
    expect(permissions.canDelete(me)).toBe(false);
    expect(permissions.canCompute(me, PROGRAM)).toBe(false);
  });

  it("sets have value semantics: adding an equal user twice keeps one", () => {
    const permissions = new Permissions(me)
      .allowRetrieve(friend)
      .allowRetrieve(UserId.parse(friend.toHex().toUpperCase()))
      .allowCompute(friend, SIGN)
      .allowCompute(new UserId(friend.bytes), SIGN)
      .allowCompute(friend, PROGRAM);
    expect(hexes(permissions.retrieve)).toEqual([friend.toHex()]);
    expect(permissions.compute).toHaveLength(1);
    expect(permissions.compute[0]?.programIds).toEqual([SIGN, PROGRAM]);
  });

  it("revoke* removes, and drops a compute user with no program left", () => {
    const permissions = Permissions.defaultsForUser(me)
      .allowCompute(friend, SIGN)
      .allowCompute(friend, PROGRAM);
    permissions.revokeRetrieve(me).revokeUpdate(me).revokeDelete(me).revokeCompute(friend, SIGN);
    expect(permissions.retrieve).toEqual([]);
    expect(permissions.update).toEqual([]);
    expect(permissions.delete).toEqual([]);
    expect(permissions.compute[0]?.programIds).toEqual([PROGRAM]);
    permissions.revokeCompute(friend, PROGRAM);
    expect(permissions.compute).toEqual([]);
    // Revoking what is absent is not an error.
    expect(() => permissions.revokeRetrieve(stranger).revokeCompute(stranger, SIGN)).not.toThrow();
  });

  it("takes initial sets in the constructor", () => {
    const permissions = new Permissions(me, {
      retrieve: [me, friend],
      update: [me],
      delete: [],
      compute: [
        { user: friend, programIds: [SIGN, SIGN] },
        { user: stranger, programIds: [] },
      ],
    });
    expect(hexes(permissions.retrieve)).toEqual([me.toHex(), friend.toHex()]);
    expect(permissions.compute.map((c) => [c.user.toHex(), c.programIds])).toEqual([
      [friend.toHex(), [SIGN]],
      [stranger.toHex(), []],
    ]);
  });

  it("getters return frozen copies", () => {
    const permissions = Permissions.defaultsForUser(me);
    const retrieve = permissions.retrieve;
    expect(Object.isFrozen(retrieve)).toBe(true);
    permissions.allowRetrieve(friend);
    expect(retrieve).toHaveLength(1);
    expect(permissions.retrieve).toHaveLength(2);
  });

  it("equals ignores order and compares by value; clone is independent", () => {
    const a = new Permissions(me).allowRetrieve(me).allowRetrieve(friend).allowCompute(friend, SIGN);
    const b = new Permissions(UserId.parse(me.toHex()))
      .allowRetrieve(friend)
      .allowRetrieve(me)
      .allowCompute(friend, SIGN);
    expect(a.equals(b)).toBe(true);
    const clone = a.clone();
    expect(clone).not.toBe(a);
    expect(clone.equals(a)).toBe(true);
    clone.allowDelete(friend);
    expect(clone.equals(a)).toBe(false);
    expect(a.canDelete(friend)).toBe(false);
    expect(
      a.equals(new Permissions(friend).allowRetrieve(me).allowRetrieve(friend).allowCompute(friend, SIGN)),
    ).toBe(false);
    expect(
      a.equals(new Permissions(me).allowRetrieve(me).allowRetrieve(friend).allowCompute(friend, PROGRAM)),
    ).toBe(false);
    expect(a.equals(new Permissions(me).allowRetrieve(me).allowRetrieve(friend))).toBe(false);
    expect(a.equals(a.toJSON())).toBe(false);
  });

  it("serialises to JSON with hex ids and prints readably", () => {
    const permissions = Permissions.defaultsForUser(me).allowCompute(friend, SIGN);
    expect(permissions.toJSON()).toEqual({
      owner: me.toHex(),
      retrieve: [me.toHex()],
      update: [me.toHex()],
      delete: [me.toHex()],
      compute: [{ user: friend.toHex(), programIds: [SIGN] }],
    });
    expect(inspect(permissions)).toContain(`"owner":"${me.toHex()}"`);
  });

  it("rejects bad users and program ids, naming the argument", () => {
    const argumentOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidArgumentError);
        return (error as InvalidArgumentError).argument;
      }
      return undefined;
    };
    expect(argumentOf(() => new Permissions(me.toHex() as unknown as UserId))).toBe("owner");
    expect(argumentOf(() => new Permissions(me, { retrieve: [me, "x" as unknown as UserId] }))).toBe(
      "retrieve[1]",
    );
    expect(argumentOf(() => Permissions.defaultsForUser(me).allowRetrieve(null as unknown as UserId))).toBe(
      "user",
    );
    expect(argumentOf(() => Permissions.defaultsForUser(me).allowCompute(friend, "my-program"))).toBe(
      "programId",
    );
    expect(
      argumentOf(() => Permissions.defaultsForUser(me).allowCompute(friend, 5 as unknown as string)),
    ).toBe("programId");
    expect(argumentOf(() => new Permissions(me, { compute: [{ user: friend, programIds: ["nope"] }] }))).toBe(
      "compute[0].programIds[0]",
    );
    expect(
      argumentOf(
        () =>
          new Permissions(me, {
            compute: [{ user: friend } as unknown as { user: UserId; programIds: string[] }],
          }),
      ),
    ).toBe("compute[0]");
  });
});
