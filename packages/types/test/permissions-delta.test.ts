import { InvalidArgumentError, Permissions, PermissionsDelta, UserId } from "@nillion/types";
import { describe, expect, it } from "vitest";

const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
const stranger = UserId.parse("fce231f9dc3a15c4b2fa9ba013a1b6aa2a765335");
const SIGN = "builtin/tecdsa_sign";
const PROGRAM = `${me.toHex()}/my-program/sha256/${"cd".repeat(32)}`;
const hexes = (users: readonly UserId[]) => users.map((user) => user.toHex());

describe("PermissionsDelta", () => {
  it("starts empty and builds by chaining", () => {
    const delta = new PermissionsDelta();
    expect(delta.isEmpty()).toBe(true);
    const returned = delta
      .grantRetrieve(friend)
      .revokeRetrieve(stranger)
      .grantUpdate(friend)
      .revokeUpdate(me)
      .grantDelete(friend)
      .revokeDelete(me)
      .grantCompute(friend, SIGN)
      .grantCompute(friend, PROGRAM)
      .revokeCompute(stranger, SIGN);
    expect(returned).toBe(delta);
    expect(delta.isEmpty()).toBe(false);
    expect(hexes(delta.retrieve.grant)).toEqual([friend.toHex()]);
    expect(hexes(delta.retrieve.revoke)).toEqual([stranger.toHex()]);
    expect(hexes(delta.update.revoke)).toEqual([me.toHex()]);
    expect(hexes(delta.delete.grant)).toEqual([friend.toHex()]);
    expect(delta.compute.grant.map((c) => [c.user.toHex(), c.programIds])).toEqual([
      [friend.toHex(), [SIGN, PROGRAM]],
    ]);
    expect(delta.compute.revoke.map((c) => [c.user.toHex(), c.programIds])).toEqual([
      [stranger.toHex(), [SIGN]],
    ]);
  });

  it("each builder alone makes it non-empty", () => {
    const builders: ((d: PermissionsDelta) => PermissionsDelta)[] = [
      (d) => d.grantRetrieve(me),
      (d) => d.revokeRetrieve(me),
      (d) => d.grantUpdate(me),
      (d) => d.revokeUpdate(me),
      (d) => d.grantDelete(me),
      (d) => d.revokeDelete(me),
      (d) => d.grantCompute(me, SIGN),
      (d) => d.revokeCompute(me, SIGN),
    ];
    for (const build of builders) expect(build(new PermissionsDelta()).isEmpty()).toBe(false);
  });

  it("takes an init like the seed's PermissionsDelta(retrieve=PermissionCommand(grant={...}))", () => {
    const delta = new PermissionsDelta({
      retrieve: { grant: [friend, friend] },
      compute: {
        grant: [{ user: friend, programIds: [SIGN] }],
        revoke: [{ user: me, programIds: [PROGRAM] }],
      },
    });
    expect(hexes(delta.retrieve.grant)).toEqual([friend.toHex()]);
    expect(delta.retrieve.revoke).toEqual([]);
    expect(delta.update).toEqual({ grant: [], revoke: [] });
    expect(delta.compute.revoke[0]?.programIds).toEqual([PROGRAM]);
  });

  it("applyTo grants and revokes, returning new permissions and leaving the input alone", () => {
    const before = Permissions.defaultsForUser(me).allowCompute(stranger, SIGN);
    const after = new PermissionsDelta()
      .grantRetrieve(friend)
      .grantCompute(friend, PROGRAM)
      .revokeDelete(me)
      .revokeCompute(stranger, SIGN)
      .applyTo(before);
    expect(after).not.toBe(before);
    expect(after.owner.equals(me)).toBe(true);
    expect(after.canRetrieve(friend)).toBe(true);
    expect(after.canCompute(friend, PROGRAM)).toBe(true);
    expect(after.canDelete(me)).toBe(false);
    expect(after.canRetrieve(me) && after.canUpdate(me)).toBe(true);
    // The stranger's last program was revoked, so the whole compute entry is gone.
    expect(after.compute.map((c) => c.user.toHex())).toEqual([friend.toHex()]);
    expect(before.equals(Permissions.defaultsForUser(me).allowCompute(stranger, SIGN))).toBe(true);
  });

  it("applies all grants before all revocations (the node's order): revoke wins", () => {
    const delta = new PermissionsDelta()
      .revokeRetrieve(friend)
      .grantRetrieve(friend)
      .revokeUpdate(friend)
      .grantUpdate(friend)
      .revokeDelete(friend)
      .grantDelete(friend)
      .revokeCompute(friend, SIGN)
      .grantCompute(friend, SIGN)
      .grantCompute(friend, PROGRAM);
    const after = delta.applyTo(new Permissions(me));
    expect(after.canRetrieve(friend)).toBe(false);
    expect(after.canUpdate(friend)).toBe(false);
    expect(after.canDelete(friend)).toBe(false);
    expect(after.canCompute(friend, SIGN)).toBe(false);
    expect(after.canCompute(friend, PROGRAM)).toBe(true);
  });

  it("granting what is present and revoking what is absent change nothing", () => {
    const before = Permissions.defaultsForUser(me);
    const after = new PermissionsDelta()
      .grantRetrieve(me)
      .revokeRetrieve(stranger)
      .revokeCompute(stranger, SIGN)
      .applyTo(before);
    expect(after.equals(before)).toBe(true);
    expect(new PermissionsDelta().applyTo(before).equals(before)).toBe(true);
  });

  it("getters are frozen snapshots", () => {
    const delta = new PermissionsDelta().grantRetrieve(me);
    const snapshot = delta.retrieve;
    delta.grantRetrieve(friend);
    expect(snapshot.grant).toHaveLength(1);
    expect(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.grant)).toBe(true);
  });

  it("rejects bad users, program ids and targets", () => {
    expect(() => new PermissionsDelta().grantRetrieve("x" as unknown as UserId)).toThrow(
      InvalidArgumentError,
    );
    expect(() => new PermissionsDelta().grantCompute(me, "not/a/program")).toThrow(/"programId"/);
    expect(() => new PermissionsDelta().revokeCompute(me, "")).toThrow(/"programId"/);
    expect(() => new PermissionsDelta({ update: { revoke: [me, 1 as unknown as UserId] } })).toThrow(
      /"update.revoke\[1\]"/,
    );
    expect(() => new PermissionsDelta().applyTo({} as Permissions)).toThrow(
      /"permissions" expected a Permissions/,
    );
  });
});
