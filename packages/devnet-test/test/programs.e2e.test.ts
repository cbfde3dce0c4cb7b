// Programs end to end: every fixture compiled by the Python Nada compiler is lowered by the client and
// accepted by the devnet's nodes under `<user>/<name>/sha256/<hash>`; names nodes refuse never leave the
// client.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { InvalidArgumentError, parseProgramId } from "@nillion/types";
import type { VmClient } from "@nillion/vm-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eSession, openSession, recordCalls } from "./e2e-session.js";

// CI checks /work/shared out beside the repository.
const FIXTURES = path.resolve(import.meta.dirname, "../../../../shared/fixtures/nada");
const PROGRAMS = readdirSync(FIXTURES)
  .filter((file) => file.endsWith(".nada.bin"))
  .sort();
const program = (file: string) => new Uint8Array(readFileSync(path.join(FIXTURES, file)));

let session: E2eSession;
let client: VmClient;
const recorder = recordCalls();
beforeAll(async () => {
  session = await openSession("programs");
  client = await session.user({ interceptors: [recorder.interceptor] });
  await client.addFunds(30_000_000n);
});
afterAll(() => session.close());

describe("storeProgram", () => {
  it("finds the fixtures", () => {
    expect(PROGRAMS).toContain("arith_basic.nada.bin");
    expect(PROGRAMS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(PROGRAMS)("stores %s under <user id>/<name>/sha256/<hash>", async (file) => {
    const name = file.replace(".nada.bin", "");
    const programId = await client.storeProgram(name, program(file)).invoke();
    expect(programId).toMatch(new RegExp(`^${client.userId.toHex()}/${name}/sha256/[0-9a-f]{64}$`));
    const parsed = parseProgramId(programId);
    expect(parsed.kind).toBe("user");
    if (parsed.kind === "user") {
      expect(parsed.owner.equals(client.userId)).toBe(true);
      expect(parsed.name).toBe(name);
    }
  });

  it("names the same bytes by the same hash, whoever stores them under whatever name", async () => {
    const bytes = program("three_parties.nada.bin");
    const first = await client.storeProgram("three-parties", bytes).invoke();
    const again = await client.storeProgram("three-parties", bytes).invoke();
    const renamed = await client.storeProgram("3.parties:v1+x_y", bytes).invoke();
    const other = await session.user();
    await other.addFunds(2_000_000n);
    const theirs = await other.storeProgram("three-parties", bytes).invoke();

    expect(again).toBe(first);
    const hash = first.split("/")[3];
    expect(renamed).toBe(`${client.userId.toHex()}/3.parties:v1+x_y/sha256/${hash}`);
    expect(theirs).toBe(`${other.userId.toHex()}/three-parties/sha256/${hash}`);

    const different = await client.storeProgram("three-parties", program("arith_basic.nada.bin")).invoke();
    expect(different.split("/")[3]).not.toBe(hash);
  });

  it("accepts a name of 128 characters from the whole alphabet", async () => {
    const name = "AZaz09+.:_-".repeat(12).slice(0, 128);
    const programId = await client.storeProgram(name, program("arith_basic.nada.bin")).invoke();
    expect(programId.split("/")[1]).toBe(name);
  });

  it.each([
    ["empty", ""],
    ["129 characters long", "x".repeat(129)],
    ["with a space", "my program"],
    ["with a slash", "my/program"],
    ["not ASCII", "prógram"],
    ["not a string", 42],
  ])("refuses a name %s before asking for a quote", async (_, name) => {
    const calls = recorder.calls.length;
    const attempt = client.storeProgram(name as string, program("arith_basic.nada.bin")).invoke();
    await expect(attempt).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(attempt).rejects.toMatchObject({ argument: "name" });
    expect(recorder.calls.slice(calls)).toEqual([]);
  });

  it("refuses bytes that are not a program before asking for a quote", async () => {
    const calls = recorder.calls.length;
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode("not a program")]) {
      const attempt = client.storeProgram("garbage", bytes).invoke();
      await expect(attempt).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(attempt).rejects.toMatchObject({ argument: "program" });
    }
    const notBytes = client.storeProgram("garbage", "arith_basic" as unknown as Uint8Array).invoke();
    await expect(notBytes).rejects.toMatchObject({ argument: "program" });
    expect(recorder.calls.slice(calls)).toEqual([]);
  });
});
