// Failures of a fuzz run, and the report that names each one's seed, input and replay command.
import type { ProcessFault } from "../support/watch-process.js";

/** One input that got an unacceptable answer (or a probe that failed after it). */
export interface FuzzFailure {
  /** The input's id, e.g. `node:457`, or `probe@node:457`. */
  readonly id: string;
  /** What the input was. */
  readonly input: string;
  /** What was wrong with the answer. */
  readonly reason: string;
  /** The body sent, when there was one. */
  readonly body?: Uint8Array;
}

const PREVIEW_BYTES = 96;

/** One line per failure (`id: reason`): what a test compares with `[]`, so that a diff stays readable. */
export function failureLines(failures: readonly FuzzFailure[]): string[] {
  return failures.map((failure) => `${failure.id}: ${failure.reason}`);
}

/**
 * A report of `failures`, grouped by reason (numbers blurred, so one cause is one group), each group
 * with its first input in full: enough to read, and to replay with FUZZ_SEED and FUZZ_INPUT.
 *
 * @example
 * ```ts
 * expect(failureLines(failures), failureReport(seed, failures)).toEqual([]);
 * ```
 */
export function failureReport(seed: number, failures: readonly FuzzFailure[]): string {
  if (failures.length === 0) return "no failures";
  const groups = new Map<string, FuzzFailure[]>();
  for (const failure of failures) {
    const key = failure.reason.replace(/\d+/g, "#");
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  const lines = [`${failures.length} failing input(s) in ${groups.size} group(s), FUZZ_SEED=${seed}:`];
  for (const group of groups.values()) {
    const [first] = group;
    if (first === undefined) continue;
    lines.push(
      `- ${first.reason} (${group.length}×: ${group
        .slice(0, 8)
        .map((f) => f.id)
        .join(", ")}${group.length > 8 ? ", …" : ""})`,
      `  first: ${first.id}: ${first.input}`,
    );
    if (first.body !== undefined) lines.push(`  body (${first.body.length} bytes): ${preview(first.body)}`);
    if (!first.id.includes("@")) lines.push(`  replay: FUZZ_SEED=${seed} FUZZ_INPUT=${first.id}`);
  }
  return lines.join("\n");
}

function preview(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, PREVIEW_BYTES)).toString("hex");
  return bytes.length > PREVIEW_BYTES ? `${hex}…` : hex;
}

/** What a process watcher has recorded so far (`watchProcess()`). */
export interface FaultLog {
  readonly faults: readonly ProcessFault[];
}

/**
 * Blames each fault `log` records on the input that was running when it appeared (a process warning or
 * an uncaught exception is raised before the answer to the input that caused it arrives).
 *
 * @example
 * ```ts
 * const blame = faultBlamer(watchProcess());
 * failures.push(...blame(input.id, input.label));
 * ```
 */
export function faultBlamer(log: FaultLog | undefined): (id: string, input: string) => FuzzFailure[] {
  let seen = log?.faults.length ?? 0;
  return (id, input) => {
    if (log === undefined || log.faults.length === seen) return [];
    const fresh = log.faults.slice(seen);
    seen = log.faults.length;
    return fresh.map((fault) => ({
      id,
      input,
      reason: `the devnet's process saw a ${describeFault(fault)}`,
    }));
  };
}

/** One line for a fault the process watcher caught. */
export function describeFault(fault: ProcessFault): string {
  const error = fault.error as { name?: string; message?: string } | undefined;
  return `${fault.kind}: ${error?.name ?? ""} ${error?.message ?? String(fault.error)}`.slice(0, 300);
}
