#!/usr/bin/env node
// Size budgets: bundles fixed entry points (browser/size/*.ts) for browsers with esbuild (ESM, minified,
// from the packages' built dist), gzips them and fails when one is over its budget, when esbuild warns,
// or when a bundle holds a package it must not (the Cosmos type tables cosmjs would bring).
// Run it after `pnpm build`: `pnpm check:size` (`--json` prints the measurements as JSON).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const KB = 1024;

/**
 * @typedef {{ name: string, entry: string, budgetGzip: number, forbidden?: string[] }} Budget
 * @typedef {{ name: string, raw: number, gzip: number, budgetGzip: number, problems: string[] }} Measurement
 */

/** @type {Budget[]} */
export const BUDGETS = [
  {
    name: "VmClient + NilChainPayer + store/retrieve",
    entry: "browser/size/client.ts",
    budgetGzip: 120 * KB,
    forbidden: ["cosmjs-types", "@cosmjs/", "@connectrpc/connect-node", "@grpc/"],
  },
  { name: "@nillion/crypto masker", entry: "browser/size/masker.ts", budgetGzip: 30 * KB },
  { name: "@nillion/types", entry: "browser/size/types.ts", budgetGzip: 10 * KB },
];

/**
 * Bundles and measures one entry. Packages resolve from browser/ (@nillion/browser-tests), which depends on every
 * package an entry imports.
 * @param {Budget} budget
 * @returns {Promise<Measurement>}
 */
export async function measure(budget) {
  const result = await esbuild.build({
    entryPoints: [path.resolve(root, budget.entry)],
    nodePaths: [path.join(root, "browser/node_modules")],
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const problems = result.warnings.map((w) => `esbuild warning: ${w.text}`);
  const inputs = Object.keys(result.metafile.inputs).map((p) => p.replaceAll("\\", "/"));
  for (const name of budget.forbidden ?? []) {
    const found = inputs.filter(
      (p) => p.includes(`/node_modules/${name}`) || p.includes(`/${name.replace("/", "+")}`),
    );
    if (found.length > 0) problems.push(`bundles ${name} (${found.length} files, e.g. ${found[0]})`);
  }
  if (gzip > budget.budgetGzip) {
    problems.push(`${(gzip / KB).toFixed(1)} KB gzip is over the budget of ${budget.budgetGzip / KB} KB`);
  }
  return { name: budget.name, raw: bytes.length, gzip, budgetGzip: budget.budgetGzip, problems };
}

async function main() {
  const measurements = [];
  for (const budget of BUDGETS) measurements.push(await measure(budget));
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(measurements, null, 2));
  } else {
    for (const m of measurements) {
      const line = `${m.name.padEnd(44)} ${(m.raw / KB).toFixed(1).padStart(7)} KB raw ${(m.gzip / KB).toFixed(1).padStart(6)} KB gzip (budget ${m.budgetGzip / KB} KB)`;
      console.log(
        m.problems.length === 0 ? `ok   ${line}` : `FAIL ${line}\n     ${m.problems.join("\n     ")}`,
      );
    }
  }
  if (measurements.some((m) => m.problems.length > 0)) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
