#!/usr/bin/env node
// Regenerates the protobuf code and fails when the committed copy differs: generated code is committed so
// that users and CI need no codegen, and this keeps it honest.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const generated = "packages/proto/src/gen";
// The proto package owns the code generator (protoc-gen-es), so it must be on buf's PATH.
const bins = ["packages/proto/node_modules/.bin", "node_modules/.bin"].map((dir) => path.join(root, dir));
const env = { ...process.env, PATH: [...bins, process.env["PATH"]].join(path.delimiter) };
const sh = (/** @type {string} */ cmd, /** @type {string[]} */ args) =>
  execFileSync(cmd, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

sh("buf", ["generate"]);
const drift = sh("git", ["status", "--porcelain", "--untracked-files=all", "--", generated]).trim();
if (drift) {
  console.error(
    `Generated code in ${generated} is stale; run \`pnpm generate\` and commit the result:\n${drift}`,
  );
  console.error(sh("git", ["--no-pager", "diff", "--stat", "--", generated]));
  process.exit(1);
}
console.log(`Generated code in ${generated} is fresh.`);
