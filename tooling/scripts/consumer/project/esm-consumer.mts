// The ESM-only vitest entries, imported from an ES module.

import { TEST_POLL_INTERVAL_MS, useClient, useDevnet } from "@nillion/devnet-test/vitest";
import setup from "@nillion/devnet-test/vitest-setup";

export const loaded = [setup, TEST_POLL_INTERVAL_MS, useClient, useDevnet];
