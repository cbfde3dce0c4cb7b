import { expect } from "vitest";
import { type FuzzFailure, failureLines, failureReport } from "./fuzz-failures.js";
import type { FuzzSettings } from "./fuzz-settings.js";

/**
 * Asserts that a fuzz run found nothing; otherwise the test fails with one line per failure and the
 * report that groups them and gives each group's replay command.
 */
export function expectNoFailures(settings: FuzzSettings, failures: readonly FuzzFailure[]): void {
  expect(failureLines(failures), failureReport(settings.seed, failures)).toEqual([]);
}
