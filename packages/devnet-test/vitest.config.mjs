import { packageProject } from "@nillion/tooling/vitest";

// Every test file of this package runs against one devnet for the run, as a downstream suite would.
export default packageProject("devnet-test", { globalSetup: ["./test/global-setup.ts"] });
