// The OS processes of a `processes: true` devnet's nodes, read from /proc: the suite checks that every
// one of them outlives the fuzzing.
import { existsSync, readdirSync, readFileSync } from "node:fs";

/**
 * PIDs of this process's children that run a devnet node (`node-process.js`); undefined where there is
 * no /proc to read them from (the health probes then stand in for the check).
 */
export function devnetNodeProcesses(): number[] | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry, "stat");
    if (stat === undefined) continue;
    // pid (comm) state ppid …: the command may hold spaces and parentheses, so read after the last ")".
    const [, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(ppid) === process.pid && readProc(entry, "cmdline")?.includes("node-process"))
      pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}

/** Whether `pid` is still running (a zombie has exited). */
export function isRunning(pid: number): boolean {
  const stat = readProc(String(pid), "stat");
  return stat !== undefined && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

function readProc(pid: string, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    // The process ended while the directory was read.
    return undefined;
  }
}
