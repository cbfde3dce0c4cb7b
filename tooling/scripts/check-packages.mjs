#!/usr/bin/env node
// Checks the packages as they are published: packs every package of tooling/layers.json with pnpm (which
// rewrites workspace: ranges as publishing does) and runs `attw` (@arethetypeswrong/cli) on each tarball.
// An entry whose export conditions have no `require` is ESM-only on purpose (the vitest entries of
// devnet-test: vitest itself is ESM-only); it is checked with attw's `esm-only` profile, every other entry
// with the `strict` one. With `--consumer`, it then installs the tarballs into a project outside the
// workspace (from the pnpm store, else the npm registry) and runs ./consumer/check.mjs there: tsc from a
// `.cts` and a `.mts` file, and a vitest suite on the harness.
// Run with `pnpm check:packages` after `pnpm build`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const layers = JSON.parse(fs.readFileSync(path.join(root, "tooling/layers.json"), "utf8")).packages;
const attw = path.join(root, "node_modules/.bin/attw");
const withConsumer = process.argv.includes("--consumer");

/**
 * @param {string[]} args
 * @param {string} cwd
 * @returns {string} what it printed
 */
function pnpm(args, cwd) {
  // Under `pnpm run`, npm_execpath is the pnpm that runs us; call the same one.
  const execPath = process.env["npm_execpath"];
  if (!execPath?.includes("pnpm")) throw new Error("run this through pnpm: `pnpm check:packages`");
  return execFileSync(process.execPath, [execPath, ...args], { cwd, encoding: "utf8", stdio: "pipe" });
}

/**
 * Whether an exports condition tree offers a `require` branch anywhere.
 *
 * @param {unknown} conditions
 * @returns {boolean}
 */
function hasRequire(conditions) {
  if (conditions === null || typeof conditions !== "object") return false;
  return Object.entries(conditions).some(([key, value]) => key === "require" || hasRequire(value));
}

/**
 * @param {{ exports: Record<string, unknown> }} manifest
 * @returns {string[]}
 */
function esmOnlyEntries(manifest) {
  return Object.entries(manifest.exports)
    .filter(([entry, conditions]) => entry !== "./package.json" && !hasRequire(conditions))
    .map(([entry]) => entry);
}

/**
 * @param {string} tarball
 * @param {string[]} args
 * @returns {string | undefined} attw's report when it found a problem
 */
function runAttw(tarball, args) {
  try {
    execFileSync(attw, [tarball, "--format", "table-flipped", ...args], { encoding: "utf8", stdio: "pipe" });
    return undefined;
  } catch (error) {
    const { stdout = "", stderr = "" } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    return `${stdout}${stderr}`;
  }
}

const out = fs.mkdtempSync(path.join(os.tmpdir(), "nillion-packages-"));
/** @type {Record<string, string>} */
const tarballs = {};
/** @type {string[]} */
const failures = [];
try {
  for (const short of Object.keys(layers)) {
    const directory = path.join(root, "packages", short);
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, "package.json"), "utf8"));
    pnpm(["pack", "--pack-destination", out], directory);
    const tarball = path.join(
      out,
      `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`,
    );
    tarballs[manifest.name] = tarball;
    const esmOnly = esmOnlyEntries(manifest);
    const strict = runAttw(tarball, [
      "--profile",
      "strict",
      ...(esmOnly.length ? ["--exclude-entrypoints", ...esmOnly] : []),
    ]);
    const esm = esmOnly.length
      ? runAttw(tarball, ["--profile", "esm-only", "--entrypoints", ...esmOnly])
      : undefined;
    for (const problem of [strict, esm])
      if (problem !== undefined) failures.push(`${manifest.name}:\n${problem}`);
    console.log(
      `${strict === undefined && esm === undefined ? "ok  " : "FAIL"} ${manifest.name}` +
        (esmOnly.length ? ` (ESM-only: ${esmOnly.join(", ")})` : ""),
    );
  }
  if (failures.length > 0) {
    console.error(`\nattw found problems:\n\n${failures.join("\n")}`);
    process.exitCode = 1;
  } else if (withConsumer) {
    const { checkConsumer } = await import("./consumer/check-consumer.mjs");
    await checkConsumer({ root, tarballs, pnpm });
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
