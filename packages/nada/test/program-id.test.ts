import { createHash } from "node:crypto";
import { InvalidArgumentError, parseProgramId, UserId } from "@nillion/types";
import { describe, expect, it } from "vitest";
import { programIdFor } from "../src/index.js";
import { fixtureBytes } from "./fixtures.js";

// The node's test vector: UserId::from_bytes("bob").
const BOB = UserId.parse("3113a1170de795e4b725b84d1e0b4cfd9ec58ce9");

describe("programIdFor", () => {
  it("is <user id>/<name>/sha256/<SHA-256 of the bytes>", () => {
    const bytes = fixtureBytes("arith_basic");
    const digest = createHash("sha256").update(bytes).digest("hex");
    const id = programIdFor(BOB, "arith_basic", bytes);
    expect(id).toBe(`3113a1170de795e4b725b84d1e0b4cfd9ec58ce9/arith_basic/sha256/${digest}`);
    const parsed = parseProgramId(id);
    expect(parsed.kind === "user" && parsed.name).toBe("arith_basic");
  });

  it("hashes the empty program like any other byte string", () => {
    expect(programIdFor(BOB, "empty", new Uint8Array())).toBe(
      "3113a1170de795e4b725b84d1e0b4cfd9ec58ce9/empty/sha256/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("accepts names of 1 to 128 characters from A-Z a-z 0-9 + . : _ -", () => {
    expect(programIdFor(BOB, "a.b:c_d-e+F9", new Uint8Array())).toContain("/a.b:c_d-e+F9/");
    expect(programIdFor(BOB, "x".repeat(128), new Uint8Array())).toContain(`/${"x".repeat(128)}/`);
    for (const name of ["", "x".repeat(129), "my program", "a/b"]) {
      expect(() => programIdFor(BOB, name, new Uint8Array())).toThrow(InvalidArgumentError);
    }
  });

  it("rejects a program that is not bytes", () => {
    const run = () => programIdFor(BOB, "main", "bytes" as unknown as Uint8Array);
    expect(run).toThrow('"program" must be the program\'s bytes (a Uint8Array)');
  });
});
