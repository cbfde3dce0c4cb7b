import { packageBuild } from "@nillion/tooling/tsup";

// One entry per generated file, so users import a proto file by its path:
// `@nillion/proto/nillion/values/v1/store` is `nillion/values/v1/store.proto`.
export default packageBuild({ entry: ["src/gen/**/*_pb.ts"] });
