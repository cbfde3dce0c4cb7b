import { Integer, SecretInteger, SecretUnsignedInteger, UnsignedInteger } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { expectValueError } from "./helpers.js";

const signed = [Integer, SecretInteger] as const;
const unsigned = [UnsignedInteger, SecretUnsignedInteger] as const;
const all = [
  [Integer, "Integer"],
  [SecretInteger, "SecretInteger"],
  [UnsignedInteger, "UnsignedInteger"],
  [SecretUnsignedInteger, "SecretUnsignedInteger"],
] as const;

describe.each(all)("%o (any integer class)", (Class, type) => {
  it("has its type discriminant on the class and the instance", () => {
    expect(Class.type).toBe(type);
    expect(new Class(1).type).toBe(type);
  });

  it.each([
    [0, 0n],
    [42, 42n],
    [Number.MAX_SAFE_INTEGER, 9007199254740991n],
    [42n, 42n],
    [2n ** 200n, 2n ** 200n],
    ["42", 42n],
    ["+5", 5n],
    ["007", 7n],
    ["123456789012345678901234567890", 123456789012345678901234567890n],
  ] as const)("accepts %o as %o", (input, value) => {
    expect(new Class(input).value).toBe(value);
  });

  it.each(["", "abc", "1.5", "0x10", " 1", "1 ", "1e3", "+", "-", "--1", "+-1", "١٢", "1_000"])(
    "rejects the string %j (rule integer)",
    (input) => {
      expectValueError(() => new Class(input), {
        valueType: type,
        rule: "integer",
        message: /decimal string/,
      });
    },
  );

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "rejects the number %o (rule integer)",
    (input) => {
      expectValueError(() => new Class(input), { valueType: type, rule: "integer" });
    },
  );

  it.each([2 ** 53, 1e21, -(2 ** 53)])("rejects the unsafe number %o and suggests a bigint", (input) => {
    expectValueError(() => new Class(input), {
      valueType: type,
      rule: "safe-integer",
      message: /pass a bigint/,
    });
  });

  it.each([true, null, undefined, {}, [1], new Uint8Array(1)])("rejects %o (rule type)", (input) => {
    expectValueError(() => new Class(input as unknown as number), { valueType: type, rule: "type" });
  });

  it("compares by type and value and prints readably", () => {
    expect(new Class(1).equals(new Class(1n))).toBe(true);
    expect(new Class(1).equals(new Class(2))).toBe(false);
    expect(new Class(1).equals(1n)).toBe(false);
    expect(new Class(1).equals({ type, value: 1n })).toBe(false);
    expect(String(new Class("12"))).toBe(`${type}(12)`);
  });
});

describe.each(signed)("%o (signed)", (Class) => {
  it.each([
    [-1, -1n],
    [Number.MIN_SAFE_INTEGER, -9007199254740991n],
    [-(2n ** 200n), -(2n ** 200n)],
    ["-42", -42n],
    ["-0", 0n],
  ] as const)("accepts %o", (input, value) => {
    expect(new Class(input).value).toBe(value);
  });
});

describe.each(unsigned)("%o (unsigned)", (Class) => {
  const type = Class.type;

  it.each([-1, -1n, "-1", "-0", "-00", -(2n ** 200n)])("rejects %o (rule unsigned)", (input) => {
    expectValueError(() => new Class(input), {
      valueType: type,
      rule: "unsigned",
      message: /unsigned integer/,
    });
  });

  it("rejects a - sign that is not a number as a malformed integer", () => {
    expectValueError(() => new Class("-abc"), { valueType: type, rule: "integer" });
  });

  it("accepts -0 as a number (it is the number 0)", () => {
    expect(new Class(-0).value).toBe(0n);
  });
});

describe("integer kinds", () => {
  it("are distinct types and have the right secret flag", () => {
    expect(new Integer(1).equals(new SecretInteger(1))).toBe(false);
    expect(new UnsignedInteger(1).equals(new Integer(1))).toBe(false);
    expect(new SecretUnsignedInteger(1).equals(new SecretInteger(1))).toBe(false);
    expect(new Integer(1).secret).toBe(false);
    expect(new UnsignedInteger(1).secret).toBe(false);
    expect(new SecretInteger(1).secret).toBe(true);
    expect(new SecretUnsignedInteger(1).secret).toBe(true);
  });

  it("the seed examples", () => {
    expect(new Integer(1).equals(new Integer(2))).toBe(false);
    expect(new SecretInteger(1).equals(new SecretInteger(2))).toBe(false);
    expect(new UnsignedInteger(1).equals(new UnsignedInteger(2))).toBe(false);
    expect(new SecretUnsignedInteger(1).equals(new SecretUnsignedInteger(2))).toBe(false);
    expect(String(new SecretInteger(42))).toBe("SecretInteger(42)");
  });
});
