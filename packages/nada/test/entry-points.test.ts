// The library's entry points stay light and portable: what `@nillion/nada` and `@nillion/nada/dsl` load
// (their built modules and the chunks those import) reaches no esbuild and no Node.js built-in; only the
// Node.js-only `nada` command and `@nillion/nada/build` do.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIST = path.resolve(import.meta.dirname, "../dist");

// A statement `import … from "x"`, `export … from "x"` or `import "x"`; a call `import("x")`, `require("x")`.
const SPECIFIER =
  /^(?:(?:import|export)\b[^;]*?\bfrom\s*|import\s*)["']([^"']+)["']|\b(?:import|require)\(["']([^"']+)["']\)/gm;

/** The packages and built-ins `entry` loads, following its relative imports through dist/. */
function externalImports(entry: string): string[] {
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, statement, call] of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      const specifier = statement ?? call ?? "";
      if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier));
      else external.add(specifier);
    }
  };
  visit(path.join(DIST, entry));
  return [...external].sort();
}

const LIBRARY = ["index.js", "index.cjs", "dsl.js", "dsl.cjs"];

describe("built entry points", () => {
  it.each(LIBRARY)("%s loads no esbuild and no Node.js built-in", (entry) => {
    const imports = externalImports(entry);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) {
      expect(specifier).toMatch(/^(@nillion\/(types|proto)|@bufbuild\/protobuf|@noble\/hashes)(\/|$)/);
    }
  });

  it("build.js and its loader hooks are where esbuild and Node.js come in", () => {
    expect(externalImports("build.js")).toContain("module");
    expect(externalImports("typescript-hooks.js")).toContain("esbuild");
  });
});
