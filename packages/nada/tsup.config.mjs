import { readFileSync } from "node:fs";
import { packageBuild } from "@nillion/tooling/tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

export default [
  // The library and its DSL entry; its clean step spares the Node.js build, which the second build writes
  // into the same folder. It also writes the declarations of `@nillion/nada/build`: tsup's declaration
  // step cleans every declaration file of the folder, so only one build may have one.
  packageBuild({
    entry: { index: "src/index.ts", dsl: "src/dsl/index.ts" },
    dts: { entry: { index: "src/index.ts", dsl: "src/dsl/index.ts", build: "src/build/index.ts" } },
    clean: ["!cli.js*", "!build.js*", "!typescript-hooks.js*"],
  }),
  // Node.js only, ESM only: the `nada` command, `@nillion/nada/build` and the loader hooks it registers
  // (a module of its own: Node runs it on its loader thread). Dependencies stay external, esbuild included.
  packageBuild({
    entry: {
      cli: "src/cli.ts",
      build: "src/build/index.ts",
      "typescript-hooks": "src/build/typescript-hooks.ts",
    },
    format: ["esm"],
    platform: "node",
    dts: false,
    clean: false,
    splitting: false,
    define: { NADA_VERSION: JSON.stringify(version) },
  }),
];
