import { isNillionError } from "@nillion/types";
import type { RetryEvent } from "@nillion/vm-client";
import { describeValues } from "../support/mixed-values.js";
import type { PairOutcome } from "./run-burst.js";

/** How many failing inputs a failure message shows in full. */
const SHOWN = 5;

/**
 * What went wrong in a run, for the failure message: the seed to replay, a histogram of the errors and
 * retries, and the first failing inputs. Undefined when nothing did.
 */
export function loadFailures(
  replay: string,
  outcomes: readonly PairOutcome[],
  retries: readonly RetryEvent[],
): string | undefined {
  const failed = outcomes.filter((outcome) => outcome.error !== undefined);
  if (failed.length === 0 && retries.length === 0) return undefined;
  const lines = [`replay with ${replay}`];
  if (failed.length > 0) {
    lines.push(
      `${failed.length} of ${outcomes.length} pairs failed:`,
      ...histogram(failed.map((o) => o.error)),
    );
    for (const outcome of failed.slice(0, SHOWN)) {
      lines.push(
        `  burst ${outcome.burst}, ${outcome.who} (${describeValues(outcome.values)}):`,
        `    ${errorText(outcome.error)}`,
      );
    }
  }
  if (retries.length > 0) {
    lines.push(
      `${retries.length} calls were retried, each a failure the client hid:`,
      ...histogram(retries.map((retry) => `${retry.method}: ${errorText(retry.error)}`)),
    );
  }
  return lines.join("\n");
}

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function histogram(items: readonly unknown[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    // Ids and ports differ from call to call; the same failure should count once.
    const key = (typeof item === "string" ? item : errorText(item))
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
      .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `  ${count} × ${key}`);
}

function errorText(error: unknown): string {
  if (isNillionError(error)) return `${error.name} (${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
