import { packageBuild } from "@nillion/tooling/tsup";

// The runner-neutral harness ships ESM and CommonJS (jest and mocha suites may be CommonJS). The vitest
// global setup and worker helper ship ESM only: vitest itself is ESM-only, so a CommonJS build of them
// could never load. The package's build script empties dist first, as the two builds run at once and
// neither may clean the other's output.
export default [
  packageBuild({ platform: "node", entry: { index: "src/index.ts" }, clean: false }),
  packageBuild({
    platform: "node",
    entry: { "vitest-setup": "src/vitest-setup.ts", vitest: "src/vitest.ts" },
    format: ["esm"],
    clean: false,
  }),
];
