#!/usr/bin/env node
// Enforces the package layer graph in tooling/layers.json:
//  - a package imports (and declares) only the packages its layer allows;
//  - it imports another package only through that package's `exports` map, never its files;
//  - neither packages nor the modules inside one package form an import cycle;
//  - a test kit (tooling/<kit>, listed under "testKits") is used only by tests, and only where the user's
//    layer allows everything the kit uses.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const SCOPE = "@nillion/";
const SOURCE_DIRS = ["src", "test", "bench", "bin"];
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;
const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];

/**
 * @typedef {{ short: string, dir: string, manifest: Record<string, any> }} WorkspacePackage
 * @typedef {Record<string, string[]>} LayerGraph
 */

/**
 * Checks every package under `<root>/packages` against `graph`, and every test kit under `<root>/tooling`
 * against `testKits`. A test kit is a private package of test code shared by the packages' tests: it
 * imports only the packages listed for it, and a package may use it only in its tests (`test/`, `bench/`,
 * as a devDependency) and only if its own layer allows every package the kit uses, so a kit can neither
 * lift a higher layer into a lower one's tests nor close a cycle.
 * @param {{ root: string, graph: LayerGraph, testKits?: LayerGraph }} options
 * @returns {string[]} one line per violation; empty when the tree is clean
 */
export function checkLayers({ root, graph, testKits = {} }) {
  /** @type {string[]} */
  const violations = [];
  const packages = readPackages(root);
  const byShort = new Map(packages.map((p) => [p.short, p]));
  const kits = new Map();

  for (const cycle of findCycles(graph)) {
    violations.push(`layers: the layer graph has a cycle: ${cycle.join(" -> ")}`);
  }
  for (const short of Object.keys(graph)) {
    if (!byShort.has(short))
      violations.push(`layers: "${short}" is in the layer graph but packages/${short} does not exist`);
  }
  for (const short of Object.keys(testKits)) {
    const kit = readTestKit(root, short);
    if (byShort.has(short) || short === "tooling") {
      violations.push(`layers: test kit "${short}" has the name of another workspace package`);
    } else if (!kit) {
      violations.push(
        `layers: test kit "${short}" is in tooling/layers.json but tooling/${short} does not exist`,
      );
    } else {
      kits.set(short, kit);
    }
  }

  const context = { root, byShort, kits, testKits, violations };
  for (const pkg of packages) {
    const allowed = graph[pkg.short];
    if (!allowed) {
      violations.push(`packages/${pkg.short}: package is not in the layer graph (tooling/layers.json)`);
      continue;
    }
    checkUnit(context, pkg, `packages/${pkg.short}`, allowed, false);
  }
  for (const kit of kits.values()) {
    const where = `tooling/${kit.short}`;
    if (kit.manifest["private"] !== true) {
      violations.push(`${where}/package.json: a test kit must be private ("private": true)`);
    }
    checkUnit(context, kit, where, testKits[kit.short] ?? [], true);
  }
  return violations;
}

/**
 * The declared dependencies and the imports of one package or test kit.
 * @param {{ root: string, byShort: Map<string, WorkspacePackage>, kits: Map<string, WorkspacePackage>, testKits: LayerGraph, violations: string[] }} context
 * @param {WorkspacePackage} unit
 * @param {string} where the unit's directory, relative to the root
 * @param {string[]} allowed the packages it may use
 * @param {boolean} isKit
 */
