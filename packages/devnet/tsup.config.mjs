import { readFileSync } from "node:fs";
import { packageBuild } from "@nillion/tooling/tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

const NODE_ENTRIES = ["nillion-devnet.js", "node-process.js"];

export default [
  // The library. `shims` gives the CJS build an `import.meta.url`, which locates node-process.js. Its clean
  // step spares the Node-only entries, which the second build writes into the same folder.
  packageBuild({
    platform: "node",
    shims: true,
    clean: NODE_ENTRIES.flatMap((file) => [`!${file}`, `!${file}.map`]),
  }),
  // The `nillion-devnet` command and the body of each `--processes` node: Node only, ESM only.
  packageBuild({
    entry: { "nillion-devnet": "src/cli/nillion-devnet.ts", "node-process": "src/cluster/node-process.ts" },
    format: ["esm"],
    platform: "node",
    dts: false,
    clean: false,
    splitting: false,
    define: { NILLION_DEVNET_VERSION: JSON.stringify(version) },
  }),
];
