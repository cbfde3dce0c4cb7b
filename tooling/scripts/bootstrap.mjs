#!/usr/bin/env node
// The README's two commands (`npm run demo`, `npm test`) start here, on a machine that has only Node and
// the npm registry: it brings the pinned pnpm (through npx when it is not installed), installs the
// workspace from the lockfile, builds it, and runs the requested job.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, "");

/** @type {Record<string, string[][]>} */
const jobs = {
  demo: [
    ["turbo", "run", "build"],
    ["node", "tooling/demo/demo.mjs"],
  ],
  test: [
    ["turbo", "run", "build"],
    ["vitest", "run"],
  ],
};

const job = process.argv[2];
if (!job || !(job in jobs)) {
  console.error(`usage: bootstrap.mjs <${Object.keys(jobs).join("|")}>`);
  process.exit(2);
}
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: this workspace needs Node >= 20.19.`);
  process.exit(1);
}

// npm passes its own settings down as npm_config_* variables; pnpm would read them as its own.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("npm_")));
const installed = spawnSync("pnpm", ["--version"], {
  env,
  encoding: "utf8",
  shell: process.platform === "win32",
});
const pnpm =
  installed.status === 0 && installed.stdout.trim() === pnpmVersion
    ? ["pnpm"]
    : ["npx", "--yes", `pnpm@${pnpmVersion}`];

/** @param {string[]} args */
function run(args) {
  const [command = "pnpm", ...rest] = [...pnpm, ...args];
  const result = spawnSync(command, rest, {
    cwd: root,
    env,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(["install", "--frozen-lockfile", "--prefer-offline"]);
for (const step of jobs[job] ?? []) run(["exec", ...step]);
