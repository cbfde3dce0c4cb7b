import { packageProject } from "@nillion/tooling/vitest";

// Each test starts a devnet and a headless Chromium: one file at a time, after the unit suites.
export default packageProject("browser", {
  sequence: { groupOrder: 1 },
  fileParallelism: false,
  testTimeout: 180_000,
  hookTimeout: 180_000,
});
