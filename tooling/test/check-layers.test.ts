import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLayers, findCycles, isExported } from "../scripts/check-layers.mjs";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const graph = { low: [], high: ["low"] };
const roots: string[] = [];

/** A two-package workspace: `high` may import `low`, not the other way round. */
function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "layers-"));
  roots.push(root);
  const manifests: Record<string, object> = {
    "packages/low/package.json": {
      name: "@nillion/low",
      exports: { ".": "./dist/index.js", "./wire/*": "./dist/wire/*.js", "./internal/*": null },
    },
    "packages/high/package.json": {
      name: "@nillion/high",
      exports: { ".": "./dist/index.js" },
      dependencies: { "@nillion/low": "workspace:*" },
    },
  };
  const all: Record<string, string> = {
    "packages/low/src/index.ts": "export const low = 1;\n",
    "packages/high/src/index.ts": 'import { low } from "@nillion/low";\nexport const high = low + 1;\n',
    ...Object.fromEntries(Object.entries(manifests).map(([file, json]) => [file, JSON.stringify(json)])),
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("checkLayers", () => {
  it("passes a tree that follows the graph", () => {
    expect(checkLayers({ root: workspace({}), graph })).toEqual([]);
  });

  it("fails when a lower layer imports a higher one", () => {
    const root = workspace({ "packages/low/src/up.ts": 'export { high } from "@nillion/high";\n' });
    expect(checkLayers({ root, graph })).toEqual([
      "packages/low/src/up.ts: imports @nillion/high, but low may import only no other package",
    ]);
  });

  it("fails on dynamic imports and require calls too", () => {
    const root = workspace({
      "packages/low/src/lazy.ts": 'export const load = () => import("@nillion/high");\n',
      "packages/low/src/old.cjs": 'module.exports = require("@nillion/high");\n',
    });
    expect(checkLayers({ root, graph })).toHaveLength(2);
  });

  it("fails when a package reaches into another package's files", () => {
    const root = workspace({
      "packages/high/src/deep.ts": 'export { low } from "@nillion/low/src/index.js";\n',
      "packages/high/src/relative.ts": 'export { low } from "../../low/src/index.js";\n',
      "packages/high/src/sealed.ts": 'export * from "@nillion/low/internal/secret";\n',
    });
    expect(checkLayers({ root, graph }).sort()).toEqual([
      'packages/high/src/deep.ts: imports "@nillion/low/src/index.js", which is not a public export of @nillion/low',
      'packages/high/src/relative.ts: imports "../../low/src/index.js", a file outside packages/high; import the package by name instead',
      'packages/high/src/sealed.ts: imports "@nillion/low/internal/secret", which is not a public export of @nillion/low',
    ]);
  });

  it("accepts subpaths matched by an exports pattern", () => {
    const root = workspace({ "packages/high/src/wire.ts": 'export * from "@nillion/low/wire/store";\n' });
    expect(checkLayers({ root, graph })).toEqual([]);
  });

  it("fails when an allowed import is not declared in package.json", () => {
    const root = workspace({
      "packages/high/package.json": JSON.stringify({
        name: "@nillion/high",
        exports: { ".": "./dist/index.js" },
      }),
    });
    expect(checkLayers({ root, graph })).toEqual([
      "packages/high/src/index.ts: imports @nillion/low without declaring it in packages/high/package.json",
    ]);
  });

  it("fails when package.json declares a dependency the layer forbids", () => {
    const root = workspace({
      "packages/low/package.json": JSON.stringify({
        name: "@nillion/low",
        devDependencies: { "@nillion/high": "workspace:*" },
      }),
    });
    expect(checkLayers({ root, graph })).toEqual([
      "packages/low/package.json: depends on @nillion/high, but low may depend only on no other package",
    ]);
  });

  it("fails on an import cycle between modules of one package", () => {
    const root = workspace({
      "packages/low/src/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "packages/low/src/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
    });
    expect(checkLayers({ root, graph })).toEqual([
      "packages/low: import cycle: src/a.ts -> src/b.ts -> src/a.ts",
    ]);
  });

  it("fails on a cycle in the layer graph and on packages missing from it", () => {
    const root = workspace({ "packages/extra/package.json": JSON.stringify({ name: "@nillion/extra" }) });
    expect(checkLayers({ root, graph: { low: ["high"], high: ["low"] } })).toEqual([
      "layers: the layer graph has a cycle: low -> high -> low",
      "packages/extra: package is not in the layer graph (tooling/layers.json)",
    ]);
  });

  it("passes on this repository", () => {
    const layers = JSON.parse(fs.readFileSync(path.join(repoRoot, "tooling/layers.json"), "utf8"));
    expect(checkLayers({ root: repoRoot, graph: layers.packages, testKits: layers.testKits })).toEqual([]);
  });
});

describe("checkLayers with test kits", () => {
  // `kit` uses `low`: `high`'s tests may use it, `low`'s may not (that would be a cycle).
  const testKits = { kit: ["low"] };
  const kitManifest = (extra: object = {}) =>
    JSON.stringify({
      name: "@nillion/kit",
      private: true,
      exports: { "./fake": "./src/fake.ts" },
      dependencies: { "@nillion/low": "workspace:*" },
      ...extra,
    });
  const highManifest = (field: "dependencies" | "devDependencies") => {
    const manifest: Record<string, unknown> = {
      name: "@nillion/high",
      exports: { ".": "./dist/index.js" },
      dependencies: { "@nillion/low": "workspace:*" },
    };
    manifest[field] = { ...(manifest[field] as object | undefined), "@nillion/kit": "workspace:*" };
    return JSON.stringify(manifest);
  };
  const kitFiles = {
    "tooling/kit/package.json": kitManifest(),
    "tooling/kit/src/fake.ts": 'import { low } from "@nillion/low";\nexport const fake = low;\n',
  };
  const useKit = 'import { fake } from "@nillion/kit/fake";\nexport const used = fake;\n';

  it("passes when a package's tests use a kit its layer allows", () => {
    const root = workspace({
      ...kitFiles,
      "packages/high/package.json": highManifest("devDependencies"),
      "packages/high/test/uses-kit.test.ts": useKit,
      "packages/high/bench/uses-kit.ts": useKit,
    });
    expect(checkLayers({ root, graph, testKits })).toEqual([]);
  });

  it("fails when a kit reaches a package's published code, a dependency or a layer that may not use it", () => {
    const root = workspace({
      ...kitFiles,
      "packages/high/package.json": highManifest("dependencies"),
      "packages/high/src/uses-kit.ts": useKit,
      "packages/low/package.json": JSON.stringify({
        name: "@nillion/low",
        exports: { ".": "./dist/index.js" },
        devDependencies: { "@nillion/kit": "workspace:*" },
      }),
      "packages/low/test/uses-kit.test.ts": useKit,
    });
    expect(checkLayers({ root, graph, testKits }).sort()).toEqual([
      "packages/high/package.json: declares test kit @nillion/kit in dependencies; test kits belong in devDependencies",
      "packages/high/src/uses-kit.ts: imports test kit @nillion/kit outside test/ and bench/",
      "packages/low/package.json: depends on test kit @nillion/kit, which uses @nillion/low, but low may depend only on no other package",
      "packages/low/test/uses-kit.test.ts: imports test kit @nillion/kit, which uses @nillion/low, but low may import only no other package",
    ]);
  });

  it("fails when a test imports a kit it does not declare, or a file the kit does not export", () => {
    const root = workspace({
      ...kitFiles,
      "packages/high/test/uses-kit.test.ts": useKit,
      "packages/high/test/deep.test.ts": 'export * from "@nillion/kit/src/fake.ts";\n',
    });
    expect(checkLayers({ root, graph, testKits }).sort()).toEqual([
      'packages/high/test/deep.test.ts: imports "@nillion/kit/src/fake.ts", which is not a public export of @nillion/kit',
      "packages/high/test/deep.test.ts: imports test kit @nillion/kit without declaring it in packages/high/package.json devDependencies",
      "packages/high/test/uses-kit.test.ts: imports test kit @nillion/kit without declaring it in packages/high/package.json devDependencies",
    ]);
  });

  it("fails on a kit that is public, imports beyond its list, or is missing", () => {
    const root = workspace({
      "tooling/kit/package.json": kitManifest({ private: undefined }),
      "tooling/kit/src/fake.ts": 'import { high } from "@nillion/high";\nexport const fake = high;\n',
    });
    expect(checkLayers({ root, graph, testKits: { ...testKits, gone: [] } }).sort()).toEqual([
      'layers: test kit "gone" is in tooling/layers.json but tooling/gone does not exist',
      'tooling/kit/package.json: a test kit must be private ("private": true)',
      "tooling/kit/src/fake.ts: imports @nillion/high, but kit may import only @nillion/low",
    ]);
  });
});

describe("isExported", () => {
  const exportsMap = {
    ".": "./i.js",
    "./a/*": "./a/*.js",
    "./a/private/*": null,
    "./package.json": "./p.json",
  };
  it.each([
    [".", true],
    ["./a/x", true],
    ["./a/deep/x", true],
    ["./a/private/x", false],
    ["./b", false],
    ["./package.json", true],
  ])("%s → %s", (subpath, expected) => {
    expect(isExported(exportsMap, subpath)).toBe(expected);
  });
});

describe("findCycles", () => {
  it("finds self loops and longer cycles, and nothing in a DAG", () => {
    expect(findCycles({ a: ["a"] })).toEqual([["a", "a"]]);
    expect(findCycles({ a: ["b"], b: ["c"], c: ["a"] })).toEqual([["a", "b", "c", "a"]]);
    expect(findCycles({ a: ["b", "c"], b: ["c"], c: [] })).toEqual([]);
  });
});
