// Shared vitest settings for one workspace package (a vitest "project").
import { defineProject } from "vitest/config";

/**
 * @param {string} name the package's short name, shown in test output
 * @param {import("vitest/config").UserWorkspaceConfig["test"]} [test] extra options
 */
export function packageProject(name, test = {}) {
  return defineProject({
    test: {
      name,
      include: ["test/**/*.test.ts", "src/**/*.test.ts"],
      environment: "node",
      testTimeout: 20_000,
      ...test,
    },
  });
}
