import * as nil from "@nillion/types";
import { NadaBoolean, SecretBoolean } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { expectValueError } from "./helpers.js";

describe.each([
  [NadaBoolean, "Boolean", false],
  [SecretBoolean, "SecretBoolean", true],
] as const)("%o", (Class, type, secret) => {
  it("holds true and false", () => {
    expect(new Class(true).value).toBe(true);
    expect(new Class(false).value).toBe(false);
    expect(new Class(true).type).toBe(type);
    expect(Class.type).toBe(type);
    expect(new Class(true).secret).toBe(secret);
  });

  it.each([0, 1, "true", "false", null, undefined, 1n, {}])("rejects %o (rule type)", (input) => {
    expectValueError(() => new Class(input as unknown as boolean), {
      valueType: type,
      rule: "type",
      message: /boolean/,
    });
  });

  it("compares and prints", () => {
    expect(new Class(true).equals(new Class(true))).toBe(true);
    expect(new Class(true).equals(new Class(false))).toBe(false);
    expect(new Class(true).equals(true)).toBe(false);
    expect(String(new Class(false))).toBe(`${type}(false)`);
  });
});

describe("Boolean export", () => {
  it("is the same class as NadaBoolean and does not replace the global", () => {
    expect(nil.Boolean).toBe(NadaBoolean);
    expect(globalThis.Boolean).not.toBe(NadaBoolean);
  });

  it("the seed example: Boolean(true) == Boolean(false) is false", () => {
    expect(new nil.Boolean(true).equals(new nil.Boolean(false))).toBe(false);
  });

  it("public and secret booleans differ", () => {
    expect(new NadaBoolean(true).equals(new SecretBoolean(true))).toBe(false);
  });
});
