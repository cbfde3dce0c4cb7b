import { packageProject } from "@nillion/tooling/vitest";

// The programs run on one devnet for the whole run, started by @nillion/devnet-test as a user's suite would.
export default packageProject("examples-nada", { globalSetup: ["./test/global-setup.ts"] });
