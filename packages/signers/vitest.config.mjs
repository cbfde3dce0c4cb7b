import { packageProject } from "@nillion/tooling/vitest";

// Every wallet test signs through a real devnet's threshold built-ins, so each test gets the time of several signings.
export default packageProject("signers", { testTimeout: 120_000, hookTimeout: 120_000 });
