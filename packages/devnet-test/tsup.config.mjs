import { packageBuild } from "@nillion/tooling/tsup";

// Three entries: the runner-neutral harness, and the vitest global setup and worker helper, so that test
// files load only the light one.
export default packageBuild({
  platform: "node",
  entry: { index: "src/index.ts", "vitest-setup": "src/vitest-setup.ts", vitest: "src/vitest.ts" },
});
