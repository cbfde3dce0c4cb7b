import { packageProject } from "@nillion/tooling/vitest";

// These suites start their own devnets and load the machine on purpose: they run after every other
// project (a later group), one file at a time, so that neither they nor the unit suites see the other's
// load as a fault.
export default packageProject("reliability", {
  sequence: { groupOrder: 1 },
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 60_000,
});
