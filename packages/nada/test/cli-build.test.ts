// `nada build` (the built dist/cli.js) on programs in a throwaway project that installs @nillion/nada as a
// user would: TypeScript sources in, .nada.bin out, or the file:line:col of each mistake.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeProgram, programContract, programStructure } from "../src/index.js";

const PACKAGE = path.resolve(import.meta.dirname, "..");
const CLI = path.join(PACKAGE, "dist/cli.js");
let project = "";

/** Runs `nada build …` in the project. */
function build(...args: string[]) {
  const run = spawnSync(process.execPath, [CLI, "build", ...args], { cwd: project, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Writes `text` to `file` in the project. */
function write(file: string, text: string): string {
  const target = path.join(project, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

const HEADER = 'import { NadaArray, Party, program, SecretInteger } from "@nillion/nada/dsl";\n';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @nillion/nada build\` first`);
  project = realpathSync(mkdtempSync(path.join(tmpdir(), "nada-build-")));
  mkdirSync(path.join(project, "node_modules/@nillion"), { recursive: true });
  symlinkSync(PACKAGE, path.join(project, "node_modules/@nillion/nada"), "dir");
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

describe("nada build", () => {
  it("compiles a TypeScript program and its TypeScript imports, and prints its contract and costs", () => {
    write(
      "lib/sum.ts",
      [
        'import type { SecretInteger } from "@nillion/nada/dsl";',
        "",
        "export const sum = (total: SecretInteger, x: SecretInteger): SecretInteger => total.add(x);",
        "",
      ].join("\n"),
    );
    write(
      "main.ts",
      [
        HEADER.trimEnd(),
        'import { sum } from "./lib/sum.js";',
        "",
        "export default program(() => {",
        '  const p = new Party("P");',
        '  const xs = p.input("xs", NadaArray.type(SecretInteger, 3));',
        '  const start: SecretInteger = p.input("start", SecretInteger);',
        '  return [p.output("total", xs.reduce(sum, start))];',
        "});",
        "",
      ].join("\n"),
    );
    const { status, stdout, stderr } = build("main.ts", "-o", "out");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toMatch(
      /^main\.ts -> out\/main\.nada\.bin\nfile {11}out\/main\.nada\.bin \(\d+ bytes, sha256 [0-9a-f]{64}\)\n/,
    );
    expect(stdout).toContain(
      [
        "parties        P",
        "inputs         start: SecretInteger from P",
        "               xs: Array<SecretInteger, 3> from P",
        "outputs        total: SecretInteger to P",
      ].join("\n"),
    );
    expect(stdout).toContain("lowered        no: reduce 1 to rewrite\n");
    expect(stdout).toContain("protocols      3 (Addition 3) (after lowering)\n");

    // `nada inspect` and `nada lower` take what `nada build` writes.
    const built = path.join(project, "out/main.nada.bin");
    const inspect = spawnSync(process.execPath, [CLI, "inspect", built], { encoding: "utf8" });
    expect(inspect.status).toBe(0);
    expect(inspect.stdout).toContain("valid          yes\n");
    const lower = spawnSync(
      process.execPath,
      [CLI, "lower", built, path.join(project, "out/main.lowered.nada.bin")],
      {
        encoding: "utf8",
      },
    );
    expect(lower.status).toBe(0);
    expect(lower.stdout).toMatch(/^.*main\.lowered\.nada\.bin: 3 -> 8 operations \(/);

    const program = decodeProgram(readFileSync(built));
    expect(programContract(program).inputs.map((input) => input.name)).toEqual(["start", "xs"]);
    expect(programStructure(program).functions).toEqual([
      {
        signature: "(SecretInteger, SecretInteger) -> SecretInteger = #2",
        operations: [
          "#0 SecretInteger = argumentReference argument 0",
          "#1 SecretInteger = argumentReference argument 1",
          "#2 SecretInteger = addition(#0, #1)",
        ],
      },
    ]);
    // Source references name both files, relative to the program's, with their text; the reduce is on
    // line 8 of main.ts, the addition on line 3 of lib/sum.ts.
    expect(Object.keys(program.sourceFiles).sort()).toEqual(["lib/sum.ts", "main.ts"]);
    const refOf = (index: number) => program.sourceRefs[index];
    const reduce = program.operations.find((operation) => operation.kind === "reduce");
    expect(refOf(reduce?.sourceRefIndex ?? -1)).toMatchObject({ file: "main.ts", line: 8 });
    const addition = program.functions[0]?.operations.find((operation) => operation.kind === "addition");
    expect(refOf(addition?.sourceRefIndex ?? -1)).toMatchObject({ file: "lib/sum.ts", line: 3 });
  });

  it("writes beside each source without -o, and builds several files in one run", () => {
    const program = (output: string) =>
      `${HEADER}export default program(() => {\n  const p = new Party("P");\n  const a = p.input("a", SecretInteger);\n  return [p.output("${output}", a.mul(a))];\n});\n`;
    write("several/one.ts", program("square"));
    write("several/two.mts", program("also_square"));
    const { status, stdout } = build("several/one.ts", "several/two.mts");
    expect(status).toBe(0);
    expect(stdout).toContain("several/one.ts -> several/one.nada.bin\n");
    expect(stdout).toContain("several/two.mts -> several/two.nada.bin\n");
    expect(existsSync(path.join(project, "several/one.nada.bin"))).toBe(true);
    expect(existsSync(path.join(project, "several/two.nada.bin"))).toBe(true);
  });

  it("reports a mistake of the program at its file:line:col, writes nothing, and builds the other files (exit 1)", () => {
    const bad = write(
      "mistakes/unsigned.ts",
      [
        'import { Party, program, SecretInteger, SecretUnsignedInteger } from "@nillion/nada/dsl";',
        "",
        "export default program(() => {",
        '  const p = new Party("P");',
        '  const a = p.input("a", SecretInteger);',
        '  const u = p.input("u", SecretUnsignedInteger);',
        "  // @ts-expect-error an UnsignedInteger added to an Integer",
        '  return [p.output("sum", a.add(u))];',
        "});",
        "",
      ].join("\n"),
    );
    write(
      "mistakes/good.ts",
      `${HEADER}export default program(() => {\n  const p = new Party("P");\n  const a = p.input("a", SecretInteger);\n  return [p.output("b", a.add(a))];\n});\n`,
    );
    const { status, stdout, stderr } = build(
      "mistakes/unsigned.ts",
      "mistakes/good.ts",
      "-o",
      "out/mistakes",
    );
    expect(status).toBe(1);
    expect(stderr).toBe(
      `nada: ${bad}:8:29: add: "other" must be an Integer like "this", got a SecretUnsignedInteger\n`,
    );
    expect(existsSync(path.join(project, "out/mistakes/unsigned.nada.bin"))).toBe(false);
    expect(stdout).toContain("mistakes/good.ts -> out/mistakes/good.nada.bin\n");
  });

  it("reports syntax errors and JavaScript errors at their file:line:col (exit 1)", () => {
    const syntax = write(
      "errors/syntax.ts",
      `${HEADER}export default program(() => {\n  const p = new Party("P");\n  return [p.output("a", p.input("a", SecretInteger)];\n});\n`,
    );
    const thrown = write(
      "errors/thrown.ts",
      `${HEADER}const missing: { value?: { x: number } } = {};\nexport default program(() => {\n  const p = new Party("P");\n  return [p.output("a", p.input("a", SecretInteger).add(missing.value!.x))];\n});\n`,
    );
    const first = build("errors/syntax.ts");
    expect(first.status).toBe(1);
    expect(first.stderr).toBe(`nada: ${syntax}:4:52: Expected ")" but found "]"\n`);
    const second = build("errors/thrown.ts");
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^nada: ${thrown}:5:\\d+: TypeError: Cannot read properties of undefined \\(reading 'x'\\)\\n$`,
      ),
    );
  });

  it("refuses a program the node would refuse, listing its issues (exit 1)", () => {
    const file = write(
      "invalid/leak.ts",
      `${HEADER}export default program(() => {\n  const p = new Party("P");\n  return [p.output("a", p.input("a", SecretInteger))];\n});\n`,
    );
    const { status, stderr } = build("invalid/leak.ts");
    expect(status).toBe(1);
    expect(stderr).toBe(
      "nada: invalid/leak.ts is not a valid program:\n" +
        "  <program>: program: the program compiles to no protocols, so it would only leak its inputs\n",
    );
    expect(existsSync(file.replace(/\.ts$/, ".nada.bin"))).toBe(false);
  });

  it("refuses a module whose default export is not a program (exit 1)", () => {
    const file = write("not-a-program.ts", "export default 42;\n");
    const { status, stderr } = build("not-a-program.ts");
    expect(status).toBe(1);
    expect(stderr).toBe(
      `nada: ${file}: the default export of not-a-program.ts must be a program (export default program(() => …)), got number\n`,
    );
  });

  it("reports a file that does not exist, and a missing import at the importing program (exit 1)", () => {
    const missing = path.join(project, "absent.ts");
    const first = build("absent.ts");
    expect(first.status).toBe(1);
    expect(first.stderr).toBe(`nada: ${missing}: the file absent.ts does not exist\n`);
    const importer = write(
      "imports/main.ts",
      `${HEADER}import { helper } from "./helper.js";\nexport default program(() => helper(new Party("P")));\n`,
    );
    const second = build("imports/main.ts");
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(
      `nada: ${importer}: Cannot find module '${path.join(project, "imports/helper.js")}' imported from ${importer}\n`,
    );
  });

  it("prints usage without files or with a bad option (exit 2)", () => {
    expect(build().status).toBe(2);
    expect(build("main.ts", "-o").status).toBe(2);
    expect(build("main.ts", "-o", "a", "-o", "b").status).toBe(2);
    expect(build("--watch", "main.ts").status).toBe(2);
  });
});
