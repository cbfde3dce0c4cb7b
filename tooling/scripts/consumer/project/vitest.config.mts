import { defineConfig } from "vitest/config";

export default defineConfig({ test: { globalSetup: ["@nillion/devnet-test/vitest-setup"] } });
