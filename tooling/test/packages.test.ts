// Every published package follows one shape, and its built output loads the way a user loads it:
// by package name, through its `exports` map, from ESM and from CommonJS.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const layers: Record<string, string[]> = JSON.parse(
  fs.readFileSync(path.join(root, "tooling/layers.json"), "utf8"),
).packages;

/** A subpath of each package that must load; `.` unless the package has no root entry. */
const probe: Record<string, string> = { proto: "/nillion/membership/v1/service" };

type Conditions = { [key: string]: string | Conditions | null };

function manifest(short: string) {
  return JSON.parse(fs.readFileSync(path.join(root, "packages", short, "package.json"), "utf8"));
}

/** Runs Node inside the package directory, where its own name resolves through its `exports` map. */
function load(short: string, kind: "esm" | "cjs"): string[] {
  const specifier = `@nillion/${short}${probe[short] ?? ""}`;
  const code =
    kind === "esm"
      ? `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`
      : `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))));`;
  const args = kind === "esm" ? ["--input-type=module", "-e", code] : ["--input-type=commonjs", "-e", code];
  const out = execFileSync(process.execPath, args, {
    cwd: path.join(root, "packages", short),
    encoding: "utf8",
  });
  return JSON.parse(out);
}

function conditionOrder(node: Conditions | string | null, trail: string, problems: string[]) {
  if (node === null || typeof node === "string") return;
  const keys = Object.keys(node);
  if ("types" in node && keys[0] !== "types") problems.push(`${trail}: "types" must come first`);
  if ("default" in node && keys.at(-1) !== "default") problems.push(`${trail}: "default" must come last`);
  for (const key of keys) conditionOrder(node[key] ?? null, `${trail}.${key}`, problems);
}

describe.each(Object.keys(layers))("@nillion/%s", (short) => {
  const pkg = manifest(short);

  it("has the published package shape", () => {
    expect(pkg.name).toBe(`@nillion/${short}`);
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    // nada's dsl/ lets node10 resolution find the `./dsl` entry (attw strict).
    expect(pkg.files).toEqual(short === "nada" ? ["dist", "LICENSE", "dsl"] : ["dist", "LICENSE"]);
    expect(fs.existsSync(path.join(root, "packages", short, "LICENSE"))).toBe(true);
    expect(pkg.repository?.directory).toBe(`packages/${short}`);
    expect(pkg.engines?.node).toMatch(/^>=20/);
    expect(pkg.license).toBe("Apache-2.0");
    expect(pkg.private).toBeUndefined();
    expect(pkg.exports["./package.json"]).toBe("./package.json");
  });

  it("lists types first and default last in every exports condition", () => {
    const problems: string[] = [];
    conditionOrder(pkg.exports, "exports", problems);
    expect(problems).toEqual([]);
  });

  it("has a README that states its purpose and its layer", () => {
    const readme = fs.readFileSync(path.join(root, "packages", short, "README.md"), "utf8");
    expect(readme.startsWith(`# @nillion/${short}\n`)).toBe(true);
    expect(readme).toMatch(/^## Layer$/m);
    for (const dep of layers[short] ?? []) expect(readme).toContain(`@nillion/${dep}`);
  });

  it("loads from ESM and CommonJS with the same exports", () => {
    const esm = load(short, "esm");
    const cjs = load(short, "cjs");
    expect(esm.sort()).toEqual(cjs.filter((key) => key !== "__esModule").sort());
  });
});
