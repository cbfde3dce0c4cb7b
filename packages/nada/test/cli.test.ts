// The built `nada` command (dist/cli.js, from `pnpm --filter @nillion/nada build`), run as a user runs it.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeProgram, encodeProgram, isLowered, lowerProgram, programMetadata } from "../src/index.js";
import { fixtureBytes, fixturePath } from "./fixtures.js";
import { ProgramBuilder, T } from "./program-builder.js";

const CLI = path.resolve(import.meta.dirname, "../dist/cli.js");
let scratch = "";

function nada(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @nillion/nada build\` first`);
  scratch = mkdtempSync(path.join(tmpdir(), "nada-cli-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("nada inspect", () => {
  it("prints the contract, the operations and the node's counts of a lowered program", () => {
    const { status, stdout, stderr } = nada("inspect", fixturePath("arith_basic"));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        "file           arith_basic.nada.bin (855 bytes, sha256 " +
          `${sha256Hex(fixtureBytes("arith_basic"))})`,
        "parties        Dealer",
        "inputs         a: SecretInteger from Dealer",
        "               b: SecretInteger from Dealer",
        "               c: Integer from Dealer",
        "outputs        prod: SecretInteger to Dealer",
        "               total: SecretInteger to Dealer",
        "operations     9 (addition 3, inputReference 3, literalReference 1, multiplication 1, subtraction 1)",
        "lowered        yes",
        "valid          yes",
        "memory         8 slots",
        "protocols      5 (Addition 3, MultiplicationShares 1, Subtraction 1)",
        "preprocessing  none",
        "auxiliary      none",
        "",
      ].join("\n"),
    );
  });

  it("shows what a front-end program still needs lowered, and its counts after lowering", () => {
    const { status, stdout } = nada("inspect", fixturePath("min_max"));
    expect(status).toBe(0);
    expect(stdout).toContain(
      "lowered        no: greaterOrEqual 1, greaterThan 1, lessOrEqual 1 to rewrite\n",
    );
    expect(stdout).toContain("memory         10 slots (after lowering)\n");
    expect(stdout).toContain("protocols      8 (IfElse 2, LessThanShares 4, Not 2) (after lowering)\n");
    expect(stdout).toContain("preprocessing  COMPARE 4\n");
  });

  it("lists the auxiliary material a signing program needs", () => {
    expect(nada("inspect", fixturePath("ecdsa_sign")).stdout).toContain(
      "auxiliary      CGGMP21_AUXILIARY_INFO 1\n",
    );
  });

  it("lists the issues of an invalid program and exits with 1", () => {
    const b = new ProgramBuilder();
    b.output("leak", b.input("a", T.SInt));
    const file = path.join(scratch, "leak.nada.bin");
    writeFileSync(file, encodeProgram(b.build()));
    const { status, stdout } = nada("inspect", file);
    expect(status).toBe(1);
    expect(stdout).toContain(
      "valid          no, 1 issue:\n  <program>: program: the program compiles to no protocols, so it would only leak its inputs\n",
    );
  });
});

describe("nada lower", () => {
  // 2 input references; zip: a new, 3 pairs, 6 accessors; map: a new, 3 accessors, 3 inlined bodies of 3;
  // unzip: a new, 2 arrays, 6 tuple accessors, 3 accessors. 2 + 10 + 13 + 12 = 37.
  it("writes the lowered program, which the node's counts accept", () => {
    const out = path.join(scratch, "zip_unzip.lowered.nada.bin");
    const { status, stdout } = nada("lower", fixturePath("zip_unzip"), out);
    expect(status).toBe(0);
    const written = new Uint8Array(readFileSync(out));
    expect(stdout).toBe(
      `${out}: 5 -> 37 operations (${written.length} bytes, sha256 ${sha256Hex(written)})\n`,
    );
    const program = decodeProgram(written);
    expect(isLowered(program)).toBe(true);
    expect(program).toEqual(lowerProgram(decodeProgram(fixtureBytes("zip_unzip"))));
    expect(programMetadata(program).memorySize).toBe(26);
  });

  it("copies an already lowered program byte for byte, so its program id stays the same", () => {
    const out = path.join(scratch, "arith_basic.copy.nada.bin");
    const { status, stdout } = nada("lower", fixturePath("arith_basic"), out);
    expect(status).toBe(0);
    expect(stdout).toContain("already lowered, copied unchanged (855 bytes");
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(fixtureBytes("arith_basic")))).toBe(true);
  });

  it("refuses an invalid program, writing nothing", () => {
    const b = new ProgramBuilder();
    const a = b.input("a", T.SInt);
    b.output("bad", b.op({ kind: "not", operand: a, type: T.SInt }));
    const file = path.join(scratch, "not-int.nada.bin");
    writeFileSync(file, encodeProgram(b.build()));
    const out = path.join(scratch, "not-int.lowered.nada.bin");
    const { status, stderr } = nada("lower", file, out);
    expect(status).toBe(1);
    expect(stderr).toBe(
      `nada: ${file} is not a valid program:\n  test.py:2: operation 1 (not): not needs a boolean, found SecretInteger\n`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe("usage and errors", () => {
  it("prints usage on --help (exit 0) and on bad arguments (exit 2)", () => {
    const help = nada("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      /^usage: nada build <program\.ts>… \[-o <dir>\]\n {7}nada inspect <program\.nada\.bin>\n {7}nada lower <program\.nada\.bin> <lowered\.nada\.bin>\n/,
    );
    const bad = nada("lower", fixturePath("arith_basic"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(help.stdout);
    expect(nada().status).toBe(2);
  });

  it("reports unreadable and undecodable files in one line (exit 1)", () => {
    const missing = nada("inspect", path.join(scratch, "missing.nada.bin"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /^nada: ENOENT: no such file or directory, open '.*missing\.nada\.bin'\n$/,
    );
    const text = path.join(scratch, "text.nada.bin");
    writeFileSync(text, "not a program\n");
    const garbled = nada("inspect", text);
    expect(garbled.status).toBe(1);
    expect(garbled.stderr).toMatch(
      /^nada: malformed program \(invalid sdk version\?\): protobuf decoding failed \(.*\): these bytes are not a compiled Nada program \(a \.nada\.bin\): compile one with `nada build` .*, or pass a program built with @nillion\/nada\/dsl\n$/,
    );
  });

  it("prints its version with --version and -V (exit 0)", () => {
    const { version } = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8"),
    );
    for (const flag of ["--version", "-V"]) {
      const run = nada(flag);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`nada ${version}\n`);
    }
    expect(nada("--version", "extra").status).toBe(2);
  });
});

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
