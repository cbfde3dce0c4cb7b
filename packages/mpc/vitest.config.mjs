import { packageProject } from "@nillion/tooling/vitest";

export default packageProject("mpc");
