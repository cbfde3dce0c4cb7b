import { inspect } from "node:util";
import { ComputeId, InvalidArgumentError, isUserId, UserId, UuidId, ValuesId } from "@nillion/types";
import { describe, expect, it } from "vitest";

const HEX = "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9";

function expectArgumentError(fn: () => unknown, argument: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as InvalidArgumentError).argument).toBe(argument);
  expect((caught as Error).message).toMatch(message);
}

describe("UserId", () => {
  it("parses hex (either case) and prints lowercase", () => {
    const user = UserId.parse(HEX.toUpperCase());
    expect(user.toHex()).toBe(HEX);
    expect(user.toString()).toBe(HEX);
    expect(`${user}`).toBe(HEX);
    expect(JSON.stringify({ user })).toBe(`{"user":"${HEX}"}`);
    expect(inspect(user)).toBe(`UserId(${HEX})`);
    expect(UserId.LENGTH).toBe(20);
  });

  it("round-trips through bytes, copying both ways", () => {
    const user = UserId.parse(HEX);
    const bytes = user.bytes;
    expect(bytes).toHaveLength(20);
    bytes[0] = 0;
    expect(user.toHex()).toBe(HEX);
    const again = new UserId(user.bytes);
    expect(again.equals(user)).toBe(true);
    const input = new Uint8Array(20).fill(1);
    const fromInput = new UserId(input);
    input.fill(2);
    expect(fromInput.toHex()).toBe("01".repeat(20));
  });

  it("compares by value", () => {
    expect(UserId.parse(HEX).equals(UserId.parse(HEX))).toBe(true);
    expect(UserId.parse(HEX).equals(UserId.parse("00".repeat(20)))).toBe(false);
    expect(UserId.parse(HEX).equals(HEX)).toBe(false);
  });

  it.each(["", HEX.slice(2), `${HEX}00`, `0x${HEX}`, `${HEX.slice(0, 39)}g`, ` ${HEX.slice(1)}`])(
    "parse rejects %j",
    (text) => {
      expectArgumentError(
        () => UserId.parse(text),
        "hex",
        /exactly 40 hex digits \(20 bytes, no 0x prefix\)/,
      );
    },
  );

  it("rejects non-strings, wrong lengths and non-bytes", () => {
    expectArgumentError(() => UserId.parse(42 as unknown as string), "hex", /got number/);
    expectArgumentError(() => new UserId(new Uint8Array(19)), "bytes", /exactly 20 bytes, got 19/);
    expectArgumentError(() => new UserId(new Uint8Array(33)), "bytes", /got 33/);
    expectArgumentError(
      () => new UserId(HEX as unknown as Uint8Array),
      "bytes",
      /expected a Uint8Array, got string/,
    );
  });

  it("isUserId", () => {
    expect(isUserId(UserId.parse(HEX))).toBe(true);
    expect(isUserId(HEX)).toBe(false);
    expect(isUserId({ bytes: new Uint8Array(20), toHex: () => HEX })).toBe(false);
  });
});

describe.each([
  [ValuesId, "ValuesId"],
  [ComputeId, "ComputeId"],
] as const)("%o", (Class, kind) => {
  const uuid = "123e4567-e89b-12d3-a456-426614174000";

  it("parses a UUID (either case) and prints it canonically", () => {
    const id = Class.parse(uuid.toUpperCase());
    expect(id.kind).toBe(kind);
    expect(id.toString()).toBe(uuid);
    expect(JSON.stringify(id)).toBe(`"${uuid}"`);
    expect(inspect(id)).toBe(`${kind}(${uuid})`);
    expect(id).toBeInstanceOf(UuidId);
  });

  it("round-trips through bytes", () => {
    const id = Class.parse(uuid);
    expect(id.bytes).toHaveLength(16);
    expect(Class.fromBytes(id.bytes).equals(id)).toBe(true);
    expect(new Class(id.bytes).toString()).toBe(uuid);
    const bytes = id.bytes;
    bytes.fill(0);
    expect(id.toString()).toBe(uuid);
    expect(Class.fromBytes(new Uint8Array(16)).toString()).toBe("00000000-0000-0000-0000-000000000000");
  });

  it.each([
    "",
    "123e4567e89b12d3a456426614174000",
    `{${uuid}}`,
    `urn:uuid:${uuid}`,
    `${uuid} `,
    "123e4567-e89b-12d3-a456-42661417400",
    "123e4567-e89b-12d3-a456-42661417400z",
    "123e4567-e89b12d3-a456-426614174000-",
  ])("parse rejects %j", (text) => {
    expectArgumentError(() => Class.parse(text), "uuid", new RegExp(`${kind}: "uuid" must be a UUID`));
  });

  it("rejects bad bytes", () => {
    expectArgumentError(() => Class.fromBytes(new Uint8Array(15)), "bytes", /exactly 16 bytes .*got 15/);
    expectArgumentError(
      () => new Class(uuid as unknown as Uint8Array),
      "bytes",
      /expected a Uint8Array, got string/,
    );
  });
});

describe("ValuesId and ComputeId", () => {
  it("are distinct even with the same bytes", () => {
    const bytes = new Uint8Array(16).fill(7);
    expect(ValuesId.fromBytes(bytes).equals(ComputeId.fromBytes(bytes))).toBe(false);
    expect(ValuesId.fromBytes(bytes).equals(ValuesId.fromBytes(bytes))).toBe(true);
    expect(ValuesId.fromBytes(bytes).equals(ValuesId.fromBytes(new Uint8Array(16)))).toBe(false);
    expect(ValuesId.fromBytes(bytes).equals(bytes)).toBe(false);
  });
});
