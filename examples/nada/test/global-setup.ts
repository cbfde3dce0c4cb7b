// The suites use @nillion/devnet-test's vitest setup exactly as a downstream project does.
import setup from "@nillion/devnet-test/vitest-setup";
import type { TestProject } from "vitest/node";

export default function globalSetup(project: TestProject) {
  return setup(project);
}
