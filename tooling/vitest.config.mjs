import { packageProject } from "./vitest/preset.mjs";

export default packageProject("tooling");
