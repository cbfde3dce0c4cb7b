import { packageBuild } from "@nillion/tooling/tsup";

// One entry per generated file, so users import a proto file by its path:
// `@nillion/proto/nillion/values/v1/store` is `nillion/values/v1/store.proto`.
// Generated modules only declare descriptors (`/*@__PURE__*/`): telling rollup so drops the bare
// `import "./chunk-….js"` lines it would otherwise keep, which bundlers warn about under
// `"sideEffects": false` (the package declares what is true: importing a file runs nothing).
export default packageBuild({ entry: ["src/gen/**/*_pb.ts"], treeshake: { moduleSideEffects: false } });
