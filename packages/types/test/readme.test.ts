// The README's usage examples, run as written (minus the network call), so the documentation stays true.
import {
  // biome-ignore lint/suspicious/noShadowRestrictedNames: the README uses the seed's names, as users will.
  Array,
  // biome-ignore lint/suspicious/noShadowRestrictedNames: the README uses the seed's names, as users will.
  Boolean,
  EcdsaSignature,
  Integer,
  NotFoundError,
  Permissions,
  PermissionsDelta,
  SecretBlob,
  SecretInteger,
  UserId,
  ValueValidationError,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

describe("README usage", () => {
  it("values", () => {
    const secretArray = new Array([new SecretInteger(1), new SecretInteger(2)]);
    expect(secretArray.length).toBe(2);
    expect(String(secretArray)).toBe("Array([SecretInteger(1), SecretInteger(2)])");
    expect(new Boolean(true).equals(new Boolean(false))).toBe(false);
    expect(new SecretInteger(1).equals(new SecretInteger(2))).toBe(false);
    expect(new SecretInteger("-123456789012345678901234567890").value).toBe(-123456789012345678901234567890n);

    const blob = new SecretBlob(new TextEncoder().encode("gm, builder!"));
    blob.value = new TextEncoder().encode("ready to build!");
    expect(new TextDecoder().decode(blob.value)).toBe("ready to build!");
    expect(String(blob)).toBe("SecretBlob(15 bytes)");

    // Random components may exceed the group order once in 2^128 tries; fixed ones keep the test exact.
    const r = new Uint8Array(32).fill(0x11);
    const s = new Uint8Array(32).fill(0x22);
    expect(new EcdsaSignature({ r, s }).value).toEqual({ r, s });
  });

  it("permissions", () => {
    const me = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");
    const friend = UserId.parse("af41835d37d380b62fe995d7e3305939c2340884");
    const programId = `${me}/my-test-program/sha256/${"ab".repeat(32)}`;
    const permissions = Permissions.defaultsForUser(me).allowCompute(friend, programId);
    expect(permissions.canCompute(friend, programId)).toBe(true);
    expect(permissions.canCompute(me, programId)).toBe(false);
    const delta = new PermissionsDelta().grantRetrieve(friend).revokeCompute(friend, programId);
    const after = delta.applyTo(permissions);
    expect(after.canRetrieve(friend)).toBe(true);
    expect(after.canCompute(friend, programId)).toBe(false);
    expect(permissions.canRetrieve(friend)).toBe(false);
  });

  it("errors", () => {
    let caught: unknown;
    try {
      new Array<SecretInteger | Integer>([new SecretInteger(1), new Integer(2)]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValueValidationError);
    const err = caught as ValueValidationError;
    expect(err.valueType).toBe("Array");
    expect(err.rule).toBe("element-type");
    expect(err.message).toMatch(
      /^Invalid Array: invalid secret type: public element Integer at index 1 inside a secret array/,
    );
    expect(new NotFoundError("value not found").code).toBe("NOT_FOUND");
  });
});
