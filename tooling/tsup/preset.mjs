// Shared tsup settings: every package ships ESM + CJS + declarations for both, built from src/.
// Dependencies stay external (tsup's default), so a package never bundles another layer.

/**
 * @param {import("tsup").Options} [overrides]
 * @returns {import("tsup").Options}
 */
export function packageBuild(overrides = {}) {
  return {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    target: "node20",
    platform: "neutral",
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: true,
    outDir: "dist",
    tsconfig: "tsconfig.build.json",
    ...overrides,
  };
}
