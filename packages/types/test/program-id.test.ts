import {
  assertProgramName,
  formatProgramId,
  InvalidArgumentError,
  parseProgramId,
  UserId,
} from "@nillion/types";
import { describe, expect, it } from "vitest";

const OWNER = "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9";
const HASH = "ab".repeat(32);

describe("program ids", () => {
  it("format and parse round-trip", () => {
    const owner = UserId.parse(OWNER);
    const sha256 = new Uint8Array(32).fill(0xab);
    const id = formatProgramId(owner, "my-test-program", sha256);
    expect(id).toBe(`${OWNER}/my-test-program/sha256/${HASH}`);
    const parsed = parseProgramId(id);
    expect(parsed.kind).toBe("user");
    if (parsed.kind !== "user") return;
    expect(parsed.owner.equals(owner)).toBe(true);
    expect(parsed.name).toBe("my-test-program");
    expect(parsed.sha256).toEqual(sha256);
  });

  it("parse built-ins", () => {
    for (const name of ["tecdsa_sign", "tecdsa_dkg", "teddsa_sign", "teddsa_dkg"]) {
      expect(parseProgramId(`builtin/${name}`)).toEqual({ kind: "builtin", name });
    }
  });

  it("accept every allowed name character", () => {
    const name = "Az09+.:_-";
    expect(parseProgramId(`${OWNER}/${name}/sha256/${HASH}`)).toMatchObject({ kind: "user", name });
    expect(parseProgramId(`${OWNER}/${"a".repeat(128)}/sha256/${HASH}`)).toMatchObject({ kind: "user" });
  });

  it.each([
    ["", /has 1 "\/"-separated parts/],
    ["builtin/", /built-in name "" is not a valid program name/],
    ["builtin/a/b", /has 3/],
    ["builtin/has space", /not a valid program name/],
    [`${OWNER}/name/sha256`, /has 3/],
    [`${OWNER.toUpperCase()}/name/sha256/${HASH}`, /owner .* is not 40 lowercase hex digits/],
    [`0x${OWNER.slice(2)}/name/sha256/${HASH}`, /owner/],
    [`${OWNER}/na me/sha256/${HASH}`, /the name "na me" is not a valid program name/],
    [`${OWNER}/${"a".repeat(129)}/sha256/${HASH}`, /not a valid program name/],
    [`${OWNER}//sha256/${HASH}`, /the name "" is not a valid/],
    [`${OWNER}/name/sha512/${HASH}`, /third part is "sha512"/],
    [`${OWNER}/name/sha256/${HASH.slice(2)}`, /hash .* is not 64 lowercase hex digits/],
    [`${OWNER}/name/sha256/${HASH.toUpperCase()}`, /hash/],
    [`${OWNER}/name/sha256/${HASH}/extra`, /has 5/],
  ])("parse rejects %j", (id, message) => {
    let caught: unknown;
    try {
      parseProgramId(id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).argument).toBe("programId");
    expect((caught as Error).message).toMatch(message);
  });

  it("format validates its arguments", () => {
    const owner = UserId.parse(OWNER);
    expect(() => formatProgramId(owner, "bad name", new Uint8Array(32))).toThrow(
      /"name" must be a program name/,
    );
    expect(() => formatProgramId(owner, "ok", new Uint8Array(31))).toThrow(
      /"sha256" must be a 32-byte SHA-256 digest, got 31 bytes/,
    );
    expect(() => formatProgramId(OWNER as unknown as UserId, "ok", new Uint8Array(32))).toThrow(
      /"owner" expected a UserId, got string/,
    );
  });

  it("assertProgramName says what is wrong", () => {
    expect(() => assertProgramName("my-test-program")).not.toThrow();
    expect(() => assertProgramName("")).toThrow(/but it is empty/);
    expect(() => assertProgramName("a".repeat(129))).toThrow(/is 129 characters long/);
    expect(() => assertProgramName("a/b")).toThrow(/contains "\/"/);
    expect(() => assertProgramName("a b")).toThrow(/contains " "/);
    expect(() => assertProgramName(5)).toThrow(/expected a program name \(string\), got number/);
    try {
      assertProgramName("é", "programName");
    } catch (error) {
      expect((error as InvalidArgumentError).argument).toBe("programName");
    }
    expect.assertions(7);
  });
});
