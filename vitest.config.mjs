import { defineConfig } from "vitest/config";

// One vitest run over every workspace package; each package is a project with its own config.
export default defineConfig({
  test: {
    projects: ["packages/*", "examples/*", "tooling", "reliability", "browser"],
    reporters: ["default", "./tooling/vitest/summary-reporter.mjs"],
  },
});
