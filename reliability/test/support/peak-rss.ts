import fs from "node:fs";

/**
 * The peak resident set of process `pid` in bytes (Linux `VmHWM`), or undefined where `/proc` has no such
 * entry (another OS, or a process that has ended).
 *
 * @example
 * ```ts
 * peakRssBytes(); // this process
 * peakRssBytes(devnet.nodeProcesses[0].pid);
 * ```
 */
export function peakRssBytes(pid: number = process.pid): number | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
}