function checkUnit(context, unit, where, allowed, isKit) {
  const { root, byShort, kits, testKits, violations } = context;
  const mayDependOn = isKit ? "may use only" : "may depend only on";
  /** The packages kit `short` uses that this unit may not. @param {string} short */
  const beyondLayer = (short) => (testKits[short] ?? []).filter((dep) => !allowed.includes(dep));

  const declared = declaredWorkspaceDeps(unit.manifest);
  for (const [dep, field] of declared) {
    if (dep === "tooling") continue;
    if (kits.has(dep)) {
      if (isKit) {
        violations.push(
          `${where}/package.json: depends on test kit ${SCOPE}${dep}; test kits do not use one another`,
        );
      } else if (field !== "devDependencies") {
        violations.push(
          `${where}/package.json: declares test kit ${SCOPE}${dep} in ${field}; test kits belong in devDependencies`,
        );
      }
      const beyond = beyondLayer(dep);
      if (!isKit && beyond.length > 0) {
        violations.push(
          `${where}/package.json: depends on test kit ${SCOPE}${dep}, which uses ${list(beyond)}, but ${unit.short} may depend only on ${list(allowed)}`,
        );
      }
    } else if (!allowed.includes(dep)) {
      violations.push(
        `${where}/package.json: depends on ${SCOPE}${dep}, but ${unit.short} ${mayDependOn} ${list(allowed)}`,
      );
    }
  }

  /** @type {Map<string, Set<string>>} */
  const moduleEdges = new Map();
  for (const file of sourceFiles(unit.dir)) {
    const rel = path.relative(root, file);
    const edges = new Set();
    moduleEdges.set(file, edges);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!isInside(unit.dir, target)) {
          violations.push(
            `${rel}: imports "${specifier}", a file outside ${where}; import the package by name instead`,
          );
          continue;
        }
        const resolved = resolveModule(target);
        if (resolved) edges.add(resolved);
        continue;
      }
      if (!specifier.startsWith(SCOPE)) continue;
      const [short = "", ...rest] = specifier.slice(SCOPE.length).split("/");
      const subpath = rest.length ? `./${rest.join("/")}` : ".";
      if (short === "tooling") continue; // build configuration only; private, never published
      const kit = kits.get(short);
      const target = kit ?? byShort.get(short);
      if (!target) {
        violations.push(`${rel}: imports "${specifier}", which is not a workspace package`);
        continue;
      }
      if (kit) {
        const beyond = beyondLayer(short);
        if (isKit) {
          violations.push(`${rel}: imports test kit ${SCOPE}${short}; test kits do not use one another`);
        } else if (!isTestFile(unit.dir, file)) {
          violations.push(`${rel}: imports test kit ${SCOPE}${short} outside test/ and bench/`);
        } else if (beyond.length > 0) {
          violations.push(
            `${rel}: imports test kit ${SCOPE}${short}, which uses ${list(beyond)}, but ${unit.short} may import only ${list(allowed)}`,
          );
        } else if (declared.get(short) !== "devDependencies") {
          violations.push(
            `${rel}: imports test kit ${SCOPE}${short} without declaring it in ${where}/package.json devDependencies`,
          );
        }
      } else if (short !== unit.short && !allowed.includes(short)) {
        violations.push(
          `${rel}: imports ${SCOPE}${short}, but ${unit.short} may import only ${list(allowed)}`,
        );
      } else if (short !== unit.short && !declared.has(short)) {
        violations.push(`${rel}: imports ${SCOPE}${short} without declaring it in ${where}/package.json`);
      }
      if (!isExported(target.manifest["exports"], subpath)) {
        violations.push(`${rel}: imports "${specifier}", which is not a public export of ${SCOPE}${short}`);
      }
    }
  }
  for (const cycle of findCycles(moduleEdges)) {
    violations.push(`${where}: import cycle: ${cycle.map((f) => path.relative(unit.dir, f)).join(" -> ")}`);
  }
}

/** @param {string} root @returns {WorkspacePackage[]} */
function readPackages(root) {
  const dir = path.join(root, "packages");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "package.json")))
    .map((entry) => ({
      short: entry.name,
      dir: path.join(dir, entry.name),
      manifest: JSON.parse(fs.readFileSync(path.join(dir, entry.name, "package.json"), "utf8")),
    }))
    .sort((a, b) => a.short.localeCompare(b.short));
}

/**
 * The workspace packages a manifest depends on, each with the first field that names it.
 * @param {Record<string, any>} manifest
 * @returns {Map<string, string>}
 */
function declaredWorkspaceDeps(manifest) {
  const names = new Map();
  for (const field of DEPENDENCY_FIELDS) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (name.startsWith(SCOPE) && !names.has(name.slice(SCOPE.length)))
        names.set(name.slice(SCOPE.length), field);
    }
  }
  return names;
}

/**
 * The test kit `<root>/tooling/<short>`, if it exists.
 * @param {string} root @param {string} short @returns {WorkspacePackage | undefined}
 */
function readTestKit(root, short) {
  const dir = path.join(root, "tooling", short);
  const manifest = path.join(dir, "package.json");
  if (!fs.existsSync(manifest)) return undefined;
  return { short, dir, manifest: JSON.parse(fs.readFileSync(manifest, "utf8")) };
}

