import {
  EcdsaDigestMessage,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EcdsaSignature,
  EddsaMessage,
  EddsaPrivateKey,
  EddsaPublicKey,
  EddsaSignature,
  Integer,
  isNadaValue,
  NadaArray,
  NadaBoolean,
  NadaTuple,
  type NadaValue,
  type NadaValues,
  type NadaValueType,
  SecretBlob,
  SecretBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  StoreId,
  UnsignedInteger,
} from "@nillion/types";
import { describe, expect, expectTypeOf, it } from "vitest";
import { filled } from "./helpers.js";

/** One example of every kind, twice (equal but distinct objects), with its expected type and secret flag. */
function examples(): [NadaValue, NadaValueType, boolean][] {
  return [
    [new Integer(-3), "Integer", false],
    [new UnsignedInteger(3), "UnsignedInteger", false],
    [new NadaBoolean(true), "Boolean", false],
    [new SecretInteger(-3), "SecretInteger", true],
    [new SecretUnsignedInteger(3), "SecretUnsignedInteger", true],
    [new SecretBoolean(true), "SecretBoolean", true],
    [new SecretBlob(filled(5, 1)), "SecretBlob", true],
    [new NadaArray([new SecretInteger(1), new SecretInteger(2)]), "Array", true],
    [new NadaTuple(new Integer(1), new NadaBoolean(false)), "Tuple", false],
    [new EcdsaPrivateKey(filled(32, 1)), "EcdsaPrivateKey", true],
    [new EcdsaDigestMessage(filled(32, 1)), "EcdsaDigestMessage", false],
    [new EcdsaSignature({ r: filled(32, 1), s: filled(32, 2) }), "EcdsaSignature", true],
    [new EcdsaPublicKey(filled(33, 2)), "EcdsaPublicKey", false],
    [new StoreId(filled(16, 1)), "StoreId", false],
    [new EddsaPrivateKey(filled(32, 1)), "EddsaPrivateKey", true],
    [new EddsaMessage(filled(5, 1)), "EddsaMessage", false],
    [new EddsaSignature(filled(64, 1)), "EddsaSignature", false],
    [new EddsaPublicKey(filled(32, 1)), "EddsaPublicKey", false],
  ];
}

const classes = {
  Integer,
  UnsignedInteger,
  Boolean: NadaBoolean,
  SecretInteger,
  SecretUnsignedInteger,
  SecretBoolean,
  SecretBlob,
  Array: NadaArray,
  Tuple: NadaTuple,
  EcdsaPrivateKey,
  EcdsaDigestMessage,
  EcdsaSignature,
  EcdsaPublicKey,
  StoreId,
  EddsaPrivateKey,
  EddsaMessage,
  EddsaSignature,
  EddsaPublicKey,
} as const;

describe("every value kind", () => {
  it("covers the 18 kinds of protocol v0.10", () => {
    expect(new Set(examples().map(([, type]) => type)).size).toBe(18);
  });

  it.each(examples().map(([value, type, secret]) => [type, value, secret] as const))(
    "%s has its discriminant, static type and secret flag",
    (type, value, secret) => {
      expect(value.type).toBe(type);
      expect(classes[type].type).toBe(type);
      expect(value).toBeInstanceOf(classes[type]);
      expect(value.secret).toBe(secret);
      expect(isNadaValue(value)).toBe(true);
    },
  );

  it("equals an equal value of its own kind and nothing else", () => {
    const left = examples();
    const right = examples();
    left.forEach(([value], i) => {
      right.forEach(([other], j) => {
        expect(value.equals(other), `${value} vs ${other}`).toBe(i === j);
      });
      expect(value.equals(undefined)).toBe(false);
      expect(value.equals(null)).toBe(false);
      expect(value.equals(value.toString())).toBe(false);
    });
  });

  it("prints readably, and console.log shows the same text", async () => {
    const { inspect } = await import("node:util");
    const printed = examples().map(([value]) => String(value));
    expect(printed).toEqual([
      "Integer(-3)",
      "UnsignedInteger(3)",
      "Boolean(true)",
      "SecretInteger(-3)",
      "SecretUnsignedInteger(3)",
      "SecretBoolean(true)",
      "SecretBlob(5 bytes)",
      "Array([SecretInteger(1), SecretInteger(2)])",
      "Tuple(Integer(1), Boolean(false))",
      "EcdsaPrivateKey(<32 bytes, hidden>)",
      `EcdsaDigestMessage(${"01".repeat(32)})`,
      `EcdsaSignature(r=${"01".repeat(32)}, s=${"02".repeat(32)})`,
      `EcdsaPublicKey(${"02".repeat(33)})`,
      "StoreId(01010101-0101-0101-0101-010101010101)",
      "EddsaPrivateKey(<32 bytes, hidden>)",
      "EddsaMessage(5 bytes: 0101010101)",
      `EddsaSignature(${"01".repeat(64)})`,
      `EddsaPublicKey(${"01".repeat(32)})`,
    ]);
    for (const [value] of examples()) expect(inspect(value)).toBe(String(value));
    expect(inspect({ key: new EcdsaPrivateKey(filled(32, 0xab)) })).not.toContain("ab");
  });
});

