import { packageBuild } from "@nillion/tooling/tsup";

export default [
  // The library and its DSL entry; its clean step spares the CLI, which the second build writes into the
  // same folder.
  packageBuild({
    entry: { index: "src/index.ts", dsl: "src/dsl/index.ts" },
    clean: ["!cli.js", "!cli.js.map"],
  }),
  // The `nada` command: Node only and ESM only; like the library it leaves its dependencies external.
  packageBuild({
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    platform: "node",
    dts: false,
    clean: false,
    splitting: false,
  }),
];
