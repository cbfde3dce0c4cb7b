// The package declares `"sideEffects": false`. Bundlers then drop a bare `import "./chunk.js"` and warn
// that they did; the build must emit none, so the declaration matches what is shipped.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../dist");
const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8"));

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return builtFiles(full);
    return /\.c?js$/.test(entry.name) ? [full] : [];
  });
}

it("declares no side effects, and no built module imports another only for its side effects", () => {
  expect(manifest.sideEffects).toBe(false);
  const files = builtFiles(dist);
  expect(files.length).toBeGreaterThan(20);
  const bare = files
    .filter((file) => /^(?:import ['"]\.|require\(['"]\.)/m.test(readFileSync(file, "utf8")))
    .map((file) => path.relative(dist, file));
  expect(bare).toEqual([]);
});