describe("isNadaValue", () => {
  it("rejects look-alikes", () => {
    for (const value of [
      null,
      undefined,
      1n,
      "SecretInteger(1)",
      { type: "SecretInteger", value: 1n, secret: true },
      new Uint8Array(32),
    ]) {
      expect(isNadaValue(value)).toBe(false);
    }
  });
});

describe("types", () => {
  it("NadaValue narrows on type, exhaustively", () => {
    const describe = (value: NadaValue): string => {
      switch (value.type) {
        case "Integer":
        case "UnsignedInteger":
        case "SecretInteger":
        case "SecretUnsignedInteger":
          expectTypeOf(value.value).toEqualTypeOf<bigint>();
          return `int ${value.value}`;
        case "Boolean":
        case "SecretBoolean":
          expectTypeOf(value.value).toEqualTypeOf<boolean>();
          return `bool ${value.value}`;
        case "Array":
          expectTypeOf(value.value).toEqualTypeOf<readonly NadaValue[]>();
          return `array of ${value.length}`;
        case "Tuple":
          expectTypeOf(value.left).toEqualTypeOf<NadaValue>();
          return "tuple";
        case "EcdsaSignature":
          expectTypeOf(value.r).toEqualTypeOf<Uint8Array>();
          return "signature";
        case "SecretBlob":
        case "EcdsaPrivateKey":
        case "EcdsaDigestMessage":
        case "EcdsaPublicKey":
        case "StoreId":
        case "EddsaPrivateKey":
        case "EddsaMessage":
        case "EddsaSignature":
        case "EddsaPublicKey":
          expectTypeOf(value.value).toEqualTypeOf<Uint8Array>();
          return `${value.value.length} bytes`;
        default: {
          const never: never = value;
          return never;
        }
      }
    };
    expect(describe(new NadaArray([new Integer(1)]))).toBe("array of 1");
    expect(describe(new SecretBlob(filled(2, 0)))).toBe("2 bytes");
  });

  it("NadaValueType is exactly the 18 names and NadaValues maps names to values", () => {
    expectTypeOf<NadaValueType>().toEqualTypeOf<
      | "Integer"
      | "UnsignedInteger"
      | "Boolean"
      | "SecretInteger"
      | "SecretUnsignedInteger"
      | "SecretBoolean"
      | "SecretBlob"
      | "Array"
      | "Tuple"
      | "EcdsaPrivateKey"
      | "EcdsaDigestMessage"
      | "EcdsaSignature"
      | "EcdsaPublicKey"
      | "StoreId"
      | "EddsaPrivateKey"
      | "EddsaMessage"
      | "EddsaSignature"
      | "EddsaPublicKey"
    >();
    const values: NadaValues = { foo: new SecretInteger(42), bar: new Integer(1337) };
    expect(Object.keys(values)).toEqual(["foo", "bar"]);
  });

  it("a typed array keeps its element type", () => {
    const array = new NadaArray([new SecretInteger(1)]);
    expectTypeOf(array.value).toEqualTypeOf<readonly SecretInteger[]>();
    const asValue: NadaValue = array;
    expect(asValue.type).toBe("Array");
  });
});
