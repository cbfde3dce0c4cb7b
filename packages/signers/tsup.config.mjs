import { packageBuild } from "@nillion/tooling/tsup";

export default packageBuild();