/** Whether `file` is test code of the package in `dir`. @param {string} dir @param {string} file */
function isTestFile(dir, file) {
  const [top] = path.relative(dir, file).split(path.sep);
  return top === "test" || top === "bench";
}

/** @param {string} dir */
function* sourceFiles(dir) {
  for (const sub of SOURCE_DIRS) {
    const start = path.join(dir, sub);
    if (fs.existsSync(start)) yield* walk(start);
  }
}

/** @param {string} dir @returns {Generator<string>} */
function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

/** Static imports, re-exports, `import()`, `require()` and `import x = require()`. @param {string} file */
function importsOf(file) {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Maps `./x.js` to the source that produced it (`./x.ts`), as TypeScript's NodeNext resolution does. */
function resolveModule(/** @type {string} */ target) {
  const stem = target.replace(/\.(?:[cm]?js)$/, "");
  const candidates = [
    target,
    `${stem}.ts`,
    `${stem}.mts`,
    `${stem}.cts`,
    `${stem}.tsx`,
    path.join(target, "index.ts"),
  ];
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

/** @param {string} dir @param {string} target */
function isInside(dir, target) {
  const rel = path.relative(dir, target);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * Whether `subpath` (e.g. "." or "./nillion/values/v1/store") is public in an `exports` map, with Node's
 * matching: an exact key wins, otherwise the pattern key with the longest prefix; a `null` target seals it.
 * @param {unknown} exportsField
 * @param {string} subpath
 */
export function isExported(exportsField, subpath) {
  if (exportsField === undefined || exportsField === null) return subpath === ".";
  if (typeof exportsField !== "object" || Array.isArray(exportsField)) return subpath === ".";
  const map = /** @type {Record<string, unknown>} */ (exportsField);
  const keys = Object.keys(map);
  if (!keys.every((key) => key.startsWith("."))) return subpath === "."; // a conditions-only map exports "."
  if (subpath in map) return map[subpath] !== null;
  const pattern = keys
    .filter((key) => {
      const star = key.indexOf("*");
      if (star === -1) return false;
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      return subpath.length >= key.length && subpath.startsWith(prefix) && subpath.endsWith(suffix);
    })
    .sort((a, b) => b.indexOf("*") - a.indexOf("*"))[0];
  return pattern !== undefined && map[pattern] !== null;
}

/**
 * Strongly connected components of size > 1 (and self-loops), as lists that start and end on the same node.
 * @param {Map<string, Iterable<string>> | Record<string, Iterable<string>>} edges
 * @returns {string[][]}
 */
export function findCycles(edges) {
  const graph = edges instanceof Map ? edges : new Map(Object.entries(edges));
  /** @type {Map<string, number>} */
  const index = new Map();
  /** @type {Map<string, number>} */
  const low = new Map();
  /** @type {Set<string>} */
  const onStack = new Set();
  /** @type {string[]} */
  const stack = [];
  /** @type {string[][]} */
  const cycles = [];
  let counter = 0;

  /** @param {string} node */
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    let lowest = counter - 1;
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowest = Math.min(lowest, low.get(next) ?? lowest);
      } else if (onStack.has(next)) {
        lowest = Math.min(lowest, index.get(next) ?? lowest);
      }
    }
    low.set(node, lowest);
    if (lowest !== index.get(node)) return;
    /** @type {string[]} */
    const component = [];
    let member;
    do {
      member = /** @type {string} */ (stack.pop());
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = [...(graph.get(node) ?? [])].includes(node);
    if (component.length > 1 || selfLoop) {
      component.reverse();
      cycles.push([...component, node]);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** @param {string[]} names */
function list(names) {
  return names.length ? names.map((n) => SCOPE + n).join(", ") : "no other package";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const layers = JSON.parse(fs.readFileSync(path.join(root, "tooling/layers.json"), "utf8"));
  const graph = layers.packages;
  const violations = checkLayers({ root, graph, testKits: layers.testKits ?? {} });
  if (violations.length > 0) {
    console.error(`Layering check failed (${violations.length}):`);
    for (const line of violations) console.error(`  ${line}`);
    process.exit(1);
  }
  const kits = Object.keys(layers.testKits ?? {}).length;
  console.log(
    `Layering check passed: ${Object.keys(graph).length} packages, ${kits} test kit${kits === 1 ? "" : "s"}, no forbidden import, no cycle.`,
  );
}
